"""The trust roots signatures are verified against: every certificate (.pem, .crt, .cer; PEM or DER) in the
directory EGOV_SIGNING_TRUST_ROOTS the ICT department keeps (the government's specialised CA of Decree 68/2024,
the licensed public CAs' roots). Read again when a file changes."""

from functools import lru_cache
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

from modules.signatures.services.settings import trust_roots_dir

SUFFIXES = {".pem", ".crt", ".cer", ".der"}


def _certificates(content: bytes) -> list[asn1_x509.Certificate]:
    if pem.detect(content):
        return [asn1_x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(content, multiple=True)]
    return [asn1_x509.Certificate.load(content)]


@lru_cache(maxsize=8)
def _roots(directory: str, stamp: tuple) -> tuple[asn1_x509.Certificate, ...]:
    found = []
    for path in sorted(Path(directory).iterdir()):
        if path.suffix.lower() in SUFFIXES and path.is_file():
            found.extend(_certificates(path.read_bytes()))
    return tuple(found)


def trust_roots(directory: Path | None = None) -> tuple[asn1_x509.Certificate, ...]:
    """The configured roots (none when no directory is set: every signature is then untrusted)."""
    directory = directory or trust_roots_dir()
    if directory is None or not directory.is_dir():
        return ()
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(directory.iterdir()))
    return _roots(str(directory), stamp)
