"""Messages between units across a reorganisation: what an ended unit had itself sent and not yet delivered is sent
again by its successor (the one holding the dossier it is about, else the principal one) and arrives once; a progress
report on its way to a split unit goes to the successor that took the dossier, not to the principal one."""

from datetime import date

import pytest
from django_tenants.utils import tenant_context
from onestop_support import open_office
from reorganisation_support import NOTE, make_province, plan_data, write_plan  # noqa: F401 - NOTE's handler

from modules.onestop.models import Dossier, DossierEvent, Status
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import forget_plans
from modules.onestop.services.transfers import PROGRESS, transfer
from tenants.messaging import services as messaging
from tenants.messaging.models import InboxMessage, OutboxMessage, OutboxStatus
from tenants.models import Unit
from tenants.services import entered
from tenants.services.reorganisation import carry_out, dry_run, load_plan_file, render

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)
PROC = "1.001612"


@pytest.fixture
def province(make_unit, unit_b, tmp_path):
    """Province 95 (reorganisation_support: 95003 split between 95001, the principal successor at 0.6, and 95010 at
    0.4) with one-stop in its communes, and a partner unit outside it (unit_b) exchanging dossiers with 95003."""
    forget_plans()
    units = make_province(make_unit)
    people = {code: open_office(units[code], catalogue=code == "95001") for code in ("95001", "95002", "95003",
                                                                                      "95004")}
    people["partner"] = open_office(unit_b, catalogue=False)
    plan = load_plan_file(write_plan(tmp_path / "plan.json", plan_data(TODAY.isoformat())))
    yield units, unit_b, people, plan
    forget_plans()


def _receive(unit, clerk, address):
    with tenant_context(unit):
        dossier = receive(Application(PROC, "counter", "Trần Thị Bình", applicant_phone="0912345678",
                                      data={"applicant_address": address}), actor=clerk)
        perform(dossier.code, "start", actor=clerk)
        return dossier.code


def _transfer(unit, code, people, to):
    with tenant_context(unit):
        transfer(code, actor=people["specialist"], to_unit_code=to.code, note="Chuyển liên thông")


def _outbox(unit, **filters) -> list[OutboxMessage]:
    with entered(unit):
        return list(OutboxMessage.objects.filter(**filters).order_by("created_at"))


def _deliver_pending(unit) -> list[str]:
    return [messaging.deliver(unit.schema_name, str(m.pk)) for m in _outbox(unit, status=OutboxStatus.PENDING)]


def _dossier(unit, code) -> Dossier:
    with tenant_context(unit):
        return Dossier.objects.get(code=code)


def _unit(code) -> Unit:
    return Unit.objects.get(code=code)


def test_an_ended_units_own_pending_messages_are_sent_once_by_the_successor_holding_their_dossier(province):
    units, partner, people, plan = province
    old = units["95003"]
    # The partner sends 95003 a dossier of an applicant in Cát Dũng (routed to 95010, not the principal 95001).
    code = _receive(partner, people["partner"]["receiving_officer"], "đội 3, xã Cát Dũng")
    _transfer(partner, code, people["partner"], old)
    assert _deliver_pending(partner) == ["delivered"]
    with tenant_context(old):  # 95003 works on it: its report to the partner is still on its way, in a retry
        perform(code, "start", actor=people["95003"]["receiving_officer"])
    [report] = _outbox(old, kind=PROGRESS, status=OutboxStatus.PENDING)
    with entered(old):
        OutboxMessage.objects.filter(pk=report.pk).update(attempts=2, last_error="ReceiverUnavailable: busy")
    with entered(units["95002"]):  # 95002 ends whole into 95001: a message about no record goes from there
        note = messaging.send(partner.code, NOTE, {"code": "N-1"})
    assert "Thư đơn vị cũ đã gửi chưa đến nơi (đơn vị kế thừa gửi lại) (từ 95003)" in render(dry_run(plan, TODAY))

    outcome = carry_out(plan, TODAY)

    assert outcome.failed == {}
    new, principal = _unit("95010"), _unit("95001")
    # The old rows are marked as handed on; the successors' outboxes hold the same messages (same ids).
    [(old_status, old_reply)] = [(m.status, m.reply) for m in _outbox(old, pk=report.pk)]
    assert (old_status, old_reply) == (OutboxStatus.FORWARDED, {"sent_by": "95010"})
    [again] = _outbox(new, pk=report.pk)
    assert (again.receiver_code, again.status, again.attempts, again.payload) == (
        partner.code, OutboxStatus.PENDING, 2, report.payload)
    [note_again] = _outbox(principal, pk=note.pk)
    assert note_again.kind == NOTE and _outbox(units["95002"], pk=note.pk)[0].status == OutboxStatus.FORWARDED
    assert _outbox(principal, kind=PROGRESS) == []
    # A delivery task of the old unit still queued does nothing; the successor's delivers, once.
    assert messaging.deliver(old.schema_name, str(report.pk)) == OutboxStatus.FORWARDED
    assert messaging.deliver(new.schema_name, str(report.pk)) == OutboxStatus.DELIVERED
    assert messaging.deliver(new.schema_name, str(report.pk)) == OutboxStatus.DELIVERED  # a redelivery: no effect
    assert messaging.deliver(principal.schema_name, str(note.pk)) == OutboxStatus.DELIVERED
    with tenant_context(partner):
        assert InboxMessage.objects.get(pk=report.pk).sender_code == "95010"
        assert InboxMessage.objects.get(pk=note.pk).sender_code == "95001"
        remote = [e.actor_unit_code for e in DossierEvent.objects.filter(dossier__code=code, action="remote:start")]
    assert remote == ["95010"]  # accepted from the holder, recorded once
    assert _dossier(partner, code).holder_unit_code == "95010"
    # Running the plan again sweeps nothing more.
    carry_out(plan, TODAY)
    assert len(_outbox(new, pk=report.pk)) == 1 and _outbox(principal, kind=PROGRESS) == []


def test_a_failed_message_not_taken_back_waits_at_the_successor_and_one_taken_back_stays(province):
    units, partner, people, plan = province
    old = units["95004"]  # ends whole into 95010
    with entered(old):
        failed = messaging.send(partner.code, NOTE, {"code": "F-1"})
        taken = messaging.send(partner.code, NOTE, {"code": "F-2"})
        OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxStatus.FAILED, attempts=12)
        OutboxMessage.objects.filter(pk=taken.pk).update(status=OutboxStatus.FAILED, reply={"taken_back": True})

    carry_out(plan, TODAY)

    new = _unit("95010")
    with entered(new):
        assert [m["id"] for m in messaging.failed_here()] == [str(failed.pk)]  # its staff send it again
    assert _outbox(new, pk=taken.pk) == [] and _outbox(old, pk=taken.pk)[0].status == OutboxStatus.FAILED
    with tenant_context(partner):
        assert not InboxMessage.objects.exists()


def test_a_progress_report_to_a_split_unit_goes_to_the_successor_that_took_its_dossier(province):
    units, partner, people, plan = province
    old = units["95003"]
    # 95003 received a dossier of an applicant in Cát Dũng and sent it to the partner, which starts on it: its
    # report to 95003 is on its way when 95003 is split.
    code = _receive(old, people["95003"]["receiving_officer"], "đội 3, xã Cát Dũng")
    _transfer(old, code, people["95003"], partner)
    assert _deliver_pending(old) == ["delivered"]
    with tenant_context(partner):
        perform(code, "start", actor=people["partner"]["receiving_officer"])
    [report] = _outbox(partner, kind=PROGRESS, status=OutboxStatus.PENDING)
    with entered(partner):  # and one about no dossier: to the principal successor
        note = messaging.send(old.code, NOTE, {"code": "N-2"})

    carry_out(plan, TODAY)

    new = _unit("95010")
    moved = _dossier(new, code)
    assert (moved.status, moved.holder_unit_code, moved.carried_from) == (Status.TRANSFERRED, partner.code, "95003")
    receivers = {m.pk: m.receiver_code for m in _outbox(partner, status=OutboxStatus.PENDING)}
    assert receivers == {report.pk: "95010", note.pk: "95001"}
    assert _deliver_pending(partner) == [OutboxStatus.DELIVERED, OutboxStatus.DELIVERED]
    there = _dossier(new, code)
    assert there.remote_status == Status.IN_PROCESS
    with tenant_context(new):
        assert DossierEvent.objects.filter(dossier__code=code, action="remote:start").count() == 1
    # A report sent later to the old code finds the same successor.
    with tenant_context(partner):
        perform(code, "forward", actor=people["partner"]["specialist"])
        later = messaging.send(old.code, PROGRESS, {**report.payload, "action": "forward"})
    assert messaging.deliver(partner.schema_name, str(later.pk)) == OutboxStatus.DELIVERED
    assert _outbox(partner, pk=later.pk)[0].receiver_code == "95010"


def test_the_messages_of_an_unrelated_unit_are_untouched(province, make_unit):
    units, partner, people, plan = province
    other = make_unit("91003", "Xã Thử Nghiệm C")
    with entered(other):
        sent = messaging.send(partner.code, NOTE, {"code": "U-1"})
    carry_out(plan, TODAY)
    [still] = _outbox(other)
    assert (still.pk, still.status, still.receiver_code) == (sent.pk, OutboxStatus.PENDING, partner.code)
    assert all(_outbox(_unit(code), pk=sent.pk) == [] for code in ("95001", "95010"))
