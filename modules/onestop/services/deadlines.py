"""The dossier's clock, kept as the calendar's Deadline (JSON on the dossier) with due_at copied out for queries."""

from datetime import datetime

from django.utils import timezone

from core.calendar import deadlines as clock
from core.calendar.services import calendar_for
from core.calendar.status import DeadlineStatus
from modules.onestop.services.intake_rules import clock_rule


def load(dossier) -> clock.Deadline:
    return clock.Deadline.from_dict(dossier.deadline)


def store(dossier, deadline: clock.Deadline) -> None:
    dossier.deadline = deadline.to_dict()
    dossier.due_at = deadline.due_at


def open_for(unit, dossier, received_at: datetime, days) -> None:
    """Start the clock by the procedure channel's rule in force on the receipt day (intake_rules.py)."""
    rule = clock_rule(dossier.procedure_code, dossier.channel, timezone.localtime(received_at).date())
    store(dossier, clock.start_deadline(calendar_for(unit, around=received_at), received_at, days=days,
                                        cutoff=rule.cutoff, calendar_days=rule.calendar_days))
    dossier.counted_from = load(dossier).started_at


def apply(unit, dossier, operation, at: datetime, **kwargs) -> None:
    """Run one calendar operation (pause_deadline, receive_supplement, extend_deadline, ...) on the dossier's clock."""
    store(dossier, operation(calendar_for(unit, around=at), load(dossier), at=at, **kwargs))


def status_of(dossier, now: datetime | None = None) -> DeadlineStatus:
    return clock.deadline_status(load(dossier), completed_at=dossier.completed_at, now=now)
