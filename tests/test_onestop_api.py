"""The one-stop API: receiving at the counter and online, the rule book's actions and transfers with typed errors,
work queues and filters, isolation between units, the module switch, and SQL that does not grow with the page."""

import json
from datetime import datetime, timedelta

import pytest
from api_support import add_member, codes, gql, headers, issue_token
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, open_office, receive_at

from core.calendar.status import DeadlineStatus
from core.modules.services import enable, holds_tables
from modules.onestop.models import Channel, Dossier, DossierEvent, Status
from modules.onestop.services import deadlines
from modules.onestop.services.actions import perform
from modules.onestop.services.listing import with_deadline_status
from modules.onestop.services.plans import forget_plans
from modules.procedures.services import adopt_procedure

RECEIVE = """mutation Receive($input: ReceiveDossierInput!) {
  onestopReceiveDossier(input: $input) {
    dossier { code status channel dueAt deadlineStatus availableActions holderUnit { code name }
              steps { index name roleCode } events { action toStatus roleCode actor { username } } }
    errors { field code message }
  }
}"""

SUBMIT = """mutation Submit($input: SubmitDossierOnlineInput!) {
  onestopSubmitDossierOnline(input: $input) {
    receipt { code status procedureName receivedAt dueAt }
    errors { field code message }
  }
}"""

ACT = """mutation Act($code: String!, $action: DossierAction!, $reason: String, $data: GenericScalar) {
  onestopPerformDossierAction(code: $code, action: $action, reason: $reason, data: $data) {
    dossier { code status dueAt currentStep { index roleCode } }
    errors { field code message }
  }
}"""

TRANSFER = """mutation Transfer($code: String!, $toUnit: String, $note: String) {
  onestopTransferDossier(code: $code, toUnit: $toUnit, note: $note) {
    dossier { code status holderUnit { code name } events { action reason } }
    errors { field code message }
  }
}"""

LIST = """query List($queue: DossierQueue, $filter: DossierFilter, $order: DossierOrder, $first: Int) {
  onestopDossiers(queue: $queue, filter: $filter, orderBy: $order, first: $first) {
    totalCount
    edges { node { code status } }
  }
}"""

PAGE = """query Page($first: Int) {
  onestopDossiers(first: $first) {
    edges { node {
      code status channel applicantName receivedAt dueAt deadlineStatus
      assignee { username }
      currentStep { index name }
      steps { index name roleCode dueAt finishedAt }
      events { action fromStatus toStatus at reason actor { username fullName } }
    } }
  }
}"""


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_plans():
    forget_plans()  # each test builds its own catalogue and processes
    yield
    forget_plans()


@pytest.fixture
def office(unit_a):
    return unit_a, open_office(unit_a)


def _applicant(**extra) -> dict:
    return {"procedureCode": PROC, "applicantName": "Nguyễn Văn An", "applicantPhone": "0912 345 678", **extra}


def _payload(body, field):
    assert "errors" not in body, body
    return body["data"][field]


def _codes_in(body) -> list[str]:
    return [e["node"]["code"] for e in body["data"]["onestopDossiers"]["edges"]]


def _in_unit(unit, fn):
    with tenant_context(unit):
        return fn()


# --- receiving -----------------------------------------------------------------------------------------------

def test_a_clerk_receives_a_dossier_and_finds_it_waiting_for_them(office):
    unit, people = office
    clerk = signed_in(people["receiving_officer"])
    status, body = gql(clerk, RECEIVE, {"input": _applicant(data={"diaChi": "Thôn 1"})}, unit=unit)
    payload = _payload(body, "onestopReceiveDossier")
    assert status == 200 and payload["errors"] == []
    dossier = payload["dossier"]
    assert dossier["code"].startswith(f"{unit.code}-") and dossier["code"].endswith("-0001")
    assert (dossier["status"], dossier["channel"], dossier["deadlineStatus"]) == (
        "RECEIVED", "COUNTER", "IN_PROGRESS_ON_TIME")
    assert dossier["holderUnit"] == {"code": unit.code, "name": unit.name}
    assert [s["roleCode"] for s in dossier["steps"]] == ["specialist", "leader"]
    assert dossier["events"] == [{"action": "receive", "toStatus": "RECEIVED", "roleCode": "receiving_officer",
                                  "actor": {"username": people["receiving_officer"].username}}]
    assert "START" in dossier["availableActions"] and "APPROVE" not in dossier["availableActions"]
    stored = _in_unit(unit, lambda: Dossier.objects.get(code=dossier["code"]))
    assert stored.applicant_phone == "0912345678" and stored.data == {"diaChi": "Thôn 1"}

    waiting = gql(clerk, LIST, {"queue": "WAITING_FOR_ME"}, unit=unit)[1]
    assert _codes_in(waiting) == [dossier["code"]]
    specialist = signed_in(people["specialist"])
    assert _codes_in(gql(specialist, LIST, {"queue": "WAITING_FOR_ME"}, unit=unit)[1]) == []

    started = _payload(gql(clerk, ACT, {"code": dossier["code"], "action": "START"}, unit=unit)[1],
                       "onestopPerformDossierAction")
    assert started["errors"] == [] and started["dossier"]["status"] == "IN_PROCESS"
    assert started["dossier"]["currentStep"] == {"index": 0, "roleCode": "specialist"}
    assert _codes_in(gql(specialist, LIST, {"queue": "WAITING_FOR_ME"}, unit=unit)[1]) == [dossier["code"]]
    assert _codes_in(gql(clerk, LIST, {"queue": "WAITING_FOR_ME"}, unit=unit)[1]) == []
    assert _codes_in(gql(clerk, LIST, {"queue": "MINE"}, unit=unit)[1]) == [dossier["code"]]


def test_anyone_may_submit_online_without_an_account(office):
    unit, people = office
    citizen = Client()
    status, body = gql(citizen, SUBMIT, {"input": _applicant(applicantEmail="an@example.vn")}, unit=unit)
    payload = _payload(body, "onestopSubmitDossierOnline")
    assert status == 200 and payload["errors"] == []
    receipt = payload["receipt"]
    assert receipt["status"] == "RECEIVED" and receipt["procedureName"].startswith("Đăng ký thành lập hộ kinh doanh")
    stored = _in_unit(unit, lambda: Dossier.objects.get(code=receipt["code"]))
    assert stored.channel == Channel.ONLINE and stored.assignee is None
    event = _in_unit(unit, lambda: DossierEvent.objects.get(dossier=stored))
    assert (event.action, event.role_code, event.actor_id) == ("receive", "system", None)
    # It waits for a receiving officer.
    clerk = signed_in(people["receiving_officer"])
    assert _codes_in(gql(clerk, LIST, {"queue": "WAITING_FOR_ME"}, unit=unit)[1]) == [receipt["code"]]

    no_phone = _payload(gql(citizen, SUBMIT, {"input": _applicant(applicantPhone=" ")}, unit=unit)[1],
                        "onestopSubmitDossierOnline")
    assert no_phone["receipt"] is None and [(e["field"], e["code"]) for e in no_phone["errors"]] == [
        ("applicantPhone", "REQUIRED")]
    bad_phone = _payload(gql(citizen, SUBMIT, {"input": _applicant(applicantPhone="12345")}, unit=unit)[1],
                         "onestopSubmitDossierOnline")
    assert [(e["field"], e["code"]) for e in bad_phone["errors"]] == [("applicantPhone", "INVALID_PHONE")]
    # An anonymous caller submits, and nothing else: no lists, no counter intake.
    assert codes(gql(citizen, LIST, {}, unit=unit)[1]) == ["UNAUTHENTICATED"]
    assert codes(gql(citizen, RECEIVE, {"input": _applicant()}, unit=unit)[1]) == ["UNAUTHENTICATED"]
    assert _in_unit(unit, Dossier.objects.count) == 1


def test_mistakes_in_the_input_are_typed_errors_and_record_nothing(office):
    unit, people = office
    adopt_procedure(unit, "1.004222", [{"name": "Xử lý", "role": "specialist", "days": 5}])  # counter, online only
    clerk = signed_in(people["receiving_officer"])

    def errors(**fields):
        status, body = gql(clerk, RECEIVE, {"input": _applicant(**fields)}, unit=unit)
        assert status == 200
        payload = _payload(body, "onestopReceiveDossier")
        assert payload["dossier"] is None
        return [(e["field"], e["code"]) for e in payload["errors"]]

    assert errors(procedureCode="9.999999") == [("procedureCode", "PROCEDURE_NOT_HANDLED")]
    assert errors(procedureCode="1.004222", channel="POST") == [("channel", "CHANNEL_NOT_OFFERED")]
    assert errors(applicantName="  ") == [("applicantName", "REQUIRED")]
    assert errors(applicantName="x" * 201) == [("applicantName", "TOO_LONG")]
    assert errors(applicantEmail="not-an-address") == [("applicantEmail", "INVALID_EMAIL")]
    assert errors(data=["not", "an", "object"]) == [("data", "INVALID_DATA")]
    # A channel that does not exist is refused by the schema before anything runs.
    status, body = gql(clerk, RECEIVE, {"input": _applicant(channel="FAX")}, unit=unit)
    assert (status, codes(body)) == (400, ["BAD_USER_INPUT"])
    assert _in_unit(unit, Dossier.objects.count) == 0


def test_a_list_of_procedures_for_the_counter_is_public(office):
    unit, _people = office
    status, body = gql(Client(), """{ onestopProcedures { code name totalDays outdated
        steps { position name roleCode workingDays } channels { channel processingDays } } }""", unit=unit)
    [procedure] = _payload(body, "onestopProcedures")
    assert procedure["code"] == PROC and procedure["totalDays"] == 3 and not procedure["outdated"]
    assert [(s["position"], s["roleCode"], s["workingDays"]) for s in procedure["steps"]] == [
        (1, "specialist", 2), (2, "leader", 1)]
    offered = [{"channel": channel, "processingDays": 3} for channel in ("COUNTER", "ONLINE", "POST")]
    assert procedure["channels"] == offered


# --- actions and transfers -----------------------------------------------------------------------------------

def test_a_forbidden_action_is_a_typed_error_and_changes_nothing(office):
    unit, people = office
    dossier = receive_at(unit, people["receiving_officer"])

    def attempt(role, action, **variables):
        status, body = gql(signed_in(people[role]), ACT, {"code": dossier.code, "action": action, **variables},
                           unit=unit)
        assert status == 200
        payload = _payload(body, "onestopPerformDossierAction")
        assert payload["dossier"] is None
        return [(e["field"], e["code"]) for e in payload["errors"]]

    assert attempt("specialist", "START") == [("action", "FORBIDDEN_ROLE")]
    english = signed_in(people["specialist"]).post(
        "/graphql/", data=json.dumps({"query": ACT, "variables": {"code": dossier.code, "action": "START"}}),
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers(unit)).json()
    assert english["data"]["onestopPerformDossierAction"]["errors"][0]["message"] == (
        "Your roles may not take the action start.")
    assert attempt("leader", "APPROVE") == [("action", "INVALID_TRANSITION")]
    assert attempt("leader", "REFUSE") == [("reason", "REASON_REQUIRED")]
    assert attempt("leader", "TRANSFER") == [("action", "USE_TRANSFER")]
    assert attempt("receiving_officer", "REQUEST_SUPPLEMENT", reason="Thiếu giấy tờ", data={"items": "CCCD"}) == [
        ("data", "INVALID_DATA")]
    assert attempt("receiving_officer", "REQUEST_SUPPLEMENT", reason="Thiếu giấy tờ", data={"items": []}) == [
        ("data", "ITEMS_REQUIRED")]
    body = gql(signed_in(people["leader"]), ACT, {"code": "91001-000000-9999", "action": "START"}, unit=unit)[1]
    assert [(e["field"], e["code"]) for e in body["data"]["onestopPerformDossierAction"]["errors"]] == [
        ("code", "NOT_FOUND")]
    with tenant_context(unit):
        assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED
        assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    # The administrator reads dossiers but takes no action.
    admin = add_member(unit, "admin-a")
    status, body = gql(signed_in(admin), ACT, {"code": dossier.code, "action": "START"}, unit=unit)
    assert codes(body) == ["PERMISSION_DENIED"] and body["data"] == {"onestopPerformDossierAction": None}


def test_the_rule_book_through_the_api_with_its_data(office):
    unit, people = office
    dossier = receive_at(unit, people["receiving_officer"])
    as_ = {role: signed_in(user) for role, user in people.items()}

    def act(role, action, **variables):
        body = gql(as_[role], ACT, {"code": dossier.code, "action": action, **variables}, unit=unit)[1]
        return _payload(body, "onestopPerformDossierAction")

    assert act("receiving_officer", "START")["dossier"]["status"] == "IN_PROCESS"
    bad_extension = act("leader", "EXTEND", reason="Cần xác minh", data={"newDue": "2026-13-45"})
    assert [(e["field"], e["code"]) for e in bad_extension["errors"]] == [("data", "INVALID_DATA")]
    naive = act("leader", "EXTEND", reason="Cần xác minh", data={"newDue": "2027-01-05T10:00:00"})
    assert [e["code"] for e in naive["errors"]] == ["INVALID_DATA"]
    extended = act("leader", "EXTEND", reason="Cần xác minh", data={"days": 2})
    assert extended["errors"] == []
    again = act("leader", "EXTEND", reason="Lần nữa", data={"days": 1})
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("data", "DEADLINE_REFUSED")]
    assert act("specialist", "FORWARD")["dossier"]["currentStep"] == {"index": 1, "roleCode": "leader"}
    assert act("specialist", "FORWARD")["errors"][0]["code"] in {"FORBIDDEN_ROLE", "NO_NEXT_STEP"}
    assert act("leader", "APPROVE")["dossier"]["status"] == "RESULT_READY"
    assert act("result_officer", "RETURN_RESULT")["dossier"]["status"] == "RETURNED"
    history = gql(as_["leader"], """query($code: String!) { onestopDossier(code: $code) {
        deadlineStatus availableActions events { action roleCode reason actor { username } } } }""",
                  {"code": dossier.code}, unit=unit)[1]
    found = _payload(history, "onestopDossier")
    assert [(e["action"], e["roleCode"]) for e in found["events"]] == [
        ("receive", "receiving_officer"), ("start", "receiving_officer"), ("extend", "leader"),
        ("forward", "specialist"), ("approve", "leader"), ("return_result", "result_officer")]
    assert found["events"][2]["reason"] == "Cần xác minh" and found["availableActions"] == []
    assert found["deadlineStatus"] in {"EARLY", "ON_TIME"}


def test_a_transfer_through_the_api(office, unit_b):
    unit, people = office
    open_office(unit_b, catalogue=False)
    dossier = receive_at(unit, people["receiving_officer"])
    with tenant_context(unit):
        perform(dossier.code, "start", actor=people["receiving_officer"])

    def send(role, **variables):
        body = gql(signed_in(people[role]), TRANSFER, {"code": dossier.code, **variables}, unit=unit)[1]
        return _payload(body, "onestopTransferDossier")

    assert [(e["field"], e["code"]) for e in send("specialist", toUnit="00000")["errors"]] == [
        ("toUnit", "UNKNOWN_UNIT")]
    assert [(e["field"], e["code"]) for e in send("specialist")["errors"]] == [("toUnit", "NO_HANDOVER")]
    assert [(e["field"], e["code"]) for e in send("receiving_officer", toUnit=unit_b.code)["errors"]] == [
        (None, "FORBIDDEN_ROLE")]
    sent = send("specialist", toUnit=unit_b.code, note="Chuyển xã B")
    assert sent["errors"] == []
    assert sent["dossier"]["status"] == "TRANSFERRED"
    assert sent["dossier"]["holderUnit"] == {"code": unit_b.code, "name": unit_b.name}
    assert sent["dossier"]["events"][-1] == {"action": "transfer", "reason": "Chuyển xã B"}


# --- lists ---------------------------------------------------------------------------------------------------

def test_filters_and_ordering(office):
    unit, people = office
    clerk = people["receiving_officer"]
    old = receive_at(unit, clerk, datetime(2026, 11, 2, 9, 0, tzinfo=HN), name="Lê Văn Cũ")
    recent = receive_at(unit, clerk, datetime(2026, 11, 18, 9, 0, tzinfo=HN), name="Phạm Thị Mới")
    online = receive_at(unit, clerk, datetime(2026, 11, 19, 9, 0, tzinfo=HN), name="Hoàng Văn Mạng", channel="online")
    with tenant_context(unit):
        perform(recent.code, "start", actor=clerk)
    client = signed_in(people["leader"])

    def listed(**variables):
        return _codes_in(gql(client, LIST, variables, unit=unit)[1])

    assert listed() == [old.code, recent.code, online.code]  # the earliest appointment first
    assert listed(order={"field": "RECEIVED_AT", "direction": "DESC"}) == [online.code, recent.code, old.code]
    assert listed(filter={"status": "IN_PROCESS"}) == [recent.code]
    assert listed(filter={"channel": "ONLINE"}) == [online.code]
    assert listed(filter={"search": "mới"}) == [recent.code]
    assert listed(filter={"search": old.code}) == [old.code]
    assert listed(filter={"procedureCode": PROC, "receivedFrom": "2026-11-18", "receivedTo": "2026-11-18"}) == [
        recent.code]
    assert listed(filter={"deadlineStatus": "OVERDUE"}) == [old.code]  # due 05/11/2026, long past
    assert listed(filter={"procedureCode": "1.000894"}) == []
    status, body = gql(client, LIST, {"first": 101}, unit=unit)
    assert (status, codes(body)) == (400, ["PAGE_TOO_LARGE"])


def test_the_deadline_status_filter_agrees_with_each_dossiers_status(office):
    unit, people = office
    clerk, leader = people["receiving_officer"], people["leader"]
    monday = datetime(2026, 12, 7, 9, 0, tzinfo=HN)  # due Thursday 10/12 09:00
    made = [receive_at(unit, clerk, monday) for _ in range(5)]
    with tenant_context(unit):
        for d in made:
            perform(d.code, "start", actor=clerk, at=monday)
        perform(made[0].code, "approve", actor=leader, at=datetime(2026, 12, 8, 10, tzinfo=HN))   # early
        perform(made[1].code, "approve", actor=leader, at=datetime(2026, 12, 10, 8, tzinfo=HN))   # on time
        perform(made[2].code, "approve", actor=leader, at=datetime(2026, 12, 11, 8, tzinfo=HN))   # late
        perform(made[3].code, "pause", actor=leader, reason="Chờ xác minh", at=datetime(2026, 12, 9, 9, tzinfo=HN))
        for now in (datetime(2026, 12, 8, tzinfo=HN), datetime(2026, 12, 10, 9, tzinfo=HN),
                    datetime(2026, 12, 10, 9, 1, tzinfo=HN), datetime(2026, 12, 30, tzinfo=HN)):
            everything = list(Dossier.objects.all())
            for status in DeadlineStatus.values:
                selected = {d.code for d in with_deadline_status(Dossier.objects.all(), status, now=now)}
                expected = {d.code for d in everything if deadlines.status_of(d, now=now) == status}
                assert selected == expected, (now, status)
        assert deadlines.status_of(Dossier.objects.get(pk=made[3].pk), now=datetime(2026, 12, 30, tzinfo=HN)) == (
            "in_progress_on_time")  # paused before its appointment: the clock stopped


def _sql(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]


def _queries(client, unit, first: int, query: str = PAGE) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        status, body = gql(client, query, {"first": first}, unit=unit)
    assert status == 200 and "errors" not in body, body
    return len(_sql(captured)), body


def test_the_sql_of_a_list_does_not_grow_with_its_page_size(office, unit_b):
    unit, people = office
    clerk = people["receiving_officer"]
    start = datetime(2026, 11, 2, 8, 0, tzinfo=HN)
    with tenant_context(unit):
        for i in range(100):
            dossier = receive_at(unit, clerk, start + timedelta(minutes=i))
            if i % 2:
                perform(dossier.code, "start", actor=clerk, at=start + timedelta(hours=2))
            if i % 10 == 0:  # with another unit now: fetched with the page's other units, once
                Dossier.objects.filter(pk=dossier.pk).update(holder_unit_code=unit_b.code)
    client = signed_in(people["leader"])
    _queries(client, unit, 5)  # warm the per-process caches (content types)
    small, _ = _queries(client, unit, 5)
    large, _ = _queries(client, unit, 50)
    full, body = _queries(client, unit, 100)
    edges = body["data"]["onestopDossiers"]["edges"]
    assert len(edges) == 100 and sum(len(e["node"]["events"]) for e in edges) == 150
    assert small == large == full
    with CaptureQueriesContext(connection) as baseline:
        gql(client, "{ __typename }", unit=unit)
    # Beyond what every request costs: the module switch, the permission, dossiers, steps, events, their people.
    assert full - len(_sql(baseline)) <= 6
    # The units dossiers name (here some are with unit B) cost one query for the whole page; the caller's
    # available actions one more (their roles).
    with_units = PAGE.replace("deadlineStatus", "deadlineStatus holderUnit { code name } originUnit { code }")
    small, _ = _queries(client, unit, 5, with_units)
    full, body = _queries(client, unit, 100, with_units)
    assert small == full and {e["node"]["holderUnit"]["code"] for e in body["data"]["onestopDossiers"]["edges"]} == {
        unit.code, unit_b.code}
    with_actions = PAGE.replace("deadlineStatus", "deadlineStatus availableActions")
    assert _queries(client, unit, 5, with_actions)[0] == _queries(client, unit, 100, with_actions)[0]


# --- isolation and the module switch -------------------------------------------------------------------------

def test_a_member_of_another_unit_sees_nothing_of_this_ones(office, unit_b):
    unit, people = office
    dossier = receive_at(unit, people["receiving_officer"])
    people_b = open_office(unit_b, catalogue=False)
    leader_b = people_b["leader"]
    status, body = gql(signed_in(leader_b), LIST, {}, unit=unit)
    assert (status, body["error"]["code"]) == (403, "NOT_A_MEMBER")
    token = issue_token(signed_in(leader_b), unit=unit_b)
    status, body = gql(Client(), LIST, {}, unit=unit, token=token)
    assert status == 403 and body["error"]["code"] in {"NOT_A_MEMBER", "TOKEN_NOT_FOR_UNIT"}
    own = gql(Client(), LIST, {}, unit=unit_b, token=token)[1]
    assert _payload(own, "onestopDossiers") == {"totalCount": 0, "edges": []}
    status, body = gql(Client(), "query($c: String!) { onestopDossier(code: $c) { code } }", {"c": dossier.code},
                       unit=unit_b, token=token)
    assert codes(body) == ["NOT_FOUND"]


def test_the_fields_answer_module_not_enabled_where_the_module_is_off(office, unit_b):
    unit, _people = office
    enable(unit_b, "catalogue")
    enable(unit_b, "procedures")
    leader_b = add_member(unit_b, "leader-b", roles=("leader", "receiving_officer"))
    client = signed_in(leader_b)
    status, body = gql(client, LIST, {}, unit=unit_b)
    assert status == 200 and codes(body) == ["MODULE_NOT_ENABLED"]
    assert body["errors"][0]["extensions"]["module"] == "onestop" and body["data"] == {"onestopDossiers": None}
    status, body = gql(client, RECEIVE, {"input": _applicant()}, unit=unit_b)
    assert codes(body) == ["MODULE_NOT_ENABLED"] and body["data"] == {"onestopReceiveDossier": None}
    assert codes(gql(Client(), SUBMIT, {"input": _applicant()}, unit=unit_b)[1]) == ["MODULE_NOT_ENABLED"]
    assert not holds_tables(unit_b, "onestop")  # nothing written: the unit has not even the tables
