"""The documents API: the flows through GraphQL with typed errors, lists filtered by routing and confidentiality in
one query whose SQL does not grow with the page (10 and 100), and nothing of one unit reachable from another."""

from datetime import datetime, timedelta

import pytest
from api_support import codes, gql
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from documents_support import HN, incoming_meta, open_registry

from modules.documents.models import Document
from modules.documents.services import actions
from modules.documents.services.inputs import AssignmentInput

PAGE = """query($first: Int) { documents(first: $first) { totalCount edges { node {
  id numberSymbol subject status arrivalNumber assignments { role personId dueAt } attachments { name sha256 }
} } } }"""
REGISTER = """mutation($m: DocumentMetadataInput!) { documentsRegisterIncoming(metadata: $m) {
  document { id status arrivalNumber numberSymbol } errors { field code message } } }"""
COMPLETE = """mutation($id: ID!) { documentsComplete(id: $id) { document { id } errors { field code message } } }"""


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(unit_a):
    return unit_a, open_registry(unit_a)


def _meta(number=12):
    return {"typeCode": "quyet_dinh", "subject": "Về việc kiểm tra", "number": number, "symbol": "QĐ-UBND",
            "issuerName": "UBND tỉnh", "issuedOn": "2026-11-18"}


def test_register_through_the_api_and_a_typed_vietnamese_error(office):
    unit, people = office
    clerk = signed_in(people["clerk"])
    status, body = gql(clerk, REGISTER, {"m": _meta()}, unit=unit)
    payload = body["data"]["documentsRegisterIncoming"]
    assert status == 200 and payload["errors"] == [] and payload["document"]["arrivalNumber"] == 1
    assert payload["document"]["numberSymbol"] == "12/QĐ-UBND"
    status, body = gql(clerk, REGISTER, {"m": {**_meta(), "typeCode": "khong_co"}}, unit=unit)
    assert body["data"]["documentsRegisterIncoming"]["errors"] == [{
        "field": "typeCode", "code": "UNKNOWN_TYPE",
        "message": "Loại văn bản không tồn tại hoặc chưa/không còn hiệu lực: khong_co."}]
    status, body = gql(clerk, COMPLETE, {"id": payload["document"]["id"]}, unit=unit)
    error = body["data"]["documentsComplete"]["errors"][0]
    assert (error["code"], error["field"]) == ("INVALID_TRANSITION", "action")
    assert "Không thể hoàn thành xử lý" in error["message"]
    specialist = signed_in(people["specialist"])
    assert gql(specialist, REGISTER, {"m": _meta(13)}, unit=unit)[1]["data"]["documentsRegisterIncoming"][
        "errors"][0]["code"] == "FORBIDDEN_ROLE"
    with tenant_context(unit):
        assert Document.objects.count() == 1


def _sql(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]


def _queries(client, unit, first: int) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        status, body = gql(client, PAGE, {"first": first}, unit=unit)
    assert status == 200 and "errors" not in body, body
    return len(_sql(captured)), body


def _hundred(unit, people) -> list[int]:
    start = datetime(2026, 11, 2, 8, 0, tzinfo=HN)
    made = []
    with tenant_context(unit):
        for i in range(100):
            at = start + timedelta(minutes=i)
            doc = actions.register_incoming(incoming_meta(i + 1), actor=people["clerk"], at=at)
            if i % 2:
                actions.present(doc.pk, actor=people["clerk"], leader_id=people["leader"].pk, at=at)
                actions.direct(doc.pk, actor=people["leader"], text="Xử lý", at=at, assignments=[
                    AssignmentInput("lead", person_id=people["specialist"].pk, days=3),
                    AssignmentInput("support", department="Văn phòng", days=2)])
            made.append(doc.pk)
    return made


def test_the_sql_of_the_list_does_not_grow_with_its_page_size(office):
    unit, people = office
    _hundred(unit, people)
    client = signed_in(people["leader"])
    _queries(client, unit, 10)  # warm per-process caches
    small, _ = _queries(client, unit, 10)
    full, body = _queries(client, unit, 100)
    edges = body["data"]["documents"]["edges"]
    assert len(edges) == 100 and sum(len(e["node"]["assignments"]) for e in edges) == 100
    assert small == full
    with CaptureQueriesContext(connection) as baseline:
        gql(client, "{ __typename }", unit=unit)
    # Beyond every request's own: the module switch, the caller's roles, the count, the page, its assignments,
    # its attachments.
    assert full - len(_sql(baseline)) <= 6


def test_lists_follow_routing_and_confidentiality(office):
    unit, people = office
    with tenant_context(unit):
        ordinary = actions.register_incoming(incoming_meta(1), actor=people["clerk"])
        secret = actions.register_incoming(incoming_meta(2, confidentiality="mat"), actor=people["clerk"])
        routed = actions.register_incoming(incoming_meta(3), actor=people["clerk"])
        actions.present(routed.pk, actor=people["clerk"], leader_id=people["leader"].pk)
        actions.direct(routed.pk, actor=people["leader"], text="x", assignments=[
            AssignmentInput("lead", person_id=people["specialist"].pk, days=2)])

    def seen(user):
        body = gql(signed_in(user), PAGE, {"first": 50}, unit=unit)[1]
        return {int(e["node"]["id"]) for e in body["data"]["documents"]["edges"]}

    assert seen(people["clerk"]) == {ordinary.pk, secret.pk, routed.pk}  # the secret one: she registered it
    assert seen(people["leader"]) == {ordinary.pk, routed.pk}  # a secret document not presented to him: hidden
    assert seen(people["specialist"]) == {routed.pk}
    assert seen(people["specialist2"]) == set()
    one = "query($id: ID!) { document(id: $id) { id } }"
    assert codes(gql(signed_in(people["specialist"]), one, {"id": str(ordinary.pk)}, unit=unit)[1]) == ["NOT_FOUND"]


def test_overdue_work_is_visible_to_the_leader(office):
    unit, people = office
    with tenant_context(unit):
        late = actions.register_incoming(incoming_meta(1), actor=people["clerk"],
                                         at=datetime(2026, 11, 2, 8, 0, tzinfo=HN))
        actions.present(late.pk, actor=people["clerk"], leader_id=people["leader"].pk)
        actions.direct(late.pk, actor=people["leader"], text="x", at=datetime(2026, 11, 2, 9, 0, tzinfo=HN),
                       assignments=[AssignmentInput("lead", person_id=people["specialist"].pk, days=2)])
        actions.register_incoming(incoming_meta(2), actor=people["clerk"])
        from modules.documents.services.listing import overdue_by_assignee

        assert overdue_by_assignee(people["leader"]) == [
            {"person_id": people["specialist"].pk, "department": "", "late": 1}]
    query = "{ documents(filter: {overdue: true}) { edges { node { id } } } documentsOverdue { personId late } }"
    body = gql(signed_in(people["leader"]), query, unit=unit)[1]
    assert [int(e["node"]["id"]) for e in body["data"]["documents"]["edges"]] == [late.pk]
    assert body["data"]["documentsOverdue"] == [{"personId": str(people["specialist"].pk), "late": 1}]
    assert gql(signed_in(people["specialist2"]), query, unit=unit)[1]["data"]["documentsOverdue"] == []


CREATE = """mutation($m: DocumentMetadataInput!, $s: ID) { documentsCreateOutgoing(metadata: $m, signingAuthorityId: $s) {
  document { id status } errors { field code message } } }"""
STEP = """mutation($id: ID!, $a: DocumentDraftAction, $r: String, $v: DocumentFileInput) {
  documentsDraftStep(id: $id, action: $a, reason: $r, version: $v) { document { status } errors { code message } } }"""
ISSUE = """mutation($id: ID!, $r: [DocumentRecipientInput!]) { documentsIssue(id: $id, recipients: $r) {
  document { numberSymbol status attachments { name sha256 } } errors { field code message } } }"""


def test_the_outgoing_flow_through_the_api(office, unit_b):
    import base64

    unit, people = office
    drafter, leader, clerk = (signed_in(people[r]) for r in ("specialist", "leader", "clerk"))
    body = gql(drafter, CREATE, {"m": {"typeCode": "ke_hoach", "subject": "Kế hoạch chuyển đổi số"},
                                 "s": str(people["leader"].pk)}, unit=unit)[1]
    doc_id = body["data"]["documentsCreateOutgoing"]["document"]["id"]
    pdf = base64.b64encode(b"%PDF-1.7\n%%EOF\n").decode()

    def step(client, **variables):
        result = gql(client, STEP, {"id": doc_id, **variables}, unit=unit)[1]["data"]["documentsDraftStep"]
        return result["errors"] or result["document"]["status"]

    assert step(drafter, v={"name": "kh.pdf", "contentType": "application/pdf", "contentBase64": pdf}) == "DRAFTING"
    assert step(drafter, a="SUBMIT") == "CONTENT_REVIEW"
    assert step(leader, a="RETURN_DRAFT")[0]["code"] == "REQUIRED"
    assert step(leader, a="REVIEW_CONTENT") == "FORMAT_REVIEW"
    assert step(clerk, a="REVIEW_FORMAT") == "AWAITING_APPROVAL"
    assert step(clerk, a="APPROVE")[0]["code"] == "FORBIDDEN_ROLE"
    assert step(leader, a="APPROVE") == "APPROVED"
    assert step(leader, a="SIGN") == "SIGNED"
    refused = gql(clerk, ISSUE, {"id": doc_id, "r": [{"unitCode": unit_b.code}]}, unit=unit)[1]
    assert refused["data"]["documentsIssue"]["errors"][0]["code"] == "RECEIVER_NOT_ENABLED"
    issued = gql(clerk, ISSUE, {"id": doc_id, "r": [{"name": "Sở Nội vụ"}]}, unit=unit)[1]["data"]["documentsIssue"]
    assert issued["errors"] == [] and issued["document"]["numberSymbol"] == "01/KH-91001"
    assert issued["document"]["attachments"][0]["name"] == "01-KH-91001.pdf"
    english = clerk.post("/graphql/", data={"query": STEP, "variables": {"id": doc_id, "a": "SIGN"}},
                         content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="localhost",
                         HTTP_X_EGOV_UNIT=unit.code).json()
    error = english["data"]["documentsDraftStep"]["errors"][0]
    assert error["code"] == "INVALID_TRANSITION" and error["message"].startswith("Cannot ")
