"""Revocation by the development CA (services/devca.py): a certificate is revoked by listing its serial number in
`revoked.txt` beside the CA; the CA then answers with a CRL (RFC 5280) and OCSP responses (RFC 6960) signed with its
own key, which an HTTP server hands out at the addresses its certificates name. For development and tests: a
licensed CA runs its own CRL distribution points and OCSP responders."""

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from cryptography.x509 import ocsp
from django.utils import timezone

from modules.signatures.services.devca import CA_KEY_FILE

REVOKED_FILE = "revoked.txt"  # one "serial(hex) revocation-time(ISO 8601)" a line
VALIDITY = timedelta(days=1)  # how long a CRL or OCSP answer stays current (nextUpdate)


@dataclass(frozen=True)
class _Ca:
    key: object
    certificate: x509.Certificate


@lru_cache(maxsize=8)
def _ca(path: str, mtime: float, passphrase: str) -> _Ca:
    key, cert, _extra = pkcs12.load_key_and_certificates(Path(path).read_bytes(), passphrase.encode())
    return _Ca(key, cert)


def _load(directory: Path, passphrase: str) -> _Ca:
    path = Path(directory) / CA_KEY_FILE
    return _ca(str(path), path.stat().st_mtime, passphrase)


def revoked(directory: Path) -> dict[int, datetime]:
    """{serial: when revoked} of the certificates the CA revoked."""
    path = Path(directory) / REVOKED_FILE
    if not path.is_file():
        return {}
    found = {}
    for line in path.read_text().splitlines():
        serial, _sep, when = line.strip().partition(" ")
        if serial:
            found[int(serial, 16)] = datetime.fromisoformat(when)
    return found


def revoke(directory: Path, certificate: x509.Certificate | int, at: datetime | None = None) -> int:
    """The certificate (or serial number) revoked from `at` (now): the next CRL and OCSP answers say so."""
    serial = certificate if isinstance(certificate, int) else certificate.serial_number
    at = at or timezone.now()
    with (Path(directory) / REVOKED_FILE).open("a") as out:
        out.write(f"{serial:x} {at.isoformat()}\n")
    return serial


def crl(directory: Path, passphrase: str, at: datetime | None = None) -> bytes:
    """The CA's current CRL (DER), issued at `at` (now), valid for a day."""
    ca = _load(directory, passphrase)
    at = at or timezone.now()
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca.certificate.subject)
               .last_update(at - timedelta(minutes=1)).next_update(at + VALIDITY)
               .add_extension(x509.CRLNumber(int(at.timestamp())), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
                              critical=False))
    for serial, when in sorted(revoked(directory).items()):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build())
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(Encoding.DER)


def ocsp_response(directory: Path, passphrase: str, request: bytes, at: datetime | None = None) -> bytes:
    """The CA's OCSP answer (DER) to a DER request, signed by the CA itself: good unless revoked; a request that
    cannot be read gets "malformed request"."""
    try:
        asked = ocsp.load_der_ocsp_request(request)
    except ValueError:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST).public_bytes(
            Encoding.DER)
    ca = _load(directory, passphrase)
    at = at or timezone.now()
    when = revoked(directory).get(asked.serial_number)
    builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
        issuer_name_hash=asked.issuer_name_hash, issuer_key_hash=asked.issuer_key_hash,
        serial_number=asked.serial_number, algorithm=asked.hash_algorithm,
        cert_status=ocsp.OCSPCertStatus.REVOKED if when else ocsp.OCSPCertStatus.GOOD,
        this_update=at - timedelta(minutes=1), next_update=at + VALIDITY, revocation_time=when,
        revocation_reason=x509.ReasonFlags.key_compromise if when else None,
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, ca.certificate)
    for extension in asked.extensions:
        if isinstance(extension.value, x509.OCSPNonce):  # echoed, as the client checks
            builder = builder.add_extension(extension.value, critical=False)
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(Encoding.DER)


class RevocationServer:
    """The development CA's CRL (GET /crl) and OCSP responder (POST /ocsp) over HTTP on `host:port` (0: any free
    port); `requests` counts what was asked, by kind. `egov signing dev-revocation` runs one in the foreground;
    tests run one in a thread (`with RevocationServer(...)`)."""

    def __init__(self, directory: Path | None, passphrase: str, host: str = "127.0.0.1", port: int = 0):
        self.directory, self.passphrase = directory, passphrase
        self.requests = {"crl": 0, "ocsp": 0}
        self.ocsp_down = False  # the OCSP responder answering 503 (the CRL still served): tests of the CRL path
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, kind: str, make, content_type: str):
                if outer.directory is None:
                    self.send_error(503)
                    return
                outer.requests[kind] += 1
                body = make()
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path.rstrip("/") != "/crl":
                    self.send_error(404)
                    return
                self._answer("crl", lambda: crl(outer.directory, outer.passphrase), "application/pkix-crl")

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.rstrip("/") != "/ocsp":
                    self.send_error(404)
                    return
                if outer.ocsp_down:
                    self.send_error(503)
                    return
                self._answer("ocsp", lambda: ocsp_response(outer.directory, outer.passphrase, body),
                             "application/ocsp-response")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.url = f"http://{host}:{self.server.server_port}"
        self._thread: threading.Thread | None = None

    def serve_forever(self):
        self.server.serve_forever()

    def __enter__(self):
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
