"""The stand-ins `egov demo` serves beside the platform (modules.onestop.stand_ins) speak the protocols of the one-stop
adapters: a unit pointed at them looks its sample citizens up instead of asking for paper, and takes the dossiers
queued for it on the stand-in portal, acknowledging them; another unit is pointed at nothing."""

import json
import threading
import urllib.request

import pytest
from django_tenants.utils import tenant_context
from onestop_support import open_office

from core.modules.services import get_settings, set_settings
from modules.onestop.services import data_sources, national_portal
from modules.onestop.stand_ins import serve, urls


@pytest.fixture
def stand_ins():
    server, state = serve()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", state
    server.shutdown()
    server.server_close()


def test_a_unit_pointed_at_the_stand_ins_looks_up_data_and_takes_portal_dossiers(unit_a, unit_b, stand_ins):
    base, state = stand_ins
    open_office(unit_a)
    open_office(unit_b, catalogue=False)
    set_settings(unit_a, "onestop", urls(base))
    assert get_settings(unit_a, "onestop")["data_platform_url"] == f"{base}/data"

    with tenant_context(unit_a):
        found = data_sources.look_up("population", "040090000001")
        missing = data_sources.look_up("population", "040099999999")
        portal = national_portal.portal_of_unit()
    assert found.usable and found.reference == "DC-DEMO-0001" and found.data["full_name"] == "Nguyễn Văn Mẫu"
    assert not missing.usable and "không có dữ liệu" in missing.fallback_reason
    with tenant_context(unit_b):  # not pointed at anything: the paper is asked for, no portal
        assert not data_sources.look_up("population", "040090000001").usable
        assert national_portal.portal_of_unit() is None

    queued = {"id": "G22.99-DEMO-1", "procedure_code": "1.001612", "form_data": {},
              "applicant": {"name": "Nguyễn Văn Mẫu", "phone": "0912345678"}, "attachments": []}
    request = urllib.request.Request(f"{base}/portal/units/{unit_a.code}/dossiers", method="POST",
                                     data=json.dumps(queued).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - the local stand-in
        assert answer.status == 201
    assert [d["id"] for d in portal.new_dossiers(unit_a.code)] == ["G22.99-DEMO-1"]
    assert portal.new_dossiers(unit_b.code) == []
    portal.acknowledge("G22.99-DEMO-1", "91001-261207-0001")
    portal.push("G22.99-DEMO-1", {"update_id": "u1", "code": "91001-261207-0001", "status": "received"})
    assert portal.new_dossiers(unit_a.code) == []  # acknowledged: no longer offered
    assert [(e["kind"], e.get("code")) for e in state.log] == [("received", "91001-261207-0001"),
                                                              ("status", "91001-261207-0001")]


def test_the_demo_points_its_units_at_the_stand_ins(make_unit):
    from io import StringIO

    from core.management.commands._demo_accounts import COMMUNE, DISTRICT
    from core.management.commands.demo import Command
    from modules.onestop.services.plans import forget_plans

    forget_plans()
    district = make_unit(DISTRICT, "Huyện Yên Thành", "district")
    commune = make_unit(COMMUNE, "Xã Mã Thành", "commune", parent=DISTRICT)
    Command(stdout=StringIO())._content(stand_ins="http://127.0.0.1:8001")
    for unit in (district, commune):
        onestop = get_settings(unit, "onestop")
        assert (onestop["data_platform_url"], onestop["national_portal_url"]) == (
            "http://127.0.0.1:8001/data", "http://127.0.0.1:8001/portal")
    forget_plans()
