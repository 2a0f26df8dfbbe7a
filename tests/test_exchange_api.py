"""The exchange through GraphQL: each recipient's status of an outgoing document, an envelope received from outside
into the inbox of arrivals and registered, take-back; errors typed, in Vietnamese (English with Accept-Language)."""

import base64

import pytest
from api_support import gql as _gql
from django.test import Client
from django_tenants.utils import tenant_context
from documents_support import issue_one, open_registry
from exchange_support import envelope
from test_exchange_units import deliver_all

from modules.documents.edxml import build
from modules.documents.services.inputs import RecipientInput

RECIPIENTS = """query($id: ID!) { documentRecipients(id: $id) { name unitCode statusCode status statusAt } }"""
RECEIVE = """mutation($c: String!) { documentsReceiveEdxml(contentBase64: $c) { arrival { id code sender subject }
  errors { field code message } } }"""
REGISTER = """mutation($id: ID!) { documentsRegisterArrival(id: $id) { document { id numberSymbol status arrivalNumber }
  errors { code message } } }"""
TAKE_BACK = """mutation($id: ID!, $u: String!) { documentsTakeBack(id: $id, unitCode: $u, reason: "Gửi nhầm") {
  recipient { unitCode statusCode status } errors { field code message } } }"""


def gql(*args, **kwargs) -> dict:
    status, body = _gql(*args, **kwargs)
    assert status == 200, body
    return body


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def offices(unit_a, unit_b):
    return (unit_a, open_registry(unit_a)), (unit_b, open_registry(unit_b))


def test_the_sender_sees_each_recipients_status_and_takes_a_document_back(offices):
    (a, sender), (b, _receiver) = offices
    with tenant_context(a):
        issued = issue_one(sender, recipients=[RecipientInput("", unit_code=b.code), RecipientInput("Bộ Nội vụ")])
    deliver_all(a, b)
    clerk = signed_in(sender["clerk"])
    body = gql(clerk, RECIPIENTS, {"id": str(issued.pk)}, unit=a)
    rows = body["data"]["documentRecipients"]
    assert [(r["unitCode"], r["statusCode"], r["status"]) for r in rows] == [
        (b.code, "03", "Đã vào sổ"), ("", "", "")]
    body = gql(clerk, TAKE_BACK, {"id": str(issued.pk), "u": b.code}, unit=a)
    assert body["data"]["documentsTakeBack"]["recipient"] == {"unitCode": b.code, "statusCode": "13",
                                                               "status": "Đã yêu cầu lấy lại"}
    deliver_all(a, b)
    rows = gql(clerk, RECIPIENTS, {"id": str(issued.pk)}, unit=a)["data"]["documentRecipients"]
    assert rows[0]["statusCode"] == "15"
    # The specialist who is not routed to it does not see it.
    body = gql(signed_in(sender["specialist2"]), RECIPIENTS, {"id": str(issued.pk)}, unit=a)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_an_envelope_received_from_outside_waits_in_the_inbox_then_is_registered(offices):
    (a, people), (b, others) = offices
    clerk = signed_in(people["clerk"])
    content = base64.b64encode(build(envelope(to=a.code))).decode()
    arrival = gql(clerk, RECEIVE, {"c": content}, unit=a)["data"]["documentsReceiveEdxml"]["arrival"]
    assert arrival["code"] == "12/QĐ-UBND" and arrival["sender"] == "000.00.00.H42"
    assert [x["id"] for x in gql(clerk, "{ documentArrivals { id } }", unit=a)["data"]["documentArrivals"]] == [
        arrival["id"]]
    assert gql(signed_in(others["clerk"]), "{ documentArrivals { id } }", unit=b)["data"]["documentArrivals"] == []
    document = gql(clerk, REGISTER, {"id": arrival["id"]}, unit=a)["data"]["documentsRegisterArrival"]["document"]
    assert (document["numberSymbol"], document["status"], document["arrivalNumber"]) == ("12/QĐ-UBND",
                                                                                         "REGISTERED", 1)
    # Addressed to another unit, or broken: refused with the element named, nothing kept.
    other = base64.b64encode(build(envelope(to=b.code))).decode()
    errors = gql(clerk, RECEIVE, {"c": other}, unit=a)["data"]["documentsReceiveEdxml"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("To", "NOT_ADDRESSED")]
    broken = base64.b64encode(build(envelope(to=a.code)).replace(b"2026/11/18", b"2026/13/18")).decode()
    errors = gql(clerk, RECEIVE, {"c": broken}, unit=a)["data"]["documentsReceiveEdxml"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("PromulgationDate", "INVALID_ENVELOPE")]
    assert "PromulgationDate" in errors[0]["message"]
    assert gql(clerk, "{ documentArrivals { id } }", unit=a)["data"]["documentArrivals"] == []
