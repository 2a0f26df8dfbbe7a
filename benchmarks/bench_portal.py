"""Citizen portal figures (issue "The web front for people", item 3), through Django's full stack (middleware,
session, templates), REQUESTS times each, p50 and p95 in ms:

(a) search without tone marks over a catalogue of PROCEDURES procedures: on the platform (the whole catalogue) and on a
    unit's portal (ADOPTED of them handled by the unit); the SQL queries of one search page;
(b) a procedure's page;
(c) an online submission with a 1 MB PDF (limits lifted for the run), to the receipt's redirect.

Tone folding is done in Python on every search (the embedded PostgreSQL has no unaccent): (a) is its cost.
"""

import json
import statistics
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.modules.services import enable
from core.rate_limits import RateLimit
from modules.catalogue.services import import_records, import_sample
from modules.onestop.services import online_limits
from modules.portal.services import limits
from modules.procedures.services.process import adopt_procedure
from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

PROC = "1.001612"
PROCEDURES = 2_000
ADOPTED = 200
REQUESTS = 40
STEPS = [{"name": "Thẩm định", "role": "specialist", "days": 2}, {"name": "Ký duyệt", "role": "leader", "days": 1}]
WORDS = ("cấp", "đổi", "điều chỉnh", "gia hạn", "thu hồi", "xác nhận", "đăng ký", "thẩm định", "phê duyệt", "công nhận")
OBJECTS = ("giấy phép kinh doanh", "hộ kinh doanh", "nhà ở", "công trình", "hợp tác xã", "trang trại", "giấy chứng nhận",
           "cơ sở giáo dục", "phương tiện", "chứng chỉ hành nghề", "quyền sử dụng đất", "dịch vụ lưu trú")
PDF = b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"


def _records() -> list[dict]:
    sample = json.loads((Path(__file__).resolve().parents[1] / "modules/catalogue/data/sample-procedures.json")
                        .read_text(encoding="utf-8"))
    model = next(r for r in sample if r["ma_thu_tuc"] == PROC)
    out = []
    for i in range(PROCEDURES):
        name = f"{WORDS[i % len(WORDS)].capitalize()} {OBJECTS[(i // len(WORDS)) % len(OBJECTS)]} loại {i}"
        out.append({**model, "ma_thu_tuc": f"9.{i:06d}", "ten_thu_tuc": name})
    return out


def _unit() -> Unit:
    ensure_template()
    record_units([UnitRecord("B-PORTAL", "Xã đo cổng dịch vụ công", "commune")])
    unit = Unit.objects.get(code="B-PORTAL")
    provision_unit(unit)
    import_sample()
    import_records(_records())
    for module in ("catalogue", "procedures", "onestop", "portal"):
        enable(unit, module)
    adopt_procedure(unit, PROC, STEPS)
    for i in range(ADOPTED - 1):
        adopt_procedure(unit, f"9.{i:06d}", STEPS)
    return unit


def _timed(request) -> tuple[float, float]:
    request()  # warm
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        request()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def _get(client: Client, path: str, **params):
    def request():
        response = client.get(path, params)
        assert response.status_code == 200, (path, response.status_code)
    return request


def run() -> list[tuple[str, str]]:
    # No limit may refuse the benchmark's own requests.
    limits.SEARCHES = RateLimit("bench-portal-search", 10**9, 60)
    limits.SUBMISSION_ATTEMPTS = RateLimit("bench-portal-submit", 10**9, 600)
    online_limits.PER_CLIENT = RateLimit("bench-online-client", 10**9, 600)
    online_limits.PER_PHONE = RateLimit("bench-online-phone", 10**9, 3600)
    unit = _unit()
    platform = Client(HTTP_HOST="localhost")
    portal = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)
    query = {"q": "dang ky ho kinh doanh"}
    figures = [("procedures in the catalogue / handled by the unit", f"{PROCEDURES + 8:,} / {ADOPTED}")]
    p50, p95 = _timed(_get(platform, "/m/portal/", **query))
    figures.append(("province search, tone-less, p50 / p95 (ms)", f"{p50:.1f} / {p95:.1f}"))
    p50, p95 = _timed(_get(portal, "/m/portal/", **query))
    figures.append(("unit portal search, tone-less, p50 / p95 (ms)", f"{p50:.1f} / {p95:.1f}"))
    with CaptureQueriesContext(connection) as seen:
        _get(portal, "/m/portal/", **query)()
    figures.append(("SQL queries of a unit's search page", str(len(seen))))
    p50, p95 = _timed(_get(portal, f"/m/portal/thu-tuc/{PROC}/"))
    figures.append(("procedure page p50 / p95 (ms)", f"{p50:.1f} / {p95:.1f}"))

    def submit():
        response = portal.post(f"/m/portal/thu-tuc/{PROC}/nop/", {
            "applicant_name": "Công dân đo", "applicant_phone": "0912345678",
            "tep": [SimpleUploadedFile("giay-to.pdf", PDF, "application/pdf")]})
        assert response.status_code == 302, response.content[:300]

    p50, p95 = _timed(submit)
    figures.append(("online submission with a 1 MB PDF, p50 / p95 (ms)", f"{p50:.1f} / {p95:.1f}"))
    figures.append(("citizen's operations for a typical online submission (tests/test_portal_browser.py)",
                    "3 field entries, 4 clicks, 1 file"))
    return figures
