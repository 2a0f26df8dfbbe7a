"""The demo's reorganisation (`egov demo --reorganise`): the provisioned Nghệ An pilot with a dossier received in Xã Mã
Thành is taken into its 2025 shape; the dossier is then in Xã Bình Minh under its old code, the citizen's look-up by
that code names Bình Minh, its staff (carried over with their roles) open it in Bình Minh's workspace, and the other
units neither hold nor show it; every unit serving citizens afterwards looks data up at the demo's stand-ins. Done
once: a second run changes nothing, and finds the staff and points the units at the stand-ins again (on its port)."""

from datetime import date
from io import StringIO

import pytest
from api_support import gql
from committed import transactional_db_committed  # noqa: F401 - committed: the pilot's 78 schemas are too many locks
from django.core.management import call_command
from django.test import Client
from django_tenants.utils import tenant_context
from onestop_support import open_office, receive_at
from workspace_support import UnitClient

from core.management.commands._demo_accounts import COMMUNE
from core.management.commands._demo_reorganise import reorganise_pilot, successor_of
from core.management.commands.demo import PILOT_FILE, Command
from core.modules.services import enable, get_settings, holds_tables, is_enabled
from modules.onestop.models import Dossier
from modules.tracking.services import throttle
from modules.tracking.services.lookup import lookup
from tenants.models import CarriedMembership, Unit, UnitStatus

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)
SUCCESSOR = "17515"  # Xã Bình Minh (2025) takes Mã Thành whole (deploy/demo/nghe-an-2025.csv)
OTHER = "17098"  # a commune of Quỳnh Lưu, far from it
PHONE = "0912345678"
CLIENT = "198.51.100.31"
STAND_INS = "http://127.0.0.1:8001"  # `egov demo`'s on its default port


def _stand_ins_of_serving_units() -> dict[str, tuple[str, str]]:
    """{code: (data platform, national portal)} of the units serving now that have the one-stop module on."""
    serving = Unit.objects.filter(ended_on__isnull=True, status=UnitStatus.READY)
    return {u.code: (get_settings(u, "onestop")["data_platform_url"], get_settings(u, "onestop")["national_portal_url"])
            for u in serving if is_enabled(u, "onestop")}


@pytest.fixture
def pilot(transactional_db):
    call_command("provision", file=str(PILOT_FILE), verbosity=0, stdout=StringIO())
    commune = Unit.objects.get(code=COMMUNE)
    staff = open_office(commune, people_suffix="demo-reorg")
    enable(commune, "tracking")
    dossier = receive_at(commune, staff["receiving_officer"])
    yield commune, staff, dossier
    throttle.ATTEMPTS_PER_CLIENT.forget(CLIENT)
    throttle.FAILED_PER_CODE.forget(dossier.code)
    throttle.FAILED_PER_PHONE.forget(PHONE)


def test_the_pilot_is_reorganised_and_a_dossier_received_before_is_found_by_its_old_code(pilot):
    commune, staff, dossier = pilot
    demo = Command(stdout=StringIO())
    demo._point_at_stand_ins(STAND_INS)  # as `egov demo` before it reorganises: its units, its accounts
    demo._demo_accounts()
    assert reorganise_pilot(StringIO(), TODAY, verbosity=0)

    ended, successor = Unit.objects.get(code=COMMUNE), Unit.objects.get(code=SUCCESSOR)
    assert (ended.status, ended.ended_on) == (UnitStatus.ARCHIVED, TODAY) and successor.ended_on is None
    assert successor_of(COMMUNE) == SUCCESSOR and successor_of(SUCCESSOR) == SUCCESSOR
    assert Unit.objects.filter(ended_on__isnull=True, parent__code="40", kind__code="commune").count() == 16
    with tenant_context(successor):
        moved = Dossier.objects.get(code=dossier.code)
    assert moved.carried_from == COMMUNE and moved.due_at == dossier.due_at
    # The citizen's look-up by the old code, and through the platform's API, names the unit that holds it now.
    assert lookup(dossier.code, PHONE, client=CLIENT).holder_unit_name == successor.name
    status, body = gql(Client(), "query($c: String!, $p: String!) { trackingDossier(code: $c, phone: $p) { "
                                 "holderUnitName } }", {"c": dossier.code, "p": PHONE})
    assert status == 200 and body["data"]["trackingDossier"]["holderUnitName"] == successor.name, body
    # Mã Thành's officer now works in Bình Minh with the same role, and opens the dossier in its workspace.
    officer = staff["receiving_officer"]
    carried = CarriedMembership.objects.get(user=officer, from_unit=ended)
    assert carried.to_unit == successor and carried.roles == ["receiving_officer"]
    page = UnitClient(successor, officer).get(f"/m/onestop/ho-so/{dossier.code}/")
    assert page.status_code == 200 and dossier.code in page.content.decode()
    assert UnitClient(Unit.objects.get(code=OTHER), officer).get(f"/m/onestop/ho-so/{dossier.code}/").status_code \
        in (302, 403, 404)  # not a member there
    other = Unit.objects.get(code=OTHER)  # holds no copy: no one-stop tables at all, or none of it in them
    if holds_tables(other, "onestop"):
        with tenant_context(other):
            assert not Dossier.objects.filter(code=dossier.code).exists()

    # Every unit serving citizens now looks data up and takes portal dossiers at the stand-ins: Bình Minh took the
    # one-stop module and its settings from Mã Thành.
    assert _stand_ins_of_serving_units() == {SUCCESSOR: (f"{STAND_INS}/data", f"{STAND_INS}/portal")}

    # Run again (a second `egov demo --reorganise`): nothing happens.
    out = StringIO()
    assert not reorganise_pilot(out, TODAY, verbosity=0) and "already" in out.getvalue()
    # ... and a later `egov demo` (here on port 9000) finds the staff where they work now and points the units
    # serving now at its stand-ins.
    accounts = {line.split()[0]: line for line in demo._demo_accounts()}
    assert f"{SUCCESSOR} {successor.name}" in accounts["xa-tiepnhan"]
    assert f"{successor_of('426')} " in accounts["huyen-tiepnhan"] and successor_of("426") != "426"
    assert "which carries the district on" in accounts["xa-chuyenvien"]  # the banner names no ended district
    assert demo._point_at_stand_ins("http://127.0.0.1:9001") == 1
    assert _stand_ins_of_serving_units() == {SUCCESSOR: ("http://127.0.0.1:9001/data", "http://127.0.0.1:9001/portal")}
