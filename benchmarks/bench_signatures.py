"""Digital signatures (issue 12, parts 1-2): time to sign a 10-page PDF (the signer, then the agency's seal, each
with an RFC 3161 timestamp; PKCS#12 keys from the development CA) and to verify it (both signatures: integrity,
chain, timestamps, revocation, difference analysis), p50 and p95 over RUNS runs (targets: sign < 400 ms, verify
< 200 ms). Signing is measured at PAdES B-T (signatures and their timestamps only) and at B-LTA (then the chains
and OCSP answers embedded and a document timestamp over them); verification of the B-LTA file from its embedded
data alone, and with the OCSP responder asked again.

The time-stamping authority is the development one, in-process (EGOV_SIGNING_DEV_TSA): a real TSA adds its network
round trip per timestamp (three for B-LTA). The CRL/OCSP responder is the development CA's, over HTTP on 127.0.0.1
(a real CA's is a network round trip away). The first signature of a process also loads the font and keys.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

import weasyprint

from modules.signatures import services
from modules.signatures.services.devca_revocation import RevocationServer

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


def _timed(action) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return times, result


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as directory, RevocationServer(None, "bench") as responder:
        ca = services.make_dev_ca(Path(directory), agency="UBND xã Đo Ký", signers={"lanhdao": SIGNER},
                                  passphrase="bench", revocation_url=responder.url)
        responder.directory = ca.directory
        os.environ["EGOV_SIGNING_DEV_TSA"], os.environ["EGOV_SIGNING_PASSPHRASE"] = str(ca.tsa), "bench"
        os.environ.pop("EGOV_SIGNING_TSA_URL", None)
        os.environ["EGOV_SIGNING_FETCH_REVOCATION"] = "1"
        from modules.signatures.services.trust import trust_roots
        roots = trust_roots(Path(directory))
        signer = services.Party(SIGNER, services.Pkcs12Key(ca.signers["lanhdao"], "bench"))
        agency = services.Party("UBND xã Đo Ký", services.Pkcs12Key(ca.agency, "bench"))
        document = _pdf()
        stamper = services.timestamper()

        def sign(level):
            return services.sign_pdf(document, signer=signer, agency=agency, timestamper=stamper, level=level,
                                     roots=roots)
        started = time.perf_counter()
        sign("B-LTA")
        first = time.perf_counter() - started
        signing_bt, signed_bt = _timed(lambda: sign("B-T"))
        signing, signed = _timed(lambda: sign("B-LTA"))
        os.environ["EGOV_SIGNING_FETCH_REVOCATION"] = "0"
        verifying, result = _timed(lambda: services.verify_pdf(signed, roots=roots))
        assert result.status == "valid" and result.level == "B-LTA", result.as_dict()
        os.environ["EGOV_SIGNING_FETCH_REVOCATION"] = "1"
        fetching, fetched = _timed(lambda: services.verify_pdf(signed, roots=roots))
        assert {s.revocation for s in fetched.signatures} == {"good"}, fetched.as_dict()
    return [
        (f"Sign a {PAGES}-page PDF, first in the process (font, keys), B-LTA", f"{first * 1000:.0f} ms"),
        (f"Sign a {PAGES}-page PDF, B-T: signer + agency seal + 2 timestamps ({RUNS} runs)", _quantiles(signing_bt)),
        (f"Sign it, B-LTA: + OCSP answers and chains in the DSS + document timestamp ({RUNS} runs)",
         _quantiles(signing)),
        (f"Verify the B-LTA file from its embedded data: 2 signatures, document timestamp ({RUNS} runs)",
         _quantiles(verifying)),
        (f"Verify it asking the OCSP responder again ({RUNS} runs)", _quantiles(fetching)),
        ("Signed file size, B-T and B-LTA",
         f"{len(document) // 1024} KB -> {len(signed_bt) // 1024} KB, {len(signed) // 1024} KB"),
    ]
