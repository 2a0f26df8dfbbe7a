"""Printed forms (issue 5, part 4): time to render a dossier's receipt (form 01, A5, with its QR code) as PDF.

The first render of a process also sets up the fonts; it is reported on its own. Then the receipt is rendered
RUNS times; the median is the figure (target < TARGET_MS). For scale, the register (form 06, A4 landscape) of
REGISTER_ROWS dossiers is rendered once.
"""

import statistics
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from django_tenants.utils import tenant_context

from core.modules.services import enable
from modules.catalogue.services import import_sample
from modules.onestop.services.intake import Application, receive
from modules.printing.services import render_form, render_register
from modules.procedures.services.process import adopt_procedure
from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

PROC = "1.001612"
RUNS = 20
REGISTER_ROWS = 100
TARGET_MS = 200
DAY = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _office() -> Unit:
    ensure_template()
    record_units([UnitRecord("B-PRINT", "Xã Đo In", "commune")])
    unit = Unit.objects.get(code="B-PRINT")
    provision_unit(unit)
    unit.refresh_from_db()
    import_sample()
    adopt_procedure(unit, PROC, [{"name": "Thẩm định", "role": "specialist", "days": 2},
                                 {"name": "Ký duyệt", "role": "leader", "days": 1}])
    for module in ("catalogue", "procedures", "onestop", "printing"):
        enable(unit, module)
    return unit


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def run() -> list[tuple[str, str]]:
    unit = _office()
    with tenant_context(unit):
        codes = [receive(Application(PROC, "counter", f"Nguyễn Thị Hường {i}", applicant_phone="0912345678",
                                     data={"address": "Số 12, đường Lê Lợi, phường Trường Thi"}),
                         received_at=DAY).code for i in range(REGISTER_ROWS)]
        t0 = time.perf_counter()
        render_form("01", codes[0])
        first = _ms(t0)
        times = []
        for i in range(RUNS):
            t0 = time.perf_counter()
            content = render_form("01", codes[i % len(codes)])
            times.append(_ms(t0))
        t0 = time.perf_counter()
        register = render_register(DAY.date(), DAY.date())
        register_ms = _ms(t0)
    median = statistics.median(times)
    return [
        ("receipt PDF, first render of the process incl. font set-up (ms)", f"{first:.0f}"),
        (f"receipt PDF render, median of {RUNS} (ms; target < {TARGET_MS})",
         f"{median:.0f} {'OK' if median < TARGET_MS else 'OVER'}"),
        (f"receipt PDF render, slowest of {RUNS} (ms)", f"{max(times):.0f}"),
        ("receipt PDF size (kB)", f"{len(content) / 1024:.0f}"),
        (f"register PDF of {REGISTER_ROWS} dossiers, A4 landscape (ms)", f"{register_ms:.0f}"),
        ("register PDF size (kB)", f"{len(register) / 1024:.0f}"),
    ]
