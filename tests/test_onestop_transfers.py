"""Transfers between units when things go wrong: a unit that cannot take the dossier is refused before anything
changes; a transfer that fails on the way comes back to the sender, shown to its clerk and to the ICT department; a
unit receives again a dossier it held before; a unit that no longer holds a dossier cannot report on it."""

import json
from io import StringIO

import pytest
from api_support import add_member, gql
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_tenants.utils import tenant_context
from onestop_support import PROC, open_office, receive_at

from core.modules.services import enable
from modules.onestop.models import Dossier, DossierEvent, Status
from modules.onestop.services.actions import perform
from modules.onestop.services.effects import EFFECTS
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.plans import forget_plans
from modules.onestop.services.transfers import PROGRESS, TRANSFER, transfer
from modules.onestop.services.transitions import TRANSITIONS
from modules.procedures.services.process import adopt_procedure, withdraw_procedure
from tenants.messaging import services as messaging
from tenants.messaging.models import InboxMessage, OutboxMessage, OutboxStatus
from tenants.models import Unit, UnitStatus

TRANSFER_MUTATION = """mutation Transfer($code: String!, $toUnit: String) {
  onestopTransferDossier(code: $code, toUnit: $toUnit) {
    dossier { code status }
    errors { field code message }
  }
}"""
DOSSIER = """query One($code: String!) {
  onestopDossier(code: $code) { status holderUnit { code } transferFailure events { action reason } }
}"""


@pytest.fixture(autouse=True)
def _fresh_plans():
    forget_plans()
    yield
    forget_plans()


@pytest.fixture
def offices(unit_a, unit_b):
    """Unit A with its people and a dossier in process; unit B taking the same procedure, with a leader."""
    people = open_office(unit_a)
    open_office(unit_b, catalogue=False)
    leader_b = add_member(unit_b, "leader-b", roles=("leader", "receiving_officer"))
    dossier = receive_at(unit_a, people["receiving_officer"])
    with tenant_context(unit_a):
        perform(dossier.code, "start", actor=people["receiving_officer"])
    return unit_a, unit_b, people, leader_b, dossier.code


def _send(unit, code, people, to):
    with tenant_context(unit):
        return transfer(code, actor=people["specialist"], to_unit_code=to.code, note="Chuyển liên thông")


def _deliver_pending(unit) -> list[str]:
    """Deliver every pending message of the unit once, as the worker would; their statuses."""
    with tenant_context(unit):
        ids = [str(i) for i in OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
               .order_by("created_at").values_list("id", flat=True)]
    return [messaging.deliver(unit.schema_name, message_id) for message_id in ids]


def _dossier(unit, code) -> Dossier:
    with tenant_context(unit):
        return Dossier.objects.get(code=code)


def _actions(unit, code) -> list[str]:
    with tenant_context(unit):
        return list(DossierEvent.objects.filter(dossier__code=code).order_by("at", "id").values_list("action", flat=True))


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- refused up front ---

def test_a_transfer_to_a_unit_that_does_not_take_the_procedure_is_refused_before_anything_changes(unit_a, make_unit):
    people = open_office(unit_a)
    district = make_unit("91011", "Huyện Không Nhận", "district")
    for module in ("catalogue", "procedures", "onestop"):
        enable(district, module)  # one-stop on, but the procedure is not among the district's
    dossier = receive_at(unit_a, people["receiving_officer"])
    with tenant_context(unit_a):
        perform(dossier.code, "start", actor=people["receiving_officer"])
        with pytest.raises(OnestopError) as err:
            transfer(dossier.code, actor=people["specialist"], to_unit_code=district.code)
        assert err.value.code == "RECEIVER_NOT_HANDLING" and err.value.field == "to_unit"
        assert PROC in str(err.value)
    body = gql(_signed_in(people["specialist"]), TRANSFER_MUTATION, {"code": dossier.code, "toUnit": district.code},
               unit=unit_a)[1]
    assert [(e["field"], e["code"]) for e in body["data"]["onestopTransferDossier"]["errors"]] == [
        ("toUnit", "RECEIVER_NOT_HANDLING")]
    with tenant_context(unit_a):
        kept = Dossier.objects.get(code=dossier.code)
        assert kept.status == Status.IN_PROCESS and kept.holder_unit_code == unit_a.code  # the look-up names A
        assert not OutboxMessage.objects.exists()
        assert not DossierEvent.objects.filter(action="transfer").exists()


# --- failing on the way ---

def _assert_back_at_the_sender(sender, receiver, code, clerk, why: str):
    home = _dossier(sender, code)
    assert home.status == Status.IN_PROCESS and home.holder_unit_code == sender.code
    assert why in home.transfer_failure
    assert _actions(sender, code)[-1] == "transfer_failed"
    # The clerk sees it on the dossier, and may act on it again.
    shown = gql(_signed_in(clerk), DOSSIER, {"code": code}, unit=sender)[1]["data"]["onestopDossier"]
    assert shown["status"] == "IN_PROCESS" and shown["holderUnit"] == {"code": sender.code}
    assert why in shown["transferFailure"] and shown["events"][-1]["action"] == "transfer_failed"
    # The ICT department sees it among the failed messages of the installation.
    listed = [m for m in messaging.failed_messages() if m["code"] == code]
    assert [(m["sender"], m["receiver"], m["kind"]) for m in listed] == [(sender.code, receiver.code, TRANSFER)]
    out = StringIO()
    call_command("messages", "failed", "--json", stdout=out)
    assert any(m["code"] == code and why in m["last_error"] for m in json.loads(out.getvalue()))
    ict = _signed_in(get_user_model().objects.get_or_create(username="ict-staff", defaults={"is_staff": True})[0])
    index = ict.get("/admin/", HTTP_HOST="localhost").content.decode()
    assert "/admin/tenants/failed-messages/" in index
    page = ict.get("/admin/tenants/failed-messages/", HTTP_HOST="localhost")
    assert page.status_code == 200 and code in page.content.decode() and receiver.code in page.content.decode()
    assert _signed_in(clerk).get("/admin/tenants/failed-messages/", HTTP_HOST="localhost").status_code == 302  # staff only
    with tenant_context(receiver):
        assert not Dossier.objects.filter(code=code).exists() and not InboxMessage.objects.exists()


def test_a_transfer_the_receiver_refuses_on_arrival_comes_back_at_once(offices):
    unit_a, unit_b, people, _leader_b, code = offices
    _send(unit_a, code, people, unit_b)
    withdraw_procedure(unit_b, PROC)  # between the clerk's click and the delivery
    forget_plans()
    assert _deliver_pending(unit_a) == [OutboxStatus.FAILED]  # refused for good: no retry
    with tenant_context(unit_a):
        message = OutboxMessage.objects.get(kind=TRANSFER)
        assert message.attempts == 1 and message.last_error.startswith("PROCEDURE_NOT_HANDLED")
        assert message.reply["accepted"] is False
        assert messaging.retry_failed([str(message.pk)]) == 0  # back at the sender: never requeued
    _assert_back_at_the_sender(unit_a, unit_b, code, people["specialist"], "PROCEDURE_NOT_HANDLED")
    # The clerk can send it again once the unit takes the procedure: it arrives.
    adopt_procedure(unit_b, PROC, [{"name": "Xử lý", "role": "leader", "days": 1}])
    forget_plans()
    assert _send(unit_a, code, people, unit_b).transfer_failure == ""
    assert _deliver_pending(unit_a) == [OutboxStatus.DELIVERED]
    assert _dossier(unit_b, code).status == Status.RECEIVED


def test_a_transfer_still_undelivered_after_the_last_retry_comes_back_to_the_sender(offices):
    unit_a, unit_b, people, _leader_b, code = offices
    _send(unit_a, code, people, unit_b)
    Unit.objects.filter(pk=unit_b.pk).update(status=UnitStatus.SUSPENDED)
    with tenant_context(unit_a):
        message_id = str(OutboxMessage.objects.get(kind=TRANSFER).pk)
    with pytest.raises(messaging.ReceiverUnavailable):
        messaging.deliver(unit_a.schema_name, message_id)
    assert _dossier(unit_a, code).status == Status.TRANSFERRED  # still retrying
    messaging.mark_failed(unit_a.schema_name, message_id)  # what the task does after its last retry
    Unit.objects.filter(pk=unit_b.pk).update(status=UnitStatus.READY)
    _assert_back_at_the_sender(unit_a, unit_b, code, people["specialist"], f"unit {unit_b.code} is not ready")
    messaging.mark_failed(unit_a.schema_name, message_id)  # told twice: taken back once
    assert _actions(unit_a, code).count("transfer_failed") == 1


# --- the same unit again (security finding 5) ---

def test_a_unit_receives_again_a_dossier_it_held_before_as_the_same_dossier(offices):
    unit_a, unit_b, people, leader_b, code = offices
    _send(unit_a, code, people, unit_b)
    _deliver_pending(unit_a)
    with tenant_context(unit_b):
        perform(code, "start", actor=leader_b)
        perform(code, "approve", actor=leader_b)
    _deliver_pending(unit_b)
    assert _dossier(unit_a, code).status == Status.IN_PROCESS  # back at A with B's result

    _send(unit_a, code, people, unit_b)  # A -> B again
    assert _deliver_pending(unit_a) == [OutboxStatus.DELIVERED]
    assert _deliver_pending(unit_a) == []  # nothing left to retry
    again = _dossier(unit_b, code)
    assert again.status == Status.RECEIVED and again.holder_unit_code == unit_b.code
    assert again.completed_at is None and again.step_index == 0
    with tenant_context(unit_b):
        assert Dossier.objects.count() == 1
        assert [(s.started_at, s.finished_at) for s in again.steps.all()] == [(None, None)] * 2  # B's process anew
    assert _actions(unit_b, code) == ["receive_transfer", "start", "approve", "receive_transfer"]
    # Its second part runs like the first, and the result comes back to A once more.
    with tenant_context(unit_b):
        perform(code, "start", actor=leader_b)
        perform(code, "approve", actor=leader_b)
    assert set(_deliver_pending(unit_b)) == {OutboxStatus.DELIVERED}
    assert _dossier(unit_a, code).status == Status.IN_PROCESS
    assert _actions(unit_a, code).count("transfer_back") == 2


def test_a_second_transfer_of_a_dossier_the_receiver_still_works_on_is_refused_not_retried(offices):
    unit_a, unit_b, people, leader_b, code = offices
    _send(unit_a, code, people, unit_b)
    _deliver_pending(unit_a)
    with tenant_context(unit_a):  # as if A had it back by mistake while B works on it
        Dossier.objects.filter(code=code).update(status=Status.IN_PROCESS, holder_unit_code=unit_a.code)
    _send(unit_a, code, people, unit_b)
    assert _deliver_pending(unit_a) == [OutboxStatus.FAILED]
    assert _dossier(unit_b, code).status == Status.RECEIVED  # B's work untouched
    assert "ALREADY_HELD" in _dossier(unit_a, code).transfer_failure


# --- only the holder reports (security finding 6) ---

def test_progress_from_a_unit_that_no_longer_holds_the_dossier_is_refused(offices, make_unit):
    unit_a, unit_b, people, leader_b, code = offices
    unit_c = make_unit("91003", "Xã Thử Nghiệm C")
    open_office(unit_c, catalogue=False)
    _send(unit_a, code, people, unit_b)
    _deliver_pending(unit_a)
    with tenant_context(unit_b):
        perform(code, "start", actor=leader_b)
        perform(code, "approve", actor=leader_b)
        assert Dossier.objects.get(code=code).holder_unit_code == unit_a.code  # B gave it back with its result
    _deliver_pending(unit_b)
    _send(unit_a, code, people, unit_c)  # now C holds it
    with tenant_context(unit_b):
        perform(code, "return_result", actor=leader_b)  # B's own closing step is not reported
        assert not OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists()
        forged = messaging.send(unit_a.code, PROGRESS, {"code": code, "status": Status.REFUSED, "action": "refuse",
                                                        "at": "2030-01-01T00:00:00+07:00"})
    before = _actions(unit_a, code)
    assert messaging.deliver(unit_b.schema_name, str(forged.pk)) == OutboxStatus.FAILED  # refused, not retried
    home = _dossier(unit_a, code)
    assert home.status == Status.TRANSFERRED and home.holder_unit_code == unit_c.code
    assert home.remote_status == "" and _actions(unit_a, code) == before
    with tenant_context(unit_b):
        refused = OutboxMessage.objects.get(pk=forged.pk)
        assert refused.status == OutboxStatus.FAILED and refused.last_error.startswith("NOT_HOLDER")


def test_every_effect_the_rule_book_names_exists():
    named = {effect for transition in TRANSITIONS.values() for effect in transition.effects}
    assert named <= set(EFFECTS), named - set(EFFECTS)


# --- the demo ---

def test_in_the_demo_a_commune_hands_a_district_procedure_over_to_its_district(make_unit):
    from core.management.commands._demo_content import HANDED_OVER_TO_DISTRICT, set_up_units

    district = make_unit("91020", "Huyện Thử Liên Thông", "district")
    commune = make_unit("91021", "Xã Thử Liên Thông", "commune", parent="91020")
    set_up_units([district, commune], StringIO())
    clerk = add_member(commune, "clerk-91021", roles=("receiving_officer", "specialist"))
    assert PROC in HANDED_OVER_TO_DISTRICT
    code = receive_at(commune, clerk).code  # at the commune's counter
    with tenant_context(commune):
        perform(code, "start", actor=clerk)
        perform(code, "forward", actor=clerk)  # to the step handed over to the district
        sent = transfer(code, actor=clerk)  # no unit named: the step's hand-over, the district above
        assert sent.status == Status.TRANSFERRED and sent.holder_unit_code == district.code
    assert _deliver_pending(commune) == [OutboxStatus.DELIVERED]
    there = _dossier(district, code)
    assert there.status == Status.RECEIVED and there.transferred_from == commune.code
