"""The working calendar of one unit over a range of years: which days are worked, and arithmetic in working time.

Pure and fast: built once from sets of dates and the office hours, then every operation is a dictionary look-up or a
bisection. Internally an instant is mapped to its *working offset*, the working microseconds elapsed since the first
working day of the range began; adding working time is adding to the offset, and the difference of two offsets is
the working time between two instants. All working days have the same office periods, so "N working days later" is
the offset plus N days' worth of office time: the same office-clock time N working days later.

Instants between office periods share one offset. Converting an offset back, a deadline takes the *earliest* instant
(17:00 of the last working day, never 07:30 of the next one); a start takes the *latest* (when work resumes).
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from core.calendar.errors import CalendarError, OutsideCalendarRange
from core.calendar.office_hours import AppointmentRule, OfficeHours

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3600 * _US_PER_SECOND

Number = int | float | Decimal


def _microseconds(value: Number | timedelta, unit_us: int) -> int:
    """An amount of `unit_us` microseconds (a day, an hour) as whole microseconds, exactly for int and Decimal."""
    if isinstance(value, timedelta):
        return (value.days * 86400 + value.seconds) * _US_PER_SECOND + value.microseconds
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"expected a number of working days or hours, got {type(value).__name__}")
    if isinstance(value, float):
        value = Decimal(repr(value))
    return int((Decimal(value) * unit_us).to_integral_value())


class WorkingCalendar:
    """Working days and office hours of one unit for the years first_year..last_year (inclusive).

    holidays: dates off (a mapping date -> name keeps the names for display); working_days: dates worked although
    the week or `holidays` would make them off (a swapped Saturday). working_days wins over holidays.
    """

    def __init__(self, first_year: int, last_year: int, *, holidays: Mapping[date, str] | Iterable[date] = (),
                 working_days: Iterable[date] = (), office_hours: OfficeHours | None = None, tz: ZoneInfo = VN_TZ):
        if first_year > last_year:
            raise CalendarError(_("Khoảng năm không hợp lệ: %(first)s-%(last)s.") % {"first": first_year, "last": last_year})
        self.first_year, self.last_year = first_year, last_year
        self.office_hours = office_hours or OfficeHours()
        self.tz = tz
        self._names: dict[date, str] = dict(holidays) if isinstance(holidays, Mapping) else dict.fromkeys(holidays, "")
        off = {d.toordinal() for d in self._names}
        on = {d.toordinal() for d in working_days}
        self._first_ordinal = date(first_year, 1, 1).toordinal()
        self._last_ordinal = date(last_year, 12, 31).toordinal()
        weekdays = self.office_hours.weekdays
        self._days: list[int] = [
            o for o in range(self._first_ordinal, self._last_ordinal + 1)
            if o in on or (o not in off and (o - 1) % 7 + 1 in weekdays)  # ordinal 1 (0001-01-01) is a Monday
        ]
        if not self._days:
            raise CalendarError(_("Lịch không có ngày làm việc nào."))
        self._index: dict[int, int] = {o: i for i, o in enumerate(self._days)}
        # Office periods as (start, end, working time before it) in microseconds since midnight.
        periods, before = [], 0
        for start, end in self.office_hours.periods:
            start_us = (start.hour * 3600 + start.minute * 60 + start.second) * _US_PER_SECOND
            end_us = (end.hour * 3600 + end.minute * 60 + end.second) * _US_PER_SECOND
            periods.append((start_us, end_us, before))
            before += end_us - start_us
        self._periods = tuple(periods)
        self._day_us = before

    def __repr__(self):
        return f"<WorkingCalendar {self.first_year}-{self.last_year}: {len(self._days)} working days>"

    # --- days ---

    @property
    def day_length(self) -> timedelta:
        """Office time in one working day (7 h 30 with the default hours); 0.5 day is half of it."""
        return timedelta(microseconds=self._day_us)

    def _ordinal(self, d: date) -> int:
        o = d.toordinal()
        if not self._first_ordinal <= o <= self._last_ordinal:
            raise OutsideCalendarRange(
                _("Ngày %(day)s nằm ngoài lịch đã lập (%(first)s-%(last)s).")
                % {"day": d.strftime("%d/%m/%Y"), "first": self.first_year, "last": self.last_year})
        return o

    def is_working_day(self, d: date) -> bool:
        return self._ordinal(d) in self._index

    def holiday_name(self, d: date) -> str | None:
        """The name of the holiday on d, "" for an unnamed day off, None when d is not a declared day off."""
        if d.toordinal() in self._index:
            return None
        return self._names.get(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after d."""
        i = bisect_right(self._days, self._ordinal(d))
        if i >= len(self._days):
            raise self._beyond()
        return date.fromordinal(self._days[i])

    def working_days(self, first: date, last: date) -> list[date]:
        """The working days from first to last, both included."""
        lo, hi = bisect_left(self._days, self._ordinal(first)), bisect_right(self._days, self._ordinal(last))
        return [date.fromordinal(o) for o in self._days[lo:hi]]

    def start_of_day(self, d: date) -> datetime:
        """Opening time of working day d."""
        if not self.is_working_day(d):
            raise CalendarError(_("Ngày %(day)s không phải ngày làm việc.") % {"day": d.strftime("%d/%m/%Y")})
        return self._at(d.toordinal(), self._periods[0][0])

    def end_of_day(self, d: date) -> datetime:
        """Closing time of working day d."""
        if not self.is_working_day(d):
            raise CalendarError(_("Ngày %(day)s không phải ngày làm việc.") % {"day": d.strftime("%d/%m/%Y")})
        return self._at(d.toordinal(), self._periods[-1][1])

    # --- instants <-> working offsets ---

    def _beyond(self) -> OutsideCalendarRange:
        return OutsideCalendarRange(_("Thời hạn vượt ra ngoài lịch đã lập (%(first)s-%(last)s).")
                                    % {"first": self.first_year, "last": self.last_year})

    def to_local(self, t: datetime) -> datetime:
        """t in the calendar's time zone; a naive datetime is refused."""
        if not isinstance(t, datetime):
            raise TypeError(f"expected a datetime, got {type(t).__name__}")
        if t.tzinfo is None or t.utcoffset() is None:
            raise CalendarError(_("Thời điểm phải kèm múi giờ (ví dụ Asia/Ho_Chi_Minh)."))
        return t.astimezone(self.tz)

    def _at(self, ordinal: int, us: int) -> datetime:
        seconds, micro = divmod(us, _US_PER_SECOND)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        d = date.fromordinal(ordinal)
        return datetime(d.year, d.month, d.day, hour, minute, second, micro, tzinfo=self.tz)

    def _offset(self, t: datetime) -> int:
        local = self.to_local(t)
        o = self._ordinal(local.date())
        i = self._index.get(o)
        if i is None:  # a day off counts as the start of the next working day
            return bisect_left(self._days, o) * self._day_us
        us = ((local.hour * 60 + local.minute) * 60 + local.second) * _US_PER_SECOND + local.microsecond
        within = 0
        for start, end, before in self._periods:
            if us < start:
                break
            within = before + min(us, end) - start
        return i * self._day_us + within

    def _deadline_at(self, offset: int) -> datetime:
        """The earliest instant with this working offset: the end of a period rather than the start of the next."""
        i, within = divmod(offset, self._day_us)
        if within == 0 and i > 0:
            i, within = i - 1, self._day_us
        if not 0 <= i < len(self._days):
            raise self._beyond()
        for start, end, before in self._periods:
            if within <= before + end - start:
                return self._at(self._days[i], start + within - before)
        raise AssertionError("unreachable")

    def _start_at(self, offset: int) -> datetime:
        """The latest instant with this working offset: where work resumes."""
        i, within = divmod(offset, self._day_us)
        if not 0 <= i < len(self._days):
            raise self._beyond()
        for start, end, before in self._periods:
            if within < before + end - start:
                return self._at(self._days[i], start + within - before)
        raise AssertionError("unreachable")

    # --- working time ---

    def next_working_start(self, t: datetime) -> datetime:
        """t itself during office hours, otherwise the next opening of an office period."""
        return self._start_at(self._offset(t))

    def counting_start(self, received_at: datetime, cutoff: time | None = None) -> datetime:
        """When processing time starts for a dossier received at `received_at`.

        Received in office hours: then. Before opening or in the lunch break: the next office instant (07:30, 13:30);
        after the close of office hours or on a day off: the opening of the next working day. `cutoff`: a procedure's
        own hour after which it counts from the next working day; None (the default) for none - Decree 118/2025/NĐ-CP
        has no general cut-off.
        """
        local = self.to_local(received_at)
        o = self._ordinal(local.date())
        us = ((local.hour * 60 + local.minute) * 60 + local.second) * _US_PER_SECOND + local.microsecond
        if cutoff is None:
            limit = None
        else:
            limit = (cutoff.hour * 3600 + cutoff.minute * 60 + cutoff.second) * _US_PER_SECOND
        if o not in self._index or (limit is not None and us > limit):
            i = bisect_right(self._days, o)
            if i >= len(self._days):
                raise self._beyond()
            return self._at(self._days[i], self._periods[0][0])
        return self.next_working_start(local)

    def _add(self, start: datetime, amount_us: int) -> datetime:
        """start plus working time. Adding nothing leaves an instant of office hours (or a period's close) as it is
        and moves any other to the next opening, never back to an earlier close."""
        offset = self._offset(start)
        if amount_us == 0:
            same = self._deadline_at(offset)
            return same if same == start else self._start_at(offset)
        return self._deadline_at(offset + amount_us)

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """n working days after start, at the same office-clock time; n may be negative."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError("n must be an integer number of working days; use add_working_time for fractions")
        return self._add(start, n * self._day_us)

    def add_working_hours(self, start: datetime, hours: Number | timedelta) -> datetime:
        """start plus a number of working hours (or a timedelta of working time); may be negative."""
        return self._add(start, _microseconds(hours, _US_PER_HOUR))

    def add_working_time(self, start: datetime, *, days: Number = 0, hours: Number | timedelta = 0) -> datetime:
        """start plus days (fractions allowed: 0.5 day is half of day_length) and hours of working time."""
        return self._add(start, _microseconds(days, self._day_us) + _microseconds(hours, _US_PER_HOUR))

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Office time from a to b; negative when b is before a."""
        return timedelta(microseconds=self._offset(b) - self._offset(a))

    def working_days_between(self, a: datetime, b: datetime) -> Decimal:
        """working_time_between in working days (Decimal, 1 = one day_length)."""
        return Decimal(self._offset(b) - self._offset(a)) / Decimal(self._day_us)

    # --- appointments ---

    def apply_appointment_rule(self, due: datetime) -> datetime:
        """A computed due time as the unit sets appointments: unchanged, or the end of its working day."""
        if self.office_hours.appointment_rule == AppointmentRule.END_OF_DAY:
            return self.end_of_day(self.to_local(due).date())
        return self.to_local(due)

    def due_from(self, start: datetime, *, days: Number = 0, hours: Number | timedelta = 0) -> datetime:
        """The due time of an allotment counted from start, with the unit's appointment rule."""
        return self.apply_appointment_rule(self.add_working_time(start, days=days, hours=hours))

    def appointment(self, received_at: datetime, *, days: Number = 0, hours: Number | timedelta = 0) -> datetime:
        """The return appointment of a dossier received at received_at with the given processing time."""
        return self.due_from(self.counting_start(received_at), days=days, hours=hours)

