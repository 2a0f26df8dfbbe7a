"""The keys a unit signs with, as the ICT department configured them: the seal on a PKCS#11 HSM/token when
EGOV_SIGNING_PKCS11_LIBRARY is set (token labelled with the unit's code, key `seal`, its certificate chain on the
token or in EGOV_SIGNING_KEYS_DIR/<unit code>/agency-chain.pem), and the signers' keys there too with
EGOV_SIGNING_PKCS11_SIGNERS (key label: the username; chain on the token or in <username>-chain.pem); a
remote-signing service (EGOV_SIGNING_REMOTE, the credential being the person's username and the unit's code for its
seal); else PKCS#12 files under EGOV_SIGNING_KEYS_DIR/<unit code>/ (<username>.p12, agency.p12)."""

from functools import cache

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from modules.signatures.services.errors import SignaturesCode, SignaturesError
from modules.signatures.services.keys import KeySource, Pkcs12Key, RemoteKey
from modules.signatures.services.pkcs11 import Pkcs11Key
from modules.signatures.services.settings import (
    dev_passphrase,
    keys_dir,
    pkcs11_library,
    pkcs11_pin,
    pkcs11_signers,
    remote_service,
)

AGENCY_FILE = "agency.p12"


@cache
def _remote(path: str):
    return import_string(path)()


def _file_key(unit_code: str, file: str) -> KeySource:
    base = keys_dir()
    path = base / unit_code / file if base else None
    if path is None or not path.is_file():
        raise SignaturesError(SignaturesCode.KEY_UNAVAILABLE, _("Chưa có khóa ký cho %(who)s tại đơn vị %(unit)s.") % {
            "who": file.removesuffix(".p12"), "unit": unit_code}, field="key")
    return Pkcs12Key(path, dev_passphrase())


def _token_key(library: str, unit_code: str, key_label: str, chain_file: str) -> Pkcs11Key:
    base = keys_dir()
    chain = base / unit_code / chain_file if base else None
    return Pkcs11Key(library, unit_code, key_label, pkcs11_pin(),
                     certificates=chain if chain is not None and chain.is_file() else None)


def person_key(unit_code: str, username: str) -> KeySource:
    if path := remote_service():
        return RemoteKey(_remote(path), username)
    if (library := pkcs11_library()) and pkcs11_signers():
        return _token_key(library, unit_code, username, f"{username}-chain.pem")
    return _file_key(unit_code, f"{username}.p12")


def agency_key(unit_code: str) -> KeySource:
    if library := pkcs11_library():
        return _token_key(library, unit_code, "seal", "agency-chain.pem")
    if path := remote_service():
        return RemoteKey(_remote(path), unit_code)
    return _file_key(unit_code, AGENCY_FILE)
