"""Keys on a PKCS#11 token or HSM (the production choice for an agency's seal): pyHanko's PKCS11Signer over a
session opened once per token and key, kept open for the process. The certificate may live on the token (found by
the key's label) or be given as a file (tokens that hold only keys)."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import signers
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

from modules.signatures.services.errors import SignaturesCode, SignaturesError


def _certificates(path: Path) -> list[asn1_x509.Certificate]:
    content = path.read_bytes()
    if pem.detect(content):
        return [asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(content, multiple=True)]
    return [asn1_x509.Certificate.load(content)]


@lru_cache(maxsize=16)
def _session(library: str, token_label: str, pin: str):
    return open_pkcs11_session(library, token_criteria=TokenCriteria(label=token_label), user_pin=pin)


@dataclass(frozen=True)
class Pkcs11Key:
    library: str  # the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so or the token vendor's
    token_label: str
    key_label: str
    pin: str
    certificates: Path | None = None  # the signer's certificate first, then its chain (PEM); None: from the token

    def signer(self) -> signers.Signer:
        try:
            session = _session(self.library, self.token_label, self.pin)
            chain = _certificates(self.certificates) if self.certificates else []
            signer = PKCS11Signer(session, key_label=self.key_label, cert_label=None if chain else self.key_label,
                                  signing_cert=chain[0] if chain else None, ca_chain=chain[1:],
                                  other_certs_to_pull=())
            signer.signing_cert  # noqa: B018 - loaded now (pyHanko loads lazily): a missing key is refused here
            return signer
        except Exception as exc:  # noqa: BLE001 - a missing library, token, key or a wrong PIN: one answer
            raise SignaturesError(SignaturesCode.KEY_UNAVAILABLE, _("Không dùng được khóa trên thiết bị ký số "
                                  "%(token)s/%(key)s: %(reason)s") % {"token": self.token_label,
                                                                     "key": self.key_label, "reason": exc},
                                  field="key") from exc
