"""Reorganisation, a province carried out end to end (`egov reorganise`'s carry_out): part of Nghệ An as it was in 2023
- the province, the districts named by EGOV_BENCH_REORG_DISTRICTS (default 414 Thị xã Thái Hoà and 432 Thị xã Hoàng
Mai: 2 districts, 19 communes, all in the 2025 mapping) - each old unit with DOSSIERS dossiers in progress (received,
started, an address naming a commune), then the shipped 2025 mapping for these units dry-run and carried out: new
units provisioned, every old unit's step (continuing units renamed, ending units' modules carrying their work, people,
messages), districts split between the new communes by address. Reported per old unit and per 1,000 dossiers.

The whole province (about 480 old units, 96,000 dossiers) does not fit this shared 2-CPU machine's benchmark time
(its schemas and dossiers alone take longer to make than to carry): the figures here are the measured subset.
"""

import os
import time

from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules.services import enable
from modules.catalogue.services import import_sample
from modules.onestop.models import Dossier
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.procedures.services.process import adopt_procedure
from tenants.models import Unit
from tenants.services.datasets import load_dataset
from tenants.services.provisioning import provision_unit
from tenants.services.reorganisation import carry_out, dry_run, installed_plan
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

PROVINCE = "40"
DISTRICTS = [c.strip() for c in os.environ.get("EGOV_BENCH_REORG_DISTRICTS", "414,432").split(",") if c.strip()]
DOSSIERS = int(os.environ.get("EGOV_BENCH_REORG_DOSSIERS", "200"))
PROC = "1.001612"
MODULES = ("catalogue", "procedures", "onestop", "portal", "payments", "tracking", "statistics")


def _old_units() -> list[Unit]:
    records = [r for r in load_dataset("vn-2023")
               if r.code == PROVINCE or r.code in DISTRICTS or r.parent_code in DISTRICTS]
    record_units([UnitRecord(r.code, r.name, r.kind, r.parent_code) for r in records])
    ensure_template()
    units = list(Unit.objects.filter(code__in=[r.code for r in records]).select_related("kind").order_by("code"))
    for unit in units:
        provision_unit(unit)
    import_sample()
    for unit in units:
        for module in MODULES:
            enable(unit, module)
        adopt_procedure(unit, PROC, [{"name": "Thẩm định", "role": "specialist", "days": 2},
                                     {"name": "Ký duyệt", "role": "leader", "days": 1}])
    return units


def _fill(units: list[Unit]) -> None:
    clerk = User.objects.create_user("bench-province-clerk")
    communes = [u.name for u in units if u.kind.code in ("commune", "ward", "township")]
    for unit in units:
        grant_membership(clerk, unit, ["receiving_officer", "specialist"])
        with tenant_context(unit):
            for i in range(DOSSIERS):
                # A commune's own name on its dossiers; a district's name the applicant's commune (routed by it).
                place = unit.name if unit.kind.code in ("commune", "ward", "township") else communes[i % len(communes)]
                dossier = receive(Application(PROC, "counter", f"Người nộp {i}", applicant_phone="0912345678",
                                              data={"applicant_address": f"Thôn {i % 9}, {place}"}), actor=clerk)
                perform(dossier.code, "start", actor=clerk)


def _carried() -> int:
    moved = 0
    for unit in Unit.objects.filter(ended_on__isnull=True, code__in=_live_codes()):
        with tenant_context(unit):
            moved += Dossier.objects.exclude(carried_from="").count()
    return moved


def _live_codes() -> list[str]:
    return list(Unit.objects.filter(ended_on__isnull=True).values_list("code", flat=True))


def run() -> list[tuple[str, str]]:
    started = time.perf_counter()
    units = _old_units()
    _fill(units)
    made = time.perf_counter() - started
    today = timezone.localdate()
    plan = installed_plan(PROVINCE, effective_on=today, decision="Nghị quyết đo")
    started = time.perf_counter()
    report = dry_run(plan, today)
    dry = time.perf_counter() - started
    assert report.problems == [], report.problems
    started = time.perf_counter()
    outcome = carry_out(plan, today)
    carried = time.perf_counter() - started
    assert outcome.failed == {}, outcome.failed
    olds = len(plan.old_codes())
    dossiers = olds * DOSSIERS
    moved = _carried()
    connection.set_schema_to_public()
    return [
        ("province subset (Nghệ An 2023: province, districts " + ", ".join(DISTRICTS) + ")",
         f"{olds} old units into {len(plan.units)} ({len(outcome.provisioned)} provisioned), {dossiers} dossiers"),
        ("making the old units and their dossiers (not part of the figure), s", f"{made:.0f}"),
        ("dry run, s", f"{dry:.1f}"),
        ("carried out, s", f"{carried:.1f}"),
        ("carried out, s per old unit", f"{carried / olds:.2f}"),
        ("carried out, s per 1,000 dossiers", f"{carried * 1000 / dossiers:.1f}"),
        ("dossiers moved to a successor (the rest stay: continuing units, review queue)", str(moved)),
        ("whole province at this rate (480 old units, 96,000 dossiers), min", f"{carried / olds * 480 / 60:.1f}"),
    ]
