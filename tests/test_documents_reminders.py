"""Reminders of incoming documents' deadlines (Decree 30/2020 Art. 24), with time travel: "due soon" counted in the
unit's working days (a weekend is not counted), "overdue" the day after; each once per deadline, to those holding the
work (else the leader presented to), in the document's history, e-mailed once through the notices' carrier; finished
documents are left alone; the daily task runs in each unit with the module; a second unit is untouched."""

from datetime import date, datetime

import pytest
import time_machine
from django_tenants.utils import tenant_context
from documents_support import HN, incoming_meta, open_registry

from core.modules.services import enable, holds_tables
from modules.documents.models import DocumentEvent, Reminder
from modules.documents.services import actions
from modules.documents.services.inputs import AssignmentInput
from modules.documents.services.reminders import remind_deadlines


@pytest.fixture
def office(unit_a):
    people = open_registry(unit_a)
    enable(unit_a, "notify")
    for role in ("specialist", "leader", "clerk"):
        people[role].email = f"{role}@xa-a.example.org"
        people[role].save(update_fields=["email"])
    return unit_a, people


def _on(day: int, hour: int = 7):
    return time_machine.travel(datetime(2026, 11, day, hour, 30, tzinfo=HN), tick=False)


def _incoming(people, number: int, due: date, *, lead=None, complete=False):
    document = actions.register_incoming(incoming_meta(number=number, due_on=due), actor=people["clerk"])
    actions.present(document.pk, actor=people["clerk"], leader_id=people["leader"].pk)
    if lead is not None:
        actions.direct(document.pk, actor=people["leader"], text="Giao xử lý",
                       assignments=[AssignmentInput("lead", lead.pk)])
    if complete:
        actions.complete(document.pk, actor=people["leader"])
    return document


def _mails():
    from egov_notify.models import Message

    return sorted(Message.objects.values_list("recipient", "subject"))


def test_due_soon_in_working_days_then_overdue_each_once_to_who_holds_the_work(office, unit_b):
    unit, people = office
    others = open_registry(unit_b)
    with tenant_context(unit_b):
        kept = _incoming(others, 1, date(2026, 11, 23))
    with tenant_context(unit):
        monday = _incoming(people, 23, date(2026, 11, 23), lead=people["specialist"])
        thursday = _incoming(people, 26, date(2026, 11, 26))
        _incoming(people, 27, date(2026, 11, 23), lead=people["specialist"], complete=True)  # finished: left alone
        actions.register_incoming(incoming_meta(number=28), actor=people["clerk"])  # no due date
        # Friday 20/11, two working days ahead: Monday 23 and Wednesday 25 (the weekend and Tuesday 24, Vietnamese
        # Culture Day, are not working days): Monday's document is due soon, Thursday's not yet.
        with _on(20):
            assert remind_deadlines(unit) == 1
            assert remind_deadlines(unit) == 0  # again the same day: nothing new, nothing sent twice
        assert _mails() == [("specialist@xa-a.example.org", "Văn bản đến 23/QĐ-UBND đến hạn giải quyết ngày 23/11/2026")]
        with _on(23):
            assert remind_deadlines(unit) == 1  # Thursday's, to the leader it was presented to (no assignee)
        with _on(25):
            assert remind_deadlines(unit) == 1  # Monday's is overdue now
        with _on(27):
            assert remind_deadlines(unit) == 1  # and Thursday's
        assert [(r.document_id, r.kind) for r in Reminder.objects.order_by("created_at", "id")] == [
            (monday.pk, "due_soon"), (thursday.pk, "due_soon"), (monday.pk, "overdue"), (thursday.pk, "overdue")]
        assert all(r.queued_at is not None for r in Reminder.objects.all())
        assert _mails() == sorted([
            ("specialist@xa-a.example.org", "Văn bản đến 23/QĐ-UBND đến hạn giải quyết ngày 23/11/2026"),
            ("leader@xa-a.example.org", "Văn bản đến 26/QĐ-UBND đến hạn giải quyết ngày 26/11/2026"),
            ("specialist@xa-a.example.org", "Văn bản đến 23/QĐ-UBND đã quá hạn giải quyết (23/11/2026)"),
            ("leader@xa-a.example.org", "Văn bản đến 26/QĐ-UBND đã quá hạn giải quyết (26/11/2026)")])
        history = DocumentEvent.objects.filter(document=monday, action="remind").order_by("at")
        assert [(e.data["kind"], e.data["people"]) for e in history] == [
            ("due_soon", [people["specialist"].pk]), ("overdue", [people["specialist"].pk])]
    with tenant_context(unit_b):
        assert not Reminder.objects.exists() and kept.due_on == date(2026, 11, 23)
    assert not holds_tables(unit_b, "notify")  # and no e-mail: it has not enabled the carrier, not even its tables


def test_a_new_due_date_is_reminded_again(office):
    unit, people = office
    with tenant_context(unit):
        document = actions.register_incoming(incoming_meta(number=30, due_on=date(2026, 11, 23)),
                                             actor=people["clerk"])
        with _on(20):
            assert remind_deadlines(unit) == 1
        # The clerk corrects the due date while the document is only registered (services.actions.update_metadata).
        actions.update_metadata(document.pk, incoming_meta(number=30, due_on=date(2026, 11, 27)),
                                actor=people["clerk"])
        with _on(26):
            assert remind_deadlines(unit) == 1
        assert list(Reminder.objects.order_by("id").values_list("due_on", "kind")) == [
            (date(2026, 11, 23), "due_soon"), (date(2026, 11, 27), "due_soon")]
        assert Reminder.objects.first().recipients == ["clerk@xa-a.example.org"]  # nobody holds it yet: the clerks


def test_the_reminders_run_daily_in_each_unit_with_the_module():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["documents.reminders"]
    assert entry["args"] == ("modules.documents.tasks.remind_deadlines",)
    assert entry["kwargs"] == {"module": "documents"}
