"""A unit's office hours and counting rules: the periods of a working day, the weekdays worked and how an appointment
is set. Pure values, parsed from and formatted to the text the admin shows.

There is no reception cut-off here: Decree 118/2025/NĐ-CP has no general one (no "after 15:00, from the next working
day"); a dossier received in office hours counts from then, one received outside them from the next opening. A
cut-off is a procedure's own rule, passed to WorkingCalendar.counting_start by the module that keeps such rules."""

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum

from django.utils.translation import gettext as _

from core.calendar.errors import CalendarError


class AppointmentRule(StrEnum):
    """Where an appointment computed in working time lands (see docs/calendar.md)."""

    SAME_TIME = "same_time"    # N working days later at the same office-clock time (the default)
    END_OF_DAY = "end_of_day"  # rounded up to the end of office hours of that working day


DEFAULT_PERIODS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
DEFAULT_WEEKDAYS = frozenset({1, 2, 3, 4, 5})  # ISO weekdays, Monday = 1


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


@dataclass(frozen=True)
class OfficeHours:
    """Every working day has the same periods; a Saturday declared a working day uses them too."""

    periods: tuple[tuple[time, time], ...] = DEFAULT_PERIODS
    weekdays: frozenset[int] = field(default=DEFAULT_WEEKDAYS)
    appointment_rule: AppointmentRule = AppointmentRule.SAME_TIME

    def __post_init__(self):
        object.__setattr__(self, "periods", tuple((start, end) for start, end in self.periods))
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        object.__setattr__(self, "appointment_rule", AppointmentRule(self.appointment_rule))
        if not self.periods:
            raise CalendarError(_("Giờ làm việc phải có ít nhất một buổi."))
        previous_end = -1
        for start, end in self.periods:
            if start.microsecond or end.microsecond:
                raise CalendarError(_("Giờ làm việc chỉ tính đến giây."))
            if _seconds(start) >= _seconds(end):
                raise CalendarError(_("Buổi làm việc %(start)s-%(end)s kết thúc trước khi bắt đầu.")
                                    % {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")})
            if _seconds(start) < previous_end:
                raise CalendarError(_("Các buổi làm việc phải theo thứ tự và không chồng lên nhau."))
            previous_end = _seconds(end)
        if not self.weekdays or not self.weekdays <= {1, 2, 3, 4, 5, 6, 7}:
            raise CalendarError(_("Ngày làm việc trong tuần là các số từ 1 (thứ Hai) đến 7 (Chủ nhật)."))

    @property
    def seconds_per_day(self) -> int:
        """Length of one working day in seconds (7 h 30 with the default periods)."""
        return sum(_seconds(end) - _seconds(start) for start, end in self.periods)

    @classmethod
    def parse(cls, periods: str = "", weekdays: str = "",
              appointment_rule: str = AppointmentRule.SAME_TIME) -> "OfficeHours":
        """OfficeHours.parse("07:30-11:30, 13:30-17:00", "1-5") - the text form the admin stores."""
        return cls(
            periods=parse_periods(periods) if periods.strip() else DEFAULT_PERIODS,
            weekdays=parse_weekdays(weekdays) if weekdays.strip() else DEFAULT_WEEKDAYS,
            appointment_rule=AppointmentRule(appointment_rule or AppointmentRule.SAME_TIME),
        )


def _parse_time(text: str) -> time:
    try:
        hour, minute = text.strip().split(":")
        return time(int(hour), int(minute))
    except ValueError:
        raise CalendarError(_("Giờ không hợp lệ: %(text)s (dạng HH:MM).") % {"text": text.strip()}) from None


def parse_periods(text: str) -> tuple[tuple[time, time], ...]:
    """"07:30-11:30, 13:30-17:00" -> ((07:30, 11:30), (13:30, 17:00))."""
    periods = []
    for chunk in text.replace(";", ",").split(","):
        if not chunk.strip():
            continue
        if chunk.count("-") != 1:
            raise CalendarError(_("Buổi làm việc không hợp lệ: %(text)s (dạng 07:30-11:30).") % {"text": chunk.strip()})
        start, end = chunk.split("-")
        periods.append((_parse_time(start), _parse_time(end)))
    OfficeHours(periods=tuple(periods))  # validates
    return tuple(periods)


def format_periods(periods: tuple[tuple[time, time], ...]) -> str:
    return ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in periods)


def parse_weekdays(text: str) -> frozenset[int]:
    """"1-5" or "1,2,3,4,5" (ISO: Monday = 1, Sunday = 7)."""
    days: set[int] = set()
    try:
        for chunk in text.split(","):
            chunk = chunk.strip()
            if not chunk:
                continue
            if "-" in chunk:
                first, last = (int(x) for x in chunk.split("-"))
                days.update(range(first, last + 1))
            else:
                days.add(int(chunk))
    except ValueError:
        raise CalendarError(_("Ngày trong tuần không hợp lệ: %(text)s (dạng 1-5).") % {"text": text}) from None
    if not days or not days <= {1, 2, 3, 4, 5, 6, 7}:
        raise CalendarError(_("Ngày làm việc trong tuần là các số từ 1 (thứ Hai) đến 7 (Chủ nhật)."))
    return frozenset(days)


def format_weekdays(days: frozenset[int]) -> str:
    return ",".join(str(d) for d in sorted(days))
