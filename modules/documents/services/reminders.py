"""Reminders of incoming documents' deadlines (Decree 30/2020/NĐ-CP Art. 24: the clerk follows up and urges the
handling of incoming documents). Run daily per unit by the periodic task (tasks.remind_deadlines):

- an open incoming document whose due date is `reminder_days` working days away or nearer (the unit's calendar,
  core.calendar) gets one "due soon" reminder, and one "overdue" reminder the first day after its due date;
- each goes to those who hold the work: the people leading or supporting it with their part still open, else the
  leader it was presented to, else the unit's clerks; recorded in the document's history;
- the reminder rows are the outbox of the e-mails, queued through the notices' carrier where the unit has one.

A run again the same day (or after a crash) adds nothing and only retries e-mails not yet queued; a new due date
gets reminders of its own."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import member_emails
from core.calendar.services import calendar_for
from core.modules.services import get_settings
from modules.documents.models import Assignment, AssignmentRole, Direction, Document, Reminder, ReminderKind, Status
from modules.documents.services import events

MODULE_ID = "documents"
OPEN = [Status.REGISTERED, Status.PRESENTED, Status.DIRECTED, Status.IN_PROGRESS]


def horizon(unit, today: date) -> date:
    """The last due date reminded today as "due soon": `reminder_days` working days after today."""
    days = int(get_settings(unit, MODULE_ID).get("reminder_days", 2))
    cal = calendar_for(unit, around=today)
    last = today
    for _day in range(days):
        last = cal.next_working_day(last)
    return last


def _due(today: date, last: date) -> list[tuple[Document, str]]:
    """(document, kind) of the reminders due today that do not exist yet."""
    base = Document.objects.filter(direction=Direction.INCOMING, status__in=OPEN, due_on__isnull=False)
    found = []
    for kind, rows in ((ReminderKind.OVERDUE, base.filter(due_on__lt=today)),
                       (ReminderKind.DUE_SOON, base.filter(due_on__gte=today, due_on__lte=last))):
        reminded = Reminder.objects.filter(document=OuterRef("pk"), due_on=OuterRef("due_on"), kind=kind)
        found += [(d, kind) for d in rows.exclude(Exists(reminded)).order_by("due_on", "id")]
    return found


def _holders(documents: list[Document]) -> dict[int, list[int]]:
    """Who holds each document's work: the open lead and support parts, else the leader it was presented to."""
    parts: dict[int, list[int]] = {}
    for document_id, person_id in (Assignment.objects.filter(
            document_id__in=[d.pk for d in documents], done_at__isnull=True, person_id__isnull=False,
            role__in=[AssignmentRole.LEAD, AssignmentRole.SUPPORT]).order_by("role", "id")
            .values_list("document_id", "person_id")):
        parts.setdefault(document_id, [])
        if person_id not in parts[document_id]:
            parts[document_id].append(person_id)
    return {d.pk: parts.get(d.pk) or ([d.presented_to_id] if d.presented_to_id else []) for d in documents}


@transaction.atomic
def record_reminders(unit, today: date | None = None, at: datetime | None = None) -> list[Reminder]:
    """Today's reminders that do not exist yet, each in the document's history; returns those made."""
    at = at or timezone.now()
    today = today or timezone.localdate(at)
    due = _due(today, horizon(unit, today))
    holders = _holders([d for d, _kind in due])
    emails_of = dict(get_user_model().objects.filter(pk__in={p for ids in holders.values() for p in ids})
                     .exclude(email="").values_list("pk", "email"))
    clerks = member_emails(unit, "clerk")
    made = []
    for document, kind in due:
        ids = holders[document.pk]
        emails = [emails_of[p] for p in ids if p in emails_of] or clerks
        reminder, created = Reminder.objects.get_or_create(
            document=document, due_on=document.due_on, kind=kind,
            defaults={"person_ids": ids, "recipients": list(dict.fromkeys(emails)), "created_at": at})
        if created:
            events.record(document, "remind", at=at, from_status=document.status, data={
                "kind": kind, "due_on": document.due_on, "people": ids})
            made.append(reminder)
    return made


def _message(reminder: Reminder) -> tuple[str, str]:
    d = reminder.document
    what = d.number_symbol or d.subject[:80]
    due = reminder.due_on.strftime("%d/%m/%Y")
    if reminder.kind == ReminderKind.OVERDUE:
        subject = _("Văn bản đến %(n)s đã quá hạn giải quyết (%(d)s)") % {"n": what, "d": due}
    else:
        subject = _("Văn bản đến %(n)s đến hạn giải quyết ngày %(d)s") % {"n": what, "d": due}
    body = _("Văn bản %(n)s của %(i)s (số đến %(a)s): %(s)s. Hạn giải quyết: %(d)s.") % {
        "n": what, "i": d.issuer_name, "a": d.arrival_number, "s": d.subject, "d": due}
    return subject, body


def queue_emails(unit) -> int:
    """E-mail the reminders not yet queued, through the notices' carrier; 0 where the unit has none."""
    from modules.notices.services import queue_staff_emails

    return queue_staff_emails(unit, Reminder.objects.filter(queued_at=None).select_related("document"), _message,
                              lambda row: f"documents:reminder:{row.pk}")


def remind_deadlines(unit, today: date | None = None) -> int:
    """What the daily task runs in a unit: record today's reminders, then queue their e-mails; returns how many new."""
    made = record_reminders(unit, today)
    queue_emails(unit)
    return len(made)
