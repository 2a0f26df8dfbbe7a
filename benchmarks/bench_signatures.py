"""Digital signatures (issue 12, parts 1-2): time to sign a 10-page PDF (the signer, then the agency's seal, each
with an RFC 3161 timestamp; PKCS#12 keys from the development CA) and to verify it (both signatures: integrity,
chain, timestamps, difference analysis), p50 and p95 over RUNS runs (targets: sign < 400 ms, verify < 200 ms).

The time-stamping authority is the development one, in-process (EGOV_SIGNING_DEV_TSA): a real TSA adds its network
round trip twice per document. The first signature of a process also loads the font and keys; it is reported alone.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

import weasyprint

from modules.signatures import services

RUNS = 20
PAGES = 10
SIGNER = "Nguyễn Văn An"


def _pdf() -> bytes:
    body = "".join(f"<p>Điều {i}. Nội dung điều {i} của quyết định.</p>" for i in range(1, 12))
    pages = "".join(f"<div style='page-break-after: always'>{body}</div>" for _ in range(PAGES - 1))
    return weasyprint.HTML(string=f"<html><body>{pages}{body}<div style='margin-left:55%;text-align:center'>"
                                  f"<b>CHỦ TỊCH</b><br><br><br><br><b>{SIGNER}</b></div></body></html>").write_pdf()


def _quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as directory:
        ca = services.make_dev_ca(Path(directory), agency="UBND xã Đo Ký", signers={"lanhdao": SIGNER},
                                  passphrase="bench")
        os.environ["EGOV_SIGNING_DEV_TSA"], os.environ["EGOV_SIGNING_PASSPHRASE"] = str(ca.tsa), "bench"
        os.environ.pop("EGOV_SIGNING_TSA_URL", None)
        from modules.signatures.services.trust import trust_roots
        roots = trust_roots(Path(directory))
        signer = services.Party(SIGNER, services.Pkcs12Key(ca.signers["lanhdao"], "bench"))
        agency = services.Party("UBND xã Đo Ký", services.Pkcs12Key(ca.agency, "bench"))
        document = _pdf()
        stamper = services.timestamper()
        started = time.perf_counter()
        signed = services.sign_pdf(document, signer=signer, agency=agency, timestamper=stamper)
        first = time.perf_counter() - started
        signing, verifying = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            signed = services.sign_pdf(document, signer=signer, agency=agency, timestamper=stamper)
            signing.append(time.perf_counter() - started)
        for _ in range(RUNS):
            started = time.perf_counter()
            result = services.verify_pdf(signed, roots=roots)
            verifying.append(time.perf_counter() - started)
        assert result.status == "valid", result.as_dict()
    return [
        (f"Sign a {PAGES}-page PDF, first in the process (font, keys)", f"{first * 1000:.0f} ms"),
        (f"Sign a {PAGES}-page PDF: signer + agency seal + 2 timestamps ({RUNS} runs)", _quantiles(signing)),
        (f"Verify it: 2 signatures, chain, timestamps, changes after signing ({RUNS} runs)", _quantiles(verifying)),
        ("Signed file size", f"{len(document) // 1024} KB -> {len(signed) // 1024} KB"),
    ]
