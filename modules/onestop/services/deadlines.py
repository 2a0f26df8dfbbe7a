"""The dossier's clock, kept as the calendar's Deadline (JSON on the dossier) with due_at copied out for queries."""

import math
from datetime import datetime

from django.utils import timezone

from core.calendar import deadlines as clock
from core.calendar.services import calendar_for
from core.calendar.status import DeadlineStatus
from modules.catalogue.services import TimeUnit
from modules.onestop.models import DayKind
from modules.onestop.services.intake_rules import clock_rule
from modules.onestop.services.plans import ChannelTime


def load(dossier) -> clock.Deadline:
    return clock.Deadline.from_dict(dossier.deadline)


def store(dossier, deadline: clock.Deadline) -> None:
    dossier.deadline = deadline.to_dict()
    dossier.due_at = deadline.due_at


def allotment(stated: ChannelTime, day_kind: str = "") -> dict:
    """start_deadline's arguments for a channel's stated time: working days and hours are office time (hours of a
    procedure are working hours); "N ngày" are calendar days and "N tháng" months (Civil Code Art. 147-148). A unit's
    intake rule may read a channel's days or hours the other way (`day_kind`); months are always months, a fraction
    of a month counting as a whole one."""
    value, unit = stated.value, stated.unit
    if unit == TimeUnit.MONTH:
        return {"kind": clock.TimeKind.MONTHS, "months": math.ceil(value)}
    if unit == TimeUnit.HOUR:
        kind = clock.TimeKind.HOURS if day_kind == DayKind.CALENDAR else clock.TimeKind.WORKING
        return {"kind": kind, "hours": value}
    calendar = day_kind == DayKind.CALENDAR or (unit == TimeUnit.DAY and day_kind != DayKind.WORKING)
    return {"kind": clock.TimeKind.CALENDAR_DAYS if calendar else clock.TimeKind.WORKING, "days": value}


def open_for(unit, dossier, received_at: datetime, stated: ChannelTime) -> None:
    """Start the clock for the channel's stated time, by the procedure channel's rule in force on the receipt day
    (intake_rules.py): its cut-off hour, and the kind of day when the unit reads it otherwise."""
    rule = clock_rule(dossier.procedure_code, dossier.channel, timezone.localtime(received_at).date())
    store(dossier, clock.start_deadline(calendar_for(unit, around=received_at), received_at, cutoff=rule.cutoff,
                                        **allotment(stated, rule.day_kind)))
    dossier.counted_from = load(dossier).started_at


def restart_after_supplement(unit, dossier, at: datetime) -> None:
    """The complete supplement is a new receipt for the clock: the full time again, from `at` under the procedure
    channel's rule in force that day (its cut-off, if it has one)."""
    rule = clock_rule(dossier.procedure_code, dossier.channel, timezone.localtime(at).date())
    apply(unit, dossier, clock.receive_supplement, at, cutoff=rule.cutoff)


def carry(dossier, deadline: dict) -> None:
    """The clock a dossier brings from the point that received it for this unit (receipt regardless of boundary)."""
    store(dossier, clock.Deadline.from_dict(deadline))
    dossier.counted_from = load(dossier).started_at


def apply(unit, dossier, operation, at: datetime, **kwargs) -> None:
    """Run one calendar operation (pause_deadline, receive_supplement, extend_deadline, ...) on the dossier's clock."""
    store(dossier, operation(calendar_for(unit, around=at), load(dossier), at=at, **kwargs))


def status_of(dossier, now: datetime | None = None) -> DeadlineStatus:
    return clock.deadline_status(load(dossier), completed_at=dossier.completed_at, now=now)
