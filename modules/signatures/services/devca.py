"""A development certificate authority: a root CA, a time-stamping authority, the agency's seal certificate and the
signers' certificates, written as PKCS#12 files (with the CA's certificate as PEM) under a directory the ICT
department chooses; with a revocation address, every certificate it issues names its CRL (`<url>/crl`) and OCSP
responder (`<url>/ocsp`), answered by services/devca_revocation.py. For development and tests only: production keys come from a CA licensed under Decree 23/2025
(the government's specialised CA of Decree 68/2024, or a public CA), on a token/HSM or a remote-signing service."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID
from django.utils import timezone

CA_FILE = "ca.pem"
CA_KEY_FILE = "ca.p12"  # the CA's key, to sign CRLs and OCSP responses (development only)
TSA_FILE = "tsa.p12"
AGENCY_FILE = "agency.p12"


@dataclass(frozen=True)
class DevCa:
    directory: Path
    ca: Path
    tsa: Path
    agency: Path
    signers: dict[str, Path]
    passphrase: str


def _key():
    # RSA: what Vietnamese CAs issue, and what pyHanko's development TSA signs with.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _issue(subject: x509.Name, key, issuer: x509.Name, issuer_key, *, start: datetime, days: int, ca: bool = False,
           usage: str = "sign", revocation_url: str = "") -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(start)
               .not_valid_after(start + timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer_key is not key:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
            critical=True)
    else:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=usage == "sign", key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False,
            decipher_only=False), critical=True)
        if usage == "tsa":
            builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        if revocation_url:
            base = revocation_url.rstrip("/")
            builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(f"{base}/crl")], relative_name=None, reasons=None,
                crl_issuer=None)]), critical=False).add_extension(x509.AuthorityInformationAccess([
                    x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                                           x509.UniformResourceIdentifier(f"{base}/ocsp"))]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _p12(path: Path, label: str, key, cert, chain, passphrase: str) -> Path:
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        label.encode(), key, cert, chain, serialization.BestAvailableEncryption(passphrase.encode())))
    path.chmod(0o600)
    return path


def make_dev_ca(directory, *, agency: str, signers: dict[str, str], passphrase: str, unit: str = "",
                organisation: str = "", days: int = 3 * 365, start: datetime | None = None,
                revocation_url: str = "") -> DevCa:
    """The root CA and the TSA in `directory`; the agency's seal (`agency`: its name) and one certificate per signer
    (`signers`: username -> full name) in `directory/unit` (the layout of EGOV_SIGNING_KEYS_DIR), valid `days` from
    `start` (now); with `revocation_url` (an HTTP address serving devca_revocation's CRL and OCSP answers) each
    certificate names it. Existing files of the same names are replaced."""
    directory = Path(directory)
    keys = directory / unit if unit else directory
    keys.mkdir(parents=True, exist_ok=True)
    start = (start or timezone.now()) - timedelta(days=1)
    organisation = organisation or agency
    root_key = _key()
    root_name = _name("CA phát triển egov (không dùng thật)", "egov development")
    root = _issue(root_name, root_key, root_name, root_key, start=start, days=days + 365, ca=True)
    (directory / CA_FILE).write_bytes(root.public_bytes(serialization.Encoding.PEM))
    _p12(directory / CA_KEY_FILE, "ca", root_key, root, None, passphrase)

    def leaf(path: Path, common_name: str, usage: str = "sign") -> Path:
        key = _key()
        cert = _issue(_name(common_name, organisation), key, root_name, root_key, start=start, days=days, usage=usage,
                      revocation_url=revocation_url)
        return _p12(path, common_name, key, cert, [root], passphrase)

    tsa = leaf(directory / TSA_FILE, "Máy chủ cấp dấu thời gian phát triển", usage="tsa")
    seal = leaf(keys / AGENCY_FILE, agency)
    made = {username: leaf(keys / f"{username}.p12", name) for username, name in signers.items()}
    return DevCa(directory, directory / CA_FILE, tsa, seal, made, passphrase)
