"""The document page's share button and the printed registers through GraphQL (issue 10, item 5): documentsShare
calls the page's service with its rules; documentsRegisterUrl gives the workspace's download of Appendix IV's
register, fetched with the same bearer token; nothing of one unit reachable from another."""

from datetime import datetime

import pytest
from api_support import add_member, codes, gql, headers, issue_token
from django.test import Client
from django_tenants.utils import tenant_context
from documents_support import HN, incoming_meta, open_registry, outgoing_meta

from modules.documents.models import Access, Document
from modules.documents.services import actions

SHARE = """mutation($id: ID!, $p: ID!) { documentsShare(id: $id, personId: $p) {
  document { id status } errors { field code message } } }"""
WAITING = "{ documentsQueue(queue: WAITING, first: 20) { edges { node { id subject } } } }"
REGISTER_URL = """query($d: DocumentDirection!, $a: Date!, $b: Date!, $x: Boolean, $s: String) {
  documentsRegisterUrl(direction: $d, dateFrom: $a, dateTo: $b, excel: $x, series: $s) }"""


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(unit_a):
    return unit_a, open_registry(unit_a)


def _secret_draft_at_format_review(people) -> Document:
    """A secret outgoing draft past the leader's review: the clerk checks its format only once handed it."""
    at = datetime(2026, 11, 16, 9, 0, tzinfo=HN)
    doc = actions.create_outgoing(outgoing_meta(subject="Kế hoạch bảo vệ bí mật", confidentiality="mat"),
                                  actor=people["specialist"], signing_authority_id=people["leader"].pk, at=at)
    actions.add_version(doc.pk, actor=people["specialist"], note="v1", at=at)
    actions.submit(doc.pk, actor=people["specialist"], at=at)
    actions.review_content(doc.pk, actor=people["leader"], at=at)
    return doc


def _waiting(client, unit) -> list[str]:
    body = gql(client, WAITING, unit=unit)[1]
    return [edge["node"]["subject"] for edge in body["data"]["documentsQueue"]["edges"]]


def _shares(unit, doc) -> list[int]:
    with tenant_context(unit):
        return list(Access.objects.filter(document_id=doc.pk, reason="shared").values_list("person_id", flat=True))


def test_share_hands_a_document_on_and_the_recipient_finds_it_in_their_queue(office, unit_b):
    unit, people = office
    with tenant_context(unit):
        doc = _secret_draft_at_format_review(people)
    clerk, leader = _client(people["clerk"]), _client(people["leader"])
    assert "Kế hoạch bảo vệ bí mật" not in _waiting(clerk, unit)  # secret: the clerk does not see it yet

    # refused, nothing changed: a person of another unit as recipient; a member who does not see the document; a
    # one-stop officer; an id that is no id
    outsider = add_member(unit_b, "van-thu-don-vi-khac", roles=("clerk",))
    body = gql(leader, SHARE, {"id": str(doc.pk), "p": str(outsider.pk)}, unit=unit)[1]
    assert [(e["field"], e["code"]) for e in body["data"]["documentsShare"]["errors"]] == [("personId", "INVALID_DATA")]
    assert body["data"]["documentsShare"]["errors"][0]["message"] == (
        "Người được chọn không phải thành viên phù hợp của đơn vị.")
    body = gql(_client(people["specialist2"]), SHARE, {"id": str(doc.pk), "p": str(people["clerk"].pk)}, unit=unit)[1]
    assert [e["code"] for e in body["data"]["documentsShare"]["errors"]] == ["NOT_FOUND"]
    officer = add_member(unit, "mot-cua-chia-se", roles=("receiving_officer",))
    body = gql(_client(officer), SHARE, {"id": str(doc.pk), "p": str(people["clerk"].pk)}, unit=unit)[1]
    assert [e["code"] for e in body["data"]["documentsShare"]["errors"]] == ["NOT_FOUND"]
    body = gql(leader, SHARE, {"id": str(doc.pk), "p": "abc"}, unit=unit)[1]
    assert [(e["field"], e["code"]) for e in body["data"]["documentsShare"]["errors"]] == [("personId", "INVALID_DATA")]
    assert _shares(unit, doc) == []

    body = gql(leader, SHARE, {"id": str(doc.pk), "p": str(people["clerk"].pk)}, unit=unit)[1]
    assert body["data"]["documentsShare"] == {"document": {"id": str(doc.pk), "status": "FORMAT_REVIEW"},
                                              "errors": []}
    assert _shares(unit, doc) == [people["clerk"].pk]
    assert "Kế hoạch bảo vệ bí mật" in _waiting(clerk, unit)
    with tenant_context(unit):
        assert Document.objects.get(pk=doc.pk).events.filter(action="share").count() == 1


def test_the_register_is_downloaded_with_the_same_token_and_refused_to_others(office, unit_b):
    unit, people = office
    with tenant_context(unit):
        actions.register_incoming(incoming_meta(7), actor=people["clerk"], at=datetime(2026, 11, 3, 8, 0, tzinfo=HN))
    token = issue_token(_client(people["clerk"]), unit=unit)
    script = Client()
    period = {"d": "INCOMING", "a": "2026-11-01", "b": "2026-11-30"}
    url = gql(script, REGISTER_URL, period, unit=unit, token=token)[1]["data"]["documentsRegisterUrl"]
    path = url.split("localhost", 1)[1]
    assert path == "/m/documents/so/den.pdf?tu=2026-11-01&den=2026-11-30"
    pdf = script.get(path, **headers(unit, token=token))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "so-van-ban-den-2026-11-01-2026-11-30.pdf" in pdf["Content-Disposition"]
    url = gql(script, REGISTER_URL, {**period, "d": "OUTGOING", "x": True}, unit=unit, token=token)[1]["data"][
        "documentsRegisterUrl"]
    xlsx = script.get(url.split("localhost", 1)[1], **headers(unit, token=token))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")  # a zip: the Excel workbook

    # one outgoing series, as the CLI's --series
    url = gql(script, REGISTER_URL, {**period, "d": "OUTGOING", "s": "di"}, unit=unit, token=token)[1]["data"][
        "documentsRegisterUrl"]
    assert url.endswith("/m/documents/so/di.pdf?tu=2026-11-01&den=2026-11-30&so=di")
    assert script.get(url.split("localhost", 1)[1], **headers(unit, token=token)).status_code == 200

    # a period backwards, a series the unit has not, a series of incoming documents: a clear error, no address
    body = gql(script, REGISTER_URL, {**period, "a": "2026-12-01"}, unit=unit, token=token)[1]
    assert body["data"]["documentsRegisterUrl"] is None and codes(body) == ["INVALID_ARGUMENT"]
    assert body["errors"][0]["message"] == "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."
    for variables in ({**period, "d": "OUTGOING", "s": "khong-co"}, {**period, "s": "di"}):
        body = gql(script, REGISTER_URL, variables, unit=unit, token=token)[1]
        assert body["data"]["documentsRegisterUrl"] is None and codes(body) == ["INVALID_ARGUMENT"]
        assert body["errors"][0]["message"] == f"Không có sổ văn bản đi mã {variables['s']}."
    assert script.get("/m/documents/so/di.pdf?so=khong-co", **headers(unit, token=token)).status_code == 400
    # a specialist reads documents but does not print the registers, here or at the address
    specialist = _client(people["specialist"])
    assert codes(gql(specialist, REGISTER_URL, period, unit=unit)[1]) == ["FORBIDDEN_ROLE"]
    assert specialist.get(path, **headers(unit)).status_code == 403
    # the clerk of unit B: not a member of A, neither through the API nor at the address
    clerk_b = add_member(unit_b, "van-thu-so-b", roles=("clerk", "leader"))
    other = _client(clerk_b)
    status, body = gql(other, REGISTER_URL, period, unit=unit)
    assert (status, body["error"]["code"]) == (403, "NOT_A_MEMBER")
    token_b = issue_token(other, unit=unit_b)
    assert Client().get(path, **headers(unit, token=token_b)).status_code in (401, 403)
    refused = other.get(path, **headers(unit))
    assert refused.status_code in (302, 403) and b"%PDF" not in refused.content


PEOPLE = "query($k: DocumentPeople!) { documentsPeople(kind: $k) { id name } }"


def test_the_people_the_pages_offer_are_listed_for_the_api_of_this_unit_only(office, unit_b):
    unit, people = office
    people_b = open_registry(unit_b)
    clerk = _client(people["clerk"])
    leaders = gql(clerk, PEOPLE, {"k": "LEADERS"}, unit=unit)[1]["data"]["documentsPeople"]
    assert [p["id"] for p in leaders] == [str(people["leader"].pk)]
    assignable = {p["id"] for p in gql(clerk, PEOPLE, {"k": "ASSIGNABLE"}, unit=unit)[1]["data"]["documentsPeople"]}
    assert assignable == {str(people[r].pk) for r in ("specialist", "specialist2", "leader", "clerk")}
    # a listed person can be shared to; none of unit B's people is listed at A, and B's clerk is refused at A
    assert not assignable & {str(p.pk) for p in people_b.values()}
    status, refused = gql(_client(people_b["clerk"]), PEOPLE, {"k": "LEADERS"}, unit=unit)
    assert status == 403 and refused["error"]["code"] == "NOT_A_MEMBER"
