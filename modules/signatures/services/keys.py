"""Where a signing key lives, behind one interface: `KeySource.signer()` gives pyHanko's Signer.

- `Pkcs12Key`: a PKCS#12 file (development, `egov signing dev-ca`);
- `RemoteKey`: a remote-signing service that signs a hash (the APIs Vietnamese CAs offer for their cloud/"remote"
  signatures): the document never leaves the installation, only the digest of the signed attributes does;
- `Pkcs11Key`: a token or HSM through PKCS#11 (services/pkcs11.py)."""

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils.translation import gettext as _
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from modules.signatures.services.errors import SignaturesCode, SignaturesError


class KeySource(Protocol):
    def signer(self) -> signers.Signer: ...


@dataclass(frozen=True)
class LoadedKey:
    """A private key in memory with its certificate and chain (asn1crypto, as pyHanko wants them)."""

    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: asn1_x509.Certificate
    chain: tuple[asn1_x509.Certificate, ...]

    def sign_digest(self, digest: bytes, digest_algorithm: str) -> bytes:
        algorithm = Prehashed(getattr(hashes, digest_algorithm.upper())())
        if isinstance(self.key, rsa.RSAPrivateKey):
            return self.key.sign(digest, padding.PKCS1v15(), algorithm)
        return self.key.sign(digest, ec.ECDSA(algorithm))

    def signature_size(self) -> int:
        return self.key.key_size // 8 if isinstance(self.key, rsa.RSAPrivateKey) else 2 * self.key.key_size // 8 + 9


@lru_cache(maxsize=64)
def _load_pkcs12(path: str, mtime: float, passphrase: str) -> LoadedKey:
    # Loaded once per file version: parsing and checking an RSA key costs ~90 ms, more than a signature.
    key, cert, extra = pkcs12.load_key_and_certificates(Path(path).read_bytes(), passphrase.encode())
    if key is None or cert is None:
        raise ValueError("no key or certificate")

    def der(c):
        return asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
    return LoadedKey(key, der(cert), tuple(der(c) for c in extra or ()))


def load_pkcs12(path: Path, passphrase: str) -> LoadedKey:
    try:
        return _load_pkcs12(str(path), Path(path).stat().st_mtime, passphrase)
    except (OSError, ValueError) as exc:
        raise SignaturesError(SignaturesCode.KEY_UNAVAILABLE, _("Không mở được khóa ký %(path)s: %(reason)s") % {
            "path": path, "reason": exc}, field="key") from exc


class _DigestSigner(signers.Signer):
    """A pyHanko signer that signs the digest of the signed attributes with `sign(digest, algorithm)`."""

    def __init__(self, certificate, chain, sign, size: int):
        self._sign, self._size = sign, size
        super().__init__(signing_cert=certificate, cert_registry=SimpleCertificateStore.from_certs(chain))

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        if dry_run:  # pyHanko's size estimate: a signature of the right length, nothing signed or sent
            return bytes(self._size)
        return self._sign(hashlib.new(digest_algorithm, data).digest(), digest_algorithm)


@dataclass(frozen=True)
class Pkcs12Key:
    path: Path
    passphrase: str

    def signer(self) -> signers.Signer:
        loaded = load_pkcs12(self.path, self.passphrase)
        return _DigestSigner(loaded.certificate, loaded.chain, loaded.sign_digest, loaded.signature_size())


class RemoteSigningService(Protocol):
    """The adapter a remote-signing provider implements (one per CA's API)."""

    def certificates(self, credential_id: str) -> list[asn1_x509.Certificate]:
        """The signer's certificate first, then its chain."""

    def sign_hash(self, credential_id: str, digest: bytes, digest_algorithm: str) -> bytes:
        """The raw signature of `digest` (already hashed with `digest_algorithm`) by the credential's key; the
        provider may ask its holder to confirm (an app, an OTP) before it answers."""


class LocalRemoteSigning:
    """A stand-in for a CA's remote-signing service, holding PKCS#12 keys by credential id: for tests and
    development. It sees digests only, like the real services."""

    def __init__(self, keys: dict[str, tuple[Path, str]]):
        self._keys = keys
        self.requests: list[tuple[str, str]] = []  # (credential, digest hex): what the service was asked to sign

    def _key(self, credential_id: str) -> LoadedKey:
        if credential_id not in self._keys:
            raise SignaturesError(SignaturesCode.KEY_UNAVAILABLE, _("Dịch vụ ký từ xa không có khóa %(id)s.") % {
                "id": credential_id}, field="key")
        return load_pkcs12(*self._keys[credential_id])

    def certificates(self, credential_id: str) -> list[asn1_x509.Certificate]:
        loaded = self._key(credential_id)
        return [loaded.certificate, *loaded.chain]

    def sign_hash(self, credential_id: str, digest: bytes, digest_algorithm: str) -> bytes:
        self.requests.append((credential_id, digest.hex()))
        return self._key(credential_id).sign_digest(digest, digest_algorithm)


@dataclass(frozen=True)
class RemoteKey:
    service: RemoteSigningService
    credential_id: str

    def signer(self) -> signers.Signer:
        chain = self.service.certificates(self.credential_id)
        size = chain[0].public_key.bit_size // 8 if chain[0].public_key.algorithm == "rsa" else 2 * 66 + 9
        return _DigestSigner(chain[0], chain[1:], lambda digest, algorithm: self.service.sign_hash(
            self.credential_id, digest, algorithm), size)
