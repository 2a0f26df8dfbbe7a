"""Receipt regardless of administrative boundary (Decree 118/2025/NĐ-CP): a commune's one-stop point receives a
dossier of a provincial procedure, hands it to the competent department through the messages between units, the
department decides, and the commune returns the result; the code and the clock follow the dossier, the look-up
finds it, the statistics count it once for the department and show the commune's receipt apart; a third unit sees
nothing of it."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from api_support import add_member, gql
from django.test import Client
from django_tenants.utils import tenant_context
from onestop_support import HN, deliver_pending, open_office

from core.modules.services import enable
from modules.catalogue.services import import_file
from modules.onestop.models import Dossier, DossierEvent, Status
from modules.onestop.services.actions import perform
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import forget_plans
from modules.onestop.services.receipt_points import receivable_procedures
from modules.procedures.services import adopt_procedure
from modules.statistics.models import DailyFact
from modules.statistics.services.facts import refresh_day
from modules.tracking.services.lookup import lookup
from tenants.messaging.models import OutboxMessage

CRIMINAL_RECORD = "2.000488"  # provincial: 10 calendar days at the counter ("10 Ngày", kể cả ngày nghỉ)
NATIONAL = Path(__file__).parent / "assets" / "catalogue" / "national-flattened.json"
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=HN)


@pytest.fixture
def province(make_unit):
    """Province 95 with its justice department (competent) and a commune (receiving point); commune 96001 of
    another province."""
    forget_plans()
    make_unit("95", "Tỉnh Thử Nghiệm", kind="province")
    department = make_unit("95010", "Sở Tư pháp", kind="department", parent="95")
    commune = make_unit("95001", "Xã Biên Giới", kind="commune", parent="95")
    stranger = make_unit("96001", "Xã Tỉnh Khác", kind="commune")
    department_people = open_office(department)
    import_file(NATIONAL)  # the national export's record of the procedure, with its calendar-day time
    commune_people = open_office(commune, catalogue=False)
    enable(commune, "tracking")
    open_office(stranger, catalogue=False)
    adopt_procedure(department, CRIMINAL_RECORD, [{"name": "Thẩm định", "role": "specialist", "days": 3},
                                                  {"name": "Ký duyệt", "role": "leader", "days": 1}])
    yield department, commune, stranger, department_people, commune_people
    forget_plans()


def at_commune(commune, clerk, when=MONDAY, **fields):
    with tenant_context(commune):
        return receive(Application(CRIMINAL_RECORD, "counter", "Phạm Văn Nam", applicant_phone="0987654321",
                                   competent_unit_code=fields.pop("competent", "95010"), **fields),
                       actor=clerk, received_at=when)


def dossier_at(unit, code) -> Dossier | None:
    with tenant_context(unit):
        return Dossier.objects.filter(code=code).first()


def test_the_commune_point_sees_the_departments_procedures_and_not_another_provinces(province):
    department, commune, stranger, *_ = province
    offered = {(r.unit_code, r.procedure_code) for r in receivable_procedures(commune)}
    assert ("95010", CRIMINAL_RECORD) in offered
    assert all(code != "96001" for code, _ in offered)
    assert not [r for r in receivable_procedures(stranger) if r.unit_code == "95010"]


def test_a_provincial_dossier_received_at_a_commune_is_decided_by_the_department_and_returned_at_the_commune(
        province):
    department, commune, stranger, dept, com = province
    dossier = at_commune(commune, com["receiving_officer"])
    code = dossier.code
    assert code.startswith("95001-261207-")  # the receiving point's code, kept everywhere
    # Ten calendar days from Tuesday 8 December end on Thursday 17th: the clock comes from the department's procedure.
    assert dossier.due_at == datetime(2026, 12, 17, 17, 0, tzinfo=HN)
    assert (dossier.status, dossier.holder_unit_code, dossier.competent_unit_code) == (
        Status.TRANSFERRED, "95010", "95010")

    assert deliver_pending(commune) == ["delivered"]
    there = dossier_at(department, code)
    assert (there.status, there.origin_unit_code, there.transferred_from) == (Status.RECEIVED, "95001", "95001")
    assert there.received_at == dossier.received_at and there.due_at == dossier.due_at  # the clock followed

    # The look-up by code works wherever the dossier is.
    found = lookup(code, "0987654321", client="203.0.113.7")
    assert found.holder_unit_name == "Sở Tư pháp" and found.due_at == dossier.due_at

    decided = MONDAY + timedelta(days=2)
    with tenant_context(department):
        perform(code, "start", actor=dept["receiving_officer"], at=decided)
        perform(code, "forward", actor=dept["specialist"], at=decided)
        perform(code, "approve", actor=dept["leader"], at=decided)
    assert dossier_at(department, code).holder_unit_code == "95001"
    deliver_pending(department)
    back = dossier_at(commune, code)
    assert (back.status, back.holder_unit_code) == (Status.RESULT_READY, "95001")

    with tenant_context(commune):
        perform(code, "return_result", actor=com["result_officer"], at=decided + timedelta(hours=1))
    deliver_pending(commune)
    assert dossier_at(commune, code).status == Status.RETURNED
    closed = dossier_at(department, code)
    assert closed.status == Status.RETURNED and closed.completed_at == decided
    with tenant_context(department):
        assert list(DossierEvent.objects.filter(dossier__code=code).values_list("action", flat=True)) == [
            "receive_transfer", "start", "forward", "approve", "remote:return_result", "returned_at_point"]

    # Counted once: received and resolved at the department; the commune's receipt for it apart.
    for unit in (department, commune, stranger):
        with tenant_context(unit):
            refresh_day(MONDAY.date(), now=decided + timedelta(days=1))
            refresh_day(decided.date(), now=decided + timedelta(days=1))
    facts = {u: list(DailyFact.objects.filter(unit=u, procedure_code=CRIMINAL_RECORD))
             for u in (department, commune, stranger)}
    assert sum(f.received_counter for f in facts[department]) == 1
    assert sum(f.resolved_early + f.resolved_on_time + f.resolved_late for f in facts[department]) == 1
    assert sum(f.received_for_others for f in facts[department]) == 0
    assert sum(f.received_counter + f.resolved_early + f.resolved_on_time for f in facts[commune]) == 0
    assert sum(f.received_for_others for f in facts[commune]) == 1
    assert facts[stranger] == []
    assert dossier_at(stranger, code) is None


def test_a_point_may_not_receive_for_a_unit_outside_its_province_or_not_publishing_the_procedure(province):
    department, commune, stranger, _dept, com = province
    for competent, expected in (("96001", "UNKNOWN_UNIT"), ("95", "UNKNOWN_UNIT")):
        with pytest.raises(OnestopError) as err:
            at_commune(commune, com["receiving_officer"], competent=competent)
        assert (err.value.code, err.value.field) == (expected, "competent_unit")
    with pytest.raises(OnestopError) as err:
        with tenant_context(commune):
            receive(Application("1.001193", "counter", "Phạm Văn Nam", competent_unit_code="95010"),
                    actor=com["receiving_officer"], received_at=MONDAY)
    assert (err.value.code, err.value.field) == ("RECEIVER_NOT_HANDLING", "competent_unit")
    with tenant_context(commune):
        assert not Dossier.objects.exists() and not OutboxMessage.objects.exists()


def test_the_departments_refusal_ends_the_dossier_at_the_commune_with_its_reason(province):
    department, commune, _stranger, dept, com = province
    code = at_commune(commune, com["receiving_officer"]).code
    deliver_pending(commune)
    with tenant_context(department):
        perform(code, "refuse", actor=dept["leader"], reason="Không thuộc đối tượng cấp phiếu")
    deliver_pending(department)
    back = dossier_at(commune, code)
    assert back.status == Status.REFUSED and "Không thuộc đối tượng" in back.reason


RECEIVE = """mutation Receive($input: ReceiveDossierInput!) {
  onestopReceiveDossier(input: $input) {
    dossier { code status competentUnit { code name } originUnit { code } resultDelivery }
    errors { field code }
  }
}"""
RECEIVABLE = "{ onestopReceivableProcedures { unit { code name } procedureCode channels } }"


def test_the_api_receives_for_the_competent_unit_and_lists_what_the_point_may_receive(province):
    department, commune, stranger, _dept, com = province
    client = Client()
    client.force_login(com["receiving_officer"])
    body = gql(client, RECEIVE, {"input": {"procedureCode": CRIMINAL_RECORD, "applicantName": "Phạm Văn Nam",
                                           "competentUnit": "95010", "resultDelivery": "POST"}}, unit=commune)[1]
    got = body["data"]["onestopReceiveDossier"]
    assert got["errors"] == []
    assert got["dossier"]["competentUnit"] == {"code": "95010", "name": "Sở Tư pháp"}
    assert (got["dossier"]["status"], got["dossier"]["resultDelivery"]) == ("TRANSFERRED", "POST")
    bad = gql(client, RECEIVE, {"input": {"procedureCode": CRIMINAL_RECORD, "applicantName": "Phạm Văn Nam",
                                          "competentUnit": "96001"}}, unit=commune)[1]
    assert bad["data"]["onestopReceiveDossier"]["errors"] == [{"field": "competentUnit", "code": "UNKNOWN_UNIT"}]
    listed = gql(client, RECEIVABLE, unit=commune)[1]["data"]["onestopReceivableProcedures"]
    assert {"unit": {"code": "95010", "name": "Sở Tư pháp"}, "procedureCode": CRIMINAL_RECORD,
            "channels": ["COUNTER", "ONLINE", "POST"]} in listed
    stranger_clerk = add_member(stranger, "clerk-96001", roles=("receiving_officer",))
    other = Client()
    other.force_login(stranger_clerk)
    assert not [r for r in gql(other, RECEIVABLE, unit=stranger)[1]["data"]["onestopReceivableProcedures"]
                if r["unit"]["code"] == "95010"]
