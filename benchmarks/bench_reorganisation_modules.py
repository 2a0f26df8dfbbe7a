"""Reorganisation, module side (issue "Administrative reorganisation"): one old commune's DOSSIERS dossiers in
progress, each with its history (received, started), carried into its successor by the modules' `reorganisation_carry`
receivers in one transaction (procedures adopted, dossiers with steps and events, stubs and forwarding addresses);
before it, the dry run (`reorganisation_inventory`). Reported per 1,000 dossiers.
"""

import time
from datetime import date

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules.hooks import send
from core.modules.reorganisation import Successor, reorganisation_carry, reorganisation_inventory
from core.modules.services import enable
from modules.catalogue.services import import_sample
from modules.onestop.models import Dossier
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.procedures.services.process import adopt_procedure
from tenants.models import Unit, UnitSuccession
from tenants.services.provisioning import provision_unit
from tenants.services.template import ensure_template
from tenants.services.units import UnitRecord, record_units

PROC = "1.001612"
DOSSIERS = 200
MODULES = ("catalogue", "procedures", "onestop", "portal", "payments", "tracking", "statistics")


def _units() -> tuple[Unit, Unit]:
    ensure_template()
    record_units([UnitRecord("B-RG-OLD", "Xã cũ đo", "commune"), UnitRecord("B-RG-NEW", "Xã mới đo", "commune")])
    for unit in Unit.objects.filter(code__in=["B-RG-OLD", "B-RG-NEW"]):
        provision_unit(unit)
    import_sample()
    old, new = Unit.objects.get(code="B-RG-OLD"), Unit.objects.get(code="B-RG-NEW")
    for unit in (old, new):
        for module in MODULES:
            enable(unit, module)
    adopt_procedure(old, PROC, [{"name": "Thẩm định", "role": "specialist", "days": 2},
                                {"name": "Ký duyệt", "role": "leader", "days": 1}])  # the new one adopts it on carry
    return old, new


def _fill(old: Unit) -> None:
    clerk = User.objects.create_user("bench-reorg-clerk")
    grant_membership(clerk, old, ["receiving_officer", "specialist"])
    with tenant_context(old):
        for i in range(DOSSIERS):
            dossier = receive(Application(PROC, "counter", f"Người nộp {i}", applicant_phone="0912345678",
                                          data={"applicant_address": f"Thôn {i % 9}"}), actor=clerk)
            perform(dossier.code, "start", actor=clerk)


def run() -> list[tuple[str, str]]:
    old, new = _units()
    _fill(old)
    today = timezone.localdate()
    UnitSuccession.objects.create(predecessor=old, successor=new, kind="full", effective_on=today,
                                  decision="Nghị quyết đo")
    into_new = (Successor(new, "full"),)
    started = time.perf_counter()
    send(reorganisation_inventory, old, successors=into_new, effective=today)
    dry = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        send(reorganisation_carry, old, successors=into_new, effective=date.today())
    carried = time.perf_counter() - started
    with tenant_context(new):
        moved = Dossier.objects.filter(carried_from=old.code).count()
    assert moved == DOSSIERS, f"{moved} of {DOSSIERS} dossiers moved"
    return [
        ("reorganisation: dossiers carried (one old unit, in progress, with history)", str(moved)),
        ("reorganisation: dry run (inventory), seconds", f"{dry:.2f}"),
        ("reorganisation: carry, seconds", f"{carried:.2f}"),
        ("reorganisation: carry, seconds per 1,000 dossiers", f"{carried * 1000 / DOSSIERS:.1f}"),
        ("reorganisation: carry, SQL queries per dossier", f"{len(queries) / DOSSIERS:.1f}"),
    ]
