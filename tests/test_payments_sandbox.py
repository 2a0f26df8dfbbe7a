"""Online payment end to end over HTTP, through the sandbox gateway: start, pay, signed callback; and every way a
callback can be wrong (replayed, forged, at the wrong unit, where the module is off) changing nothing."""

import json
import re

import pytest
from api_support import gql
from django_tenants.utils import tenant_context
from egov_paysandbox.signing import derived_secret, signed
from test_payments_support import client_for, set_up_office, snapshot, waiting_for_payment

from core.modules.services import disable
from modules.onestop.models import DossierEvent
from modules.payments.models import Fee, PaymentEvent

START = "mutation($code: String!) { paymentsStartPayment(code: $code) { redirectUrl errors { code } } }"
CALLBACK = "/m/payments/callback/paysandbox/"


@pytest.fixture
def office(unit_a):
    """Unit A handles the procedure, pays through the sandbox, and has one person per role."""
    return unit_a, set_up_office(unit_a)


def start(unit, officer, code) -> str:
    status, body = gql(client_for(unit, officer), START, {"code": code}, unit=unit)
    payload = body["data"]["paymentsStartPayment"]
    assert status == 200 and payload["errors"] == [], body
    return payload["redirectUrl"]


def pay(unit, redirect_url, outcome="paid") -> dict:
    """The payer at the sandbox's page: sees the payment, confirms; returns the callback the provider sends."""
    payer = client_for(unit)  # the payer needs no account
    page = payer.get(redirect_url, HTTP_ACCEPT="application/json")
    assert page.status_code == 200, page.content
    order = page.json()["order"]
    answer = payer.post(redirect_url.split("?")[0], {**order, "outcome": outcome}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 200, answer.content
    callback = answer.json()["callback"]
    assert callback["url"] == CALLBACK and answer.json()["return_url"] == "/tra-cuu/"
    return callback["data"]


def post_callback(unit, data: dict):
    """What the provider does: POST the report to the unit's callback address (no session, no CSRF token)."""
    return client_for(unit).post(CALLBACK, data=json.dumps(data), content_type="application/json")


def test_paying_online_settles_the_fee_and_resumes_the_dossier(office):
    unit, people = office
    code = waiting_for_payment(unit, people)
    redirect = start(unit, people["receiving_officer"], code)
    browser = client_for(unit)
    page = browser.get(redirect)  # what the payer's browser shows
    assert page.status_code == 200 and "20.000 đ" in page.content.decode()
    order = browser.get(redirect, HTTP_ACCEPT="application/json").json()["order"]
    sent = browser.post(redirect.split("?")[0], {**order, "outcome": "paid"}).content.decode()
    report = json.loads(re.search(r'id="callback-data"[^>]*>(.*?)</script>', sent, re.S).group(1))
    assert CALLBACK in sent and report["status"] == "paid"  # the page posts it to the unit, then goes back

    answer = post_callback(unit, report)
    assert answer.status_code == 200 and answer.json() == {"ok": True, "outcome": "applied", "status": "paid"}
    with tenant_context(unit):
        fee = Fee.objects.get(dossier_code=code)
        assert fee.status == "paid" and fee.paid_at is not None and fee.payment_reference.startswith("paysandbox:SBX")
        last = DossierEvent.objects.filter(dossier__code=code).order_by("id").last()
        assert (last.action, last.role_code, last.to_status) == ("paid", "system", "in_process")
        assert PaymentEvent.objects.get().outcome == "applied"


def test_a_replayed_callback_changes_nothing(office):
    unit, people = office
    code = waiting_for_payment(unit, people)
    report = pay(unit, start(unit, people["receiving_officer"], code))
    assert post_callback(unit, report).status_code == 200
    before = snapshot(unit, code)
    again = post_callback(unit, report)
    assert again.status_code == 200 and again.json()["outcome"] == "replayed"  # the provider may stop retrying
    assert snapshot(unit, code) == before and before["payment_events"] == 1 and before["dossier"] == "in_process"


def test_forged_callbacks_are_refused_and_change_nothing(office):
    unit, people = office
    code = waiting_for_payment(unit, people)
    report = pay(unit, start(unit, people["receiving_officer"], code))
    before = snapshot(unit, code)
    secret = derived_secret(unit.schema_name)
    forgeries = [
        ({**report, "signature": "0" * 64}, 403, "BAD_SIGNATURE"),
        ({**report, "amount": "1000"}, 403, "BAD_SIGNATURE"),                      # altered after signing
        (signed({**report, "amount": "1000"}, secret), 400, "AMOUNT_MISMATCH"),    # signed, but not what is due
        (signed({**report, "provider_ref": "SBX-NOSUCH"}, secret), 404, "UNKNOWN_PAYMENT"),
        (signed({**report, "merchant": "91002"}, secret), 403, "BAD_SIGNATURE"),    # meant for another unit
        ({k: v for k, v in report.items() if k != "amount"}, 400, "MALFORMED_CALLBACK"),
    ]
    for data, status, error in forgeries:
        answer = post_callback(unit, data)
        assert (answer.status_code, answer.json()["error"]["code"]) == (status, error), data
        assert snapshot(unit, code) == before
    not_json = client_for(unit).post(CALLBACK, data="{", content_type="application/json")
    assert not_json.status_code == 400
    assert client_for(unit).post("/m/payments/callback/nosuchpay/", {}).status_code == 404
    assert post_callback(unit, report).status_code == 200  # the genuine one still works
    assert snapshot(unit, code)["dossier"] == "in_process"


def test_a_failed_payment_leaves_the_fee_due_and_a_later_one_pays_it(office):
    unit, people = office
    code = waiting_for_payment(unit, people)
    failed = post_callback(unit, pay(unit, start(unit, people["receiving_officer"], code), outcome="failed"))
    assert failed.json() == {"ok": True, "outcome": "failed", "status": "failed"}
    assert snapshot(unit, code)["dossier"] == "waiting_payment"
    redirect = start(unit, people["receiving_officer"], code)
    assert post_callback(unit, pay(unit, redirect)).json()["outcome"] == "applied"
    paid_twice = post_callback(unit, pay(unit, redirect))  # the payer paid the same request again: a new transaction
    assert paid_twice.json()["outcome"] == "already_paid"
    state = snapshot(unit, code)
    assert state["dossier"] == "in_process" and state["payment_events"] == 3
    assert [s for s, _at in state["payments"]] == ["failed", "paid"]


def test_the_callback_answers_404_where_the_module_is_disabled(office, unit_b):
    unit, people = office
    code = waiting_for_payment(unit, people)
    report = pay(unit, start(unit, people["receiving_officer"], code))
    assert post_callback(unit_b, report).status_code == 404  # unit B never enabled payments
    assert post_callback(unit_b, report).json()["error"]["code"] == "MODULE_NOT_ENABLED"
    disable(unit, "paysandbox")
    disable(unit, "payments")
    before = snapshot(unit, code)
    answer = post_callback(unit, report)
    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "MODULE_NOT_ENABLED")
    assert client_for(unit).get(CALLBACK).status_code == 404
    assert snapshot(unit, code) == before and before["dossier"] == "waiting_payment"


def test_a_callback_for_unit_a_posted_at_unit_b_changes_nothing_in_either(office, unit_b):
    unit, people = office
    others = set_up_office(unit_b)
    code = waiting_for_payment(unit, people)
    report = pay(unit, start(unit, people["receiving_officer"], code))
    code_b = waiting_for_payment(unit_b, others)
    start(unit_b, others["receiving_officer"], code_b)
    before_a, before_b = snapshot(unit, code), snapshot(unit_b, code_b)
    answer = post_callback(unit_b, report)
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "BAD_SIGNATURE"  # B's secret is its own
    assert snapshot(unit, code) == before_a and snapshot(unit_b, code_b) == before_b
    # unit A's own page cannot be used to pay at unit B either: the order is signed with A's secret
    assert client_for(unit_b).get(start(unit, people["receiving_officer"], code)).status_code == 400
    assert post_callback(unit, report).json()["outcome"] == "applied"  # at its own unit, it is the real thing
