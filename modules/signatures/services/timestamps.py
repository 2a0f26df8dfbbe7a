"""The time-stamping authority (RFC 3161) every signature is stamped by: EGOV_SIGNING_TSA_URL in production (a
licensed TSA under Decree 23/2025); for development, EGOV_SIGNING_DEV_TSA names the PKCS#12 of the development TSA
made by `egov signing dev-ca`, which then stamps in-process."""

from functools import lru_cache
from pathlib import Path

from asn1crypto import cms, core
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from pyhanko.sign import general, signers
from pyhanko.sign.general import get_pyca_cryptography_hash, simple_cms_attribute
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


class DevTimeStamper(DummyTimeStamper):
    """pyHanko's development TSA with its RSA key parsed once: pyHanko parses and checks it again for every stamp
    (~100 ms, three times per sealed B-LTA document), which real TSAs do not cost."""

    def __init__(self, *, tsa_cert, tsa_key, certs_to_embed=None):
        super().__init__(tsa_cert=tsa_cert, tsa_key=tsa_key, certs_to_embed=certs_to_embed)
        self._loaded = serialization.load_der_private_key(tsa_key.dump(), password=None)

    def _sign_tst_info(self, tst_info_data: bytes, md_algorithm: str, dt):
        # The same signed attributes as pyHanko's (RFC 3161 and RFC 5035), signed with the key loaded once.
        digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
        digest.update(tst_info_data)
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
            simple_cms_attribute("signing_certificate", general.as_signing_certificate(self.tsa_cert)),
            simple_cms_attribute("message_digest", digest.finalize()),
        ])
        signature = self._loaded.sign(signed_attrs.dump(), PKCS1v15(),
                                      get_pyca_cryptography_hash(md_algorithm.upper()))
        return signature, signed_attrs


@lru_cache(maxsize=4)
def _dev_timestamper(path: str, mtime: float, passphrase: str) -> DevTimeStamper:
    tsa = signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase.encode())
    if tsa is None:
        raise SignaturesError(SignaturesCode.TSA_UNAVAILABLE, f"EGOV_SIGNING_DEV_TSA: {path}")
    return DevTimeStamper(tsa_cert=tsa.signing_cert, tsa_key=tsa.signing_key, certs_to_embed=tsa.cert_registry)


def timestamper() -> TimeStamper:
    if url := tsa_url():
        return HTTPTimeStamper(url, timeout=10)
    if path := dev_tsa():
        try:
            mtime = Path(path).stat().st_mtime
        except OSError as exc:
            raise SignaturesError(SignaturesCode.TSA_UNAVAILABLE, f"EGOV_SIGNING_DEV_TSA: {path}") from exc
        return _dev_timestamper(path, mtime, dev_passphrase())
    raise SignaturesError(SignaturesCode.NOT_CONFIGURED, "EGOV_SIGNING_TSA_URL")
