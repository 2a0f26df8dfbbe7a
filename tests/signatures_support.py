"""Helpers of the signature tests: a development CA made once, an RFC 3161 time-stamping authority served over HTTP
by the test (pyHanko's development TSA behind a real socket), and real PDFs made with WeasyPrint."""

import os
import subprocess
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import weasyprint
from asn1crypto import tsp

from modules.signatures import services
from modules.signatures.services import devca_revocation
from modules.signatures.services.timestamps import DevTimeStamper

HN = ZoneInfo("Asia/Ho_Chi_Minh")

PASSPHRASE = "dev-only"
SIGNER = "Nguyễn Văn An"
AGENCY = "Ủy ban nhân dân xã Thử Nghiệm A"
ROOT = Path(__file__).resolve().parent.parent
CA_FROM = datetime(2026, 1, 1, tzinfo=HN)  # module-scoped keys are made outside the suite's fixed clock: cover it


def make_ca(directory: Path, unit: str = "91001", signers: dict | None = None,
            revocation_url: str = "") -> services.DevCa:
    return services.make_dev_ca(directory, agency=AGENCY, unit=unit, passphrase=PASSPHRASE,
                                signers=signers or {"leader-91001": SIGNER}, start=CA_FROM,
                                revocation_url=revocation_url)


def key(ca: services.DevCa, username: str | None = None) -> services.Pkcs12Key:
    return services.Pkcs12Key(ca.signers[username] if username else ca.agency, PASSPHRASE)


def roots(ca: services.DevCa) -> list:
    from modules.signatures.services.trust import trust_roots
    return list(trust_roots(ca.directory))


class RevocationServer(devca_revocation.RevocationServer):
    """The development CA's CRL and OCSP responder over HTTP in a thread, started before the CA is made (its
    certificates name this server's address)."""

    def __init__(self):
        super().__init__(None, PASSPHRASE)

    def make_ca(self, directory: Path, **kwargs) -> services.DevCa:
        """A development CA whose certificates name this server, which then answers for it."""
        made = make_ca(directory, revocation_url=self.url, **kwargs)
        self.directory = made.directory
        return made


class TsaServer:
    """An RFC 3161 TSA on 127.0.0.1: POST a TimeStampReq (application/timestamp-query), get a TimeStampResp."""

    def __init__(self, ca: services.DevCa):
        loaded = services.Pkcs12Key(ca.tsa, PASSPHRASE)
        from modules.signatures.services.keys import load_pkcs12
        tsa = load_pkcs12(loaded.path, PASSPHRASE)
        from asn1crypto import keys
        from cryptography.hazmat.primitives import serialization
        der = tsa.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        stamper = DevTimeStamper(tsa_cert=tsa.certificate, tsa_key=keys.PrivateKeyInfo.load(der),
                                 certs_to_embed=list(tsa.chain))
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests += 1
                answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/tsa"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def pdf(pages: int = 1, signer: str = SIGNER) -> bytes:
    """A decision (quyết định) of `pages` pages whose last page ends with the signature block."""
    body = "".join(f"<p>Điều {i}. Nội dung điều {i} của quyết định thử nghiệm.</p>" for i in range(1, 8))
    filler = "".join(f"<div style='page-break-after: always'><h2>Trang {p}</h2>{body}</div>" for p in
                     range(1, pages))
    html = (f"<html><body>{filler}<h1>QUYẾT ĐỊNH</h1>{body}<div style='margin-left:55%;text-align:center'>"
            f"<b>CHỦ TỊCH</b><br><br><br><br><br><b>{signer}</b></div></body></html>")
    return weasyprint.HTML(string=html).write_pdf()


def decision_pdf(signer: str = SIGNER) -> bytes:
    """A decision laid out as Decree 30 Appendix I has it: "Số:" and the date line left blank for the issue."""
    header = ("<table style='width:100%'><tr><td style='text-align:center'>ỦY BAN NHÂN DÂN<br>XÃ THỬ NGHIỆM A<br>"
              "Số:&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/QĐ-UBND</td><td style='text-align:center'><b>CỘNG HÒA XÃ HỘI "
              "CHỦ NGHĨA VIỆT NAM</b><br>Độc lập - Tự do - Hạnh phúc<br><i>Thử Nghiệm A, ngày&nbsp;&nbsp;&nbsp;&nbsp;"
              " tháng&nbsp;&nbsp;&nbsp;&nbsp; năm 2026</i></td></tr></table>")
    return weasyprint.HTML(string=f"<html><body>{header}<h1>QUYẾT ĐỊNH</h1><p>Điều 1. Nội dung.</p>"
                                  f"<div style='margin-left:55%;text-align:center'><b>CHỦ TỊCH</b><br><br><br><br>"
                                  f"<br><b>{signer}</b></div></body></html>").write_pdf()


def pdfsig(path: Path) -> str:
    """poppler's pdfsig report of the file (installed by scripts/install-poppler.sh when missing, as root)."""
    def found():
        return subprocess.run(["sh", "-c", "command -v pdfsig"], capture_output=True).returncode == 0
    if not found() and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(["sh", str(ROOT / "scripts" / "install-poppler.sh")], check=False, timeout=900)
    if not found():
        pytest.fail("pdfsig (poppler-utils) is needed to check signatures with an independent validator: install it "
                    "as root with `sh scripts/install-poppler.sh` (apt-get install -y poppler-utils).", pytrace=False)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


class RemoteStandIn(services.LocalRemoteSigning):
    """The remote-signing stand-in as EGOV_SIGNING_REMOTE names it (built without arguments): the credentials are
    the PKCS#12 files under EGOV_SIGNING_KEYS_DIR/91001/ (username, or the unit's code for its seal)."""

    def __init__(self):
        base = Path(os.environ["EGOV_SIGNING_KEYS_DIR"]) / "91001"
        super().__init__({"leader-91001": (base / "leader-91001.p12", PASSPHRASE),
                          "91001": (base / "agency.p12", PASSPHRASE)})
