"""The time-stamping authority (RFC 3161) every signature is stamped by: EGOV_SIGNING_TSA_URL in production (a
licensed TSA under Decree 23/2025); for development, EGOV_SIGNING_DEV_TSA names the PKCS#12 of the development TSA
made by `egov signing dev-ca`, which then stamps in-process."""

from pyhanko.sign import signers
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from core.env import env
from modules.signatures.services.errors import SignaturesCode, SignaturesError
from modules.signatures.services.settings import dev_passphrase


def tsa_url() -> str:
    return env("EGOV_SIGNING_TSA_URL", "", "Địa chỉ HTTP(S) của máy chủ cấp dấu thời gian RFC 3161 dùng khi ký số. / "
               "The RFC 3161 time-stamping authority's URL used for every signature.") or ""


def dev_tsa() -> str:
    return env("EGOV_SIGNING_DEV_TSA", "", "Chỉ cho phát triển: tệp tsa.p12 do `egov signing dev-ca` tạo, cấp dấu thời "
               "gian ngay trong tiến trình khi chưa đặt EGOV_SIGNING_TSA_URL. / Development only: the dev CA's "
               "tsa.p12, stamping in-process when EGOV_SIGNING_TSA_URL is unset.") or ""


def timestamper() -> TimeStamper:
    if url := tsa_url():
        return HTTPTimeStamper(url, timeout=10)
    if path := dev_tsa():
        tsa = signers.SimpleSigner.load_pkcs12(path, passphrase=dev_passphrase().encode())
        if tsa is None:
            raise SignaturesError(SignaturesCode.TSA_UNAVAILABLE, f"EGOV_SIGNING_DEV_TSA: {path}")
        return DummyTimeStamper(tsa_cert=tsa.signing_cert, tsa_key=tsa.signing_key, certs_to_embed=tsa.cert_registry)
    raise SignaturesError(SignaturesCode.NOT_CONFIGURED, "EGOV_SIGNING_TSA_URL")
