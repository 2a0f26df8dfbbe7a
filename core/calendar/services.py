"""The calendar API: a unit's WorkingCalendar built from the database, and the changes of calendar data.

calendar_for() keeps built calendars per process, keyed by unit and years. Every change of calendar data writes a new
revision token in the same transaction; a cached calendar is used only while the tokens it was built with are still
the current ones (one indexed query), so a change made by any process is seen by all at their next call. Changes made
with queryset.update() or bulk_create() bypass the signals: call invalidate_calendars() after them.

Calendar data are the platform's rows (public schema). Each change below is one transaction on the platform's
connection (tenants.services.platform_atomic), also when it is called inside a unit placed on another database server,
where transaction.atomic() would cover the unit's server only: a swap's two days and their revision token commit
together or not at all (docs/ict/scale-out.md).
"""

import threading
import uuid
from collections import OrderedDict
from datetime import date, datetime

from django.db.models import F, Q
from django.utils import timezone

from core.calendar.deadlines import Deadline, start_deadline
from core.calendar.models import CalendarDay, CalendarRevision, DayKind, UnitCalendarSettings
from core.calendar.office_hours import AppointmentRule, OfficeHours, format_periods, format_weekdays
from core.calendar.public_holidays import public_holidays, swapped_working_days
from core.calendar.working_calendar import Number, WorkingCalendar
from tenants.services import platform_atomic

INSTALLATION = "*"  # the revision scope of calendar days that apply to every unit
YEARS_BEFORE, YEARS_AFTER = 1, 2  # default range of a calendar around a date: a year back, two ahead
MAX_CACHED = 512

_cache: OrderedDict[tuple, tuple[tuple[str, str], WorkingCalendar]] = OrderedDict()
_lock = threading.Lock()


def _unit_id(unit) -> int | None:
    if unit is None or isinstance(unit, int):
        return unit
    return unit.pk


def _scope(unit_id: int | None) -> str:
    return INSTALLATION if unit_id is None else str(unit_id)


def _tokens(unit_id: int | None) -> tuple[str, str]:
    found = dict(CalendarRevision.objects.filter(scope__in={INSTALLATION, _scope(unit_id)}).values_list("scope", "token"))
    return found.get(INSTALLATION, ""), ("" if unit_id is None else found.get(_scope(unit_id), ""))


def default_years(around: date | datetime | None = None) -> tuple[int, int]:
    year = (around or timezone.localdate()).year
    return year - YEARS_BEFORE, year + YEARS_AFTER


def build_calendar(unit=None, years: tuple[int, int] | None = None) -> WorkingCalendar:
    """A fresh calendar: public holidays and swaps, then installation-wide days, then the unit's own days, and the
    unit's office hours. calendar_for() is the cached way to get one."""
    unit_id = _unit_id(unit)
    first, last = years or default_years()
    holidays = public_holidays(first, last)
    working = set(swapped_working_days(first, last))
    scope = Q(unit__isnull=True) if unit_id is None else Q(unit__isnull=True) | Q(unit_id=unit_id)
    days = (CalendarDay.objects.filter(scope, date__gte=date(first, 1, 1), date__lte=date(last, 12, 31))
            .order_by(F("unit_id").asc(nulls_first=True), "date").values_list("date", "kind", "reason"))
    for day, kind, reason in days:  # installation-wide rows first: a unit's row of the same date overrides
        if kind == DayKind.HOLIDAY:
            holidays[day] = reason or holidays.get(day, "")
            working.discard(day)
        else:
            working.add(day)
            holidays.pop(day, None)
    hours = OfficeHours()
    if unit_id is not None:
        row = UnitCalendarSettings.objects.filter(unit_id=unit_id).first()
        if row is not None:
            hours = row.office_hours()
    return WorkingCalendar(first, last, holidays=holidays, working_days=working, office_hours=hours)


def calendar_for(unit=None, *, years: tuple[int, int] | None = None,
                 around: date | datetime | None = None) -> WorkingCalendar:
    """The working calendar of a unit (a Unit or its id; None: installation-wide days, default office hours).

    years: (first, last) inclusive; by default a year before and two after `around` (default: today). The result
    is shared: treat it as read-only. Keep it for a batch rather than calling this for every dossier.
    """
    unit_id = _unit_id(unit)
    years = tuple(years) if years else default_years(around)
    key = (unit_id, *years)
    tokens = _tokens(unit_id)  # read before the data: a change committed meanwhile only causes one more rebuild
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == tokens:
            _cache.move_to_end(key)
            return hit[1]
    calendar = build_calendar(unit_id, years)
    with _lock:
        _cache[key] = (tokens, calendar)
        _cache.move_to_end(key)
        while len(_cache) > MAX_CACHED:
            _cache.popitem(last=False)
    return calendar


def _forget(unit_id: int | None) -> None:
    with _lock:
        for key in [k for k in _cache if unit_id is None or k[0] == unit_id]:
            del _cache[key]


def invalidate_calendars(unit=None) -> None:
    """Calendar data of a unit (or, with None, installation-wide) changed: every process rebuilds at its next call."""
    unit_id = _unit_id(unit)
    CalendarRevision.objects.update_or_create(scope=_scope(unit_id), defaults={"token": uuid.uuid4().hex})
    _forget(unit_id)


def clear_process_cache() -> None:
    with _lock:
        _cache.clear()


# --- changes of calendar data (the signals invalidate) ---

def set_calendar_day(day: date, kind: DayKind | str, reason: str = "", unit=None) -> CalendarDay:
    """Declare a day off or a day worked, installation-wide (unit None) or for one unit only."""
    with platform_atomic():  # the day and its revision token together
        row, _ = CalendarDay.objects.update_or_create(unit_id=_unit_id(unit), date=day,
                                                      defaults={"kind": DayKind(kind), "reason": reason})
    return row


def clear_calendar_day(day: date, unit=None) -> bool:
    """Remove a declared day: the date follows the public holidays and the week again. True if there was one."""
    with platform_atomic():
        rows = list(CalendarDay.objects.filter(unit_id=_unit_id(unit), date=day))
        for row in rows:
            row.delete()
    return bool(rows)


def declare_swap(day_off: date, day_worked: date, reason: str = "", unit=None) -> tuple[CalendarDay, CalendarDay]:
    """Hoán đổi ngày làm việc: day_off (a weekday) is off, day_worked (a Saturday) is worked in exchange. Both days in
    one transaction on the platform's connection: never one without the other."""
    if day_off == day_worked:
        raise ValueError("the day off and the day worked must differ")
    note = reason or f"{day_off:%d/%m/%Y} ⇄ {day_worked:%d/%m/%Y}"
    with platform_atomic():
        return (set_calendar_day(day_off, DayKind.HOLIDAY, note, unit),
                set_calendar_day(day_worked, DayKind.WORKING, note, unit))


def set_office_hours(unit, *, periods: str | None = None, weekdays: str | None = None,
                     appointment_rule: AppointmentRule | str | None = None) -> UnitCalendarSettings:
    """Change a unit's office hours (text forms as in the admin: "07:30-11:30, 13:30-17:00", "1-5"). Bad text: a
    CalendarError, nothing written."""
    with platform_atomic():  # the row read locked, written, and its revision token together
        row = (UnitCalendarSettings.objects.select_for_update().filter(unit_id=_unit_id(unit)).first()
               or UnitCalendarSettings(unit_id=_unit_id(unit)))
        current = row.office_hours()
        hours = OfficeHours.parse(periods if periods is not None else row.periods,
                                  weekdays if weekdays is not None else row.weekdays,
                                  appointment_rule or current.appointment_rule)
        row.periods, row.weekdays = format_periods(hours.periods), format_weekdays(hours.weekdays)
        row.appointment_rule = hours.appointment_rule.value
        row.save()
    return row


# --- shortcuts for callers holding a unit rather than a calendar ---

def appointment_for(unit, received_at: datetime, *, days: Number = 0, hours: Number = 0) -> datetime:
    """The return appointment of a dossier the unit received at received_at."""
    return calendar_for(unit, around=received_at).appointment(received_at, days=days, hours=hours)


def open_deadline(unit, received_at: datetime, *, days: Number = 0, hours: Number = 0) -> Deadline:
    """start_deadline() with the unit's calendar."""
    return start_deadline(calendar_for(unit, around=received_at), received_at, days=days, hours=hours)
