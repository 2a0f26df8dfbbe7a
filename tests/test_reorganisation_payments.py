"""A payment gateway's callback arriving at a unit ended in a reorganisation: its signature checked there, then applied
once in the successor that took the dossier (a split commune's dossier goes to one of several); replayed or forged,
it changes nothing anywhere."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context
from egov_paysandbox.signing import signed, unit_secret
from test_payments_sandbox import pay, post_callback, start
from test_payments_support import client_for, set_up_office, snapshot, waiting_for_payment

from core.modules.hooks import send
from core.modules.reorganisation import Successor, reorganisation_carry
from modules.onestop.models import Dossier, Status
from modules.payments.models import Fee, PaymentEvent
from tenants.models import UnitStatus, UnitSuccession

EFFECTIVE = date(2026, 11, 20)  # the suite's day


@pytest.fixture
def split(make_unit):
    """Old commune A, split between N (0.6, the principal successor) and M (0.4); all paying through the sandbox."""
    a, n, m = make_unit("91101", "Xã Cũ A"), make_unit("91201", "Xã Mới N"), make_unit("91202", "Xã Mới M")
    return a, n, m, {unit.code: set_up_office(unit) for unit in (a, n, m)}


def _reorganise(a, n, m) -> None:
    """A's modules carry its work to its successors (the one-stop by the applicant's address), then A ends."""
    successors = (Successor(n, "partial", Decimal("0.6"), (n.name,)), Successor(m, "partial", Decimal("0.4"), (m.name,)))
    for successor in successors:
        UnitSuccession.objects.create(predecessor=a, successor=successor.unit, kind="partial", share=successor.share,
                                      effective_on=EFFECTIVE, decision="Nghị quyết thử")
    send(reorganisation_carry, a, successors=successors, effective=EFFECTIVE)
    a.ended_on, a.status = EFFECTIVE, UnitStatus.ARCHIVED
    a.save(update_fields=["ended_on", "status"])


def _for_m(a, people) -> str:
    """A dossier of A's, waiting for its fee, of an applicant in M's territory."""
    code = waiting_for_payment(a, people)
    with tenant_context(a):
        Dossier.objects.filter(code=code).update(data={"applicant_address": "Thôn 2, Xã Mới M"})
    return code


def test_a_callback_at_the_ended_unit_is_applied_once_where_the_dossier_is_now(split):
    a, n, m, people = split
    code = _for_m(a, people[a.code])
    report = pay(a, start(a, people[a.code]["receiving_officer"], code))  # the provider was given A's address
    _reorganise(a, n, m)
    archive = snapshot(a, code)

    answer = post_callback(a, report)

    assert answer.status_code == 200, answer.content
    assert answer.json() == {"ok": True, "outcome": "applied", "status": "paid"}
    with tenant_context(m):
        fee = Fee.objects.get(dossier_code=code)
        assert fee.status == "paid" and fee.payment_reference.startswith("paysandbox:SBX")
        assert Dossier.objects.get(code=code).status == Status.IN_PROCESS  # resumed at M
        assert list(PaymentEvent.objects.values_list("outcome", flat=True)) == ["applied"]
    assert snapshot(a, code) == archive  # the archive keeps its records as they were
    with tenant_context(n):  # the principal successor never had it
        assert not Fee.objects.filter(dossier_code=code).exists() and not PaymentEvent.objects.exists()
    # Replayed, at the old address or at M's: recorded once, nothing more changes.
    after = snapshot(m, code)
    assert post_callback(a, report).json()["outcome"] == "replayed"
    assert post_callback(m, report).status_code == 403  # signed for A: M's own gateway settings do not accept it
    assert snapshot(m, code) == after


def test_a_forged_callback_at_the_ended_unit_is_refused_and_changes_nothing(split):
    a, n, m, people = split
    code = _for_m(a, people[a.code])
    report = pay(a, start(a, people[a.code]["receiving_officer"], code))
    _reorganise(a, n, m)
    before = {unit.code: snapshot(unit, code) for unit in (a, m)}

    forged = {**report, "amount": str(int(report["amount"]) - 1)}  # the signature no longer matches
    assert post_callback(a, forged).status_code == 403
    other_key = signed(report, unit_secret(m))  # signed, but with another unit's key
    assert post_callback(a, other_key).status_code == 403
    assert {unit.code: snapshot(unit, code) for unit in (a, m)} == before
    # Any other POST on the ended unit is still refused.
    assert post_callback(a, report).status_code == 200
    refused = client_for(a).post("/m/onestop/sap-xep/", {})
    assert (refused.status_code, json.loads(refused.content)["error"]["code"]) == (403, "UNIT_ENDED")


def test_a_callback_for_a_dossier_left_in_the_archive_is_applied_there(split):
    a, n, m, people = split
    code = waiting_for_payment(a, people[a.code])  # no address: it waits in A for a person's decision
    report = pay(a, start(a, people[a.code]["receiving_officer"], code))
    _reorganise(a, n, m)
    assert post_callback(a, report).json()["outcome"] == "applied"
    with tenant_context(a):
        assert Fee.objects.get(dossier_code=code).status == "paid"
    for successor in (n, m):
        with tenant_context(successor):
            assert not Fee.objects.filter(dossier_code=code).exists()
