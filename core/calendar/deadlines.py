"""The deadline of a dossier or a step: opened on receipt, paused and resumed, restarted when the citizen supplements
the dossier, extended once. Pure: each operation takes a WorkingCalendar and returns a new Deadline.

Rules (docs/calendar.md):
- counting starts on receipt (the next office instant), or at the next working day's opening when received on a day
  off, after office hours or after a procedure's own cut-off (none by default: Decree 118/2025 has no general one);
- a generic pause (waiting for a financial obligation, ...) moves the due time by the working time paused;
- a supplement request pauses; when the complete supplement arrives the full processing time is counted again from
  that receipt (policy RESTART, the default) or only the pause is skipped (policy RESUME);
- the appointment may be set later once ("hẹn lại ngày trả kết quả"); a second extension is refused;
- the time is counted in its kind (TimeKind): working days and hours (office time), calendar days or months (Civil
  Code 2015 Art. 147-148: the first day is not counted; the time ends at the end of the last day, for months the same
  day of the last month or that month's last day; a last day off moves the end to the end of the next working day),
  or elapsed hours.
"""

import calendar as months_calendar
import math
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar.errors import DeadlineError, ExtensionRefused
from core.calendar.status import DeadlineStatus, classify
from core.calendar.working_calendar import Number, WorkingCalendar


class PauseReason(models.TextChoices):
    SUPPLEMENT = "supplement", gettext_lazy("Chờ bổ sung, hoàn thiện hồ sơ")
    FINANCIAL_OBLIGATION = "financial_obligation", gettext_lazy("Chờ thực hiện nghĩa vụ tài chính")
    OTHER = "other", gettext_lazy("Tạm dừng khác")


class TimeKind(StrEnum):
    """How a processing time is counted (the kind of time a procedure channel states)."""

    WORKING = "working"              # working days and working hours: office time (`days`, `hours`)
    CALENDAR_DAYS = "calendar_days"  # "N ngày": calendar days, Civil Code Art. 147-148 (`days`)
    MONTHS = "months"                # "N tháng": the same day N months on, Civil Code Art. 148 (`months`)
    HOURS = "hours"                  # elapsed hours, day or night (`hours`)


class SupplementPolicy(StrEnum):
    RESTART = "restart"  # the full processing time counts again from receipt of the complete dossier
    RESUME = "resume"    # the time already spent counts; only the wait for the citizen is skipped


@dataclass(frozen=True)
class Extension:
    """The one new appointment a late dossier may get (with the apology letter to the citizen)."""

    previous_due: datetime
    new_due: datetime
    reason: str
    at: datetime


@dataclass(frozen=True)
class Deadline:
    received_at: datetime
    started_at: datetime      # when counting (re)started
    days: Decimal             # allotted working days (fractions allowed)
    hours: Decimal            # allotted working hours, added to days
    due_at: datetime
    paused_at: datetime | None = None
    pause_reason: str = ""
    paused_time: timedelta = timedelta(0)  # working time skipped by resumed pauses
    supplements: int = 0                   # supplements received
    extension: Extension | None = None
    kind: str = TimeKind.WORKING           # how days/hours/months count (TimeKind)
    months: int = 0                        # allotted months (kind MONTHS)

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def to_dict(self) -> dict:
        """JSON-ready form for storing the deadline with the dossier."""
        ext = self.extension
        return {
            "received_at": self.received_at.isoformat(), "started_at": self.started_at.isoformat(),
            "days": str(self.days), "hours": str(self.hours), "due_at": self.due_at.isoformat(),
            "paused_at": self.paused_at.isoformat() if self.paused_at else None, "pause_reason": self.pause_reason,
            "paused_seconds": self.paused_time.total_seconds(), "supplements": self.supplements,
            "kind": str(self.kind), "months": self.months,
            "extension": None if ext is None else {
                "previous_due": ext.previous_due.isoformat(), "new_due": ext.new_due.isoformat(),
                "reason": ext.reason, "at": ext.at.isoformat()},
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Deadline":
        ext = data.get("extension")
        return cls(
            received_at=datetime.fromisoformat(data["received_at"]),
            started_at=datetime.fromisoformat(data["started_at"]),
            days=Decimal(data["days"]), hours=Decimal(data["hours"]),
            due_at=datetime.fromisoformat(data["due_at"]),
            paused_at=datetime.fromisoformat(data["paused_at"]) if data.get("paused_at") else None,
            pause_reason=data.get("pause_reason", ""),
            paused_time=timedelta(seconds=data.get("paused_seconds", 0)),
            supplements=data.get("supplements", 0),
            kind=data.get("kind", TimeKind.WORKING), months=data.get("months", 0),
            extension=None if not ext else Extension(
                previous_due=datetime.fromisoformat(ext["previous_due"]), new_due=datetime.fromisoformat(ext["new_due"]),
                reason=ext["reason"], at=datetime.fromisoformat(ext["at"])),
        )


def _amount(value: Number, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"{name} must be a number")
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if amount < 0:
        raise DeadlineError(_("Thời hạn giải quyết không được âm."))
    return amount


def start_deadline(cal: WorkingCalendar, received_at: datetime, *, days: Number = 0, hours: Number = 0,
                   months: int = 0, cutoff: time | None = None,
                   kind: TimeKind | str = TimeKind.WORKING) -> Deadline:
    """The deadline of a dossier received at received_at with `days` and `hours` (or `months`) of `kind`.

    `cutoff`: see WorkingCalendar.counting_start. `kind`: TimeKind; calendar days and months end at the close of
    office hours of their last day (of the next working day when that day is off)."""
    days, hours, kind = _amount(days, "days"), _amount(hours, "hours"), TimeKind(kind)
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise DeadlineError(_("Số tháng của thời hạn phải là số nguyên không âm."))
    started = cal.counting_start(received_at, cutoff=cutoff)
    deadline = Deadline(received_at=received_at, started_at=started, days=days, hours=hours, due_at=started,
                        kind=kind.value, months=months)
    return replace(deadline, due_at=_due(cal, deadline, started))


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the last day of that month when it has no such day (Civil Code Art. 148)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, months_calendar.monthrange(year, month)[1]))


def civil_end(cal: WorkingCalendar, last_day: date) -> datetime:
    """The end of a time counted in days or months: the close of office hours of its last day, or of the next
    working day when the last day is a weekend day or a holiday (Civil Code Art. 148)."""
    if not cal.is_working_day(last_day):
        last_day = cal.next_working_day(last_day)
    return cal.end_of_day(last_day)


def _due(cal: WorkingCalendar, deadline: Deadline, started: datetime) -> datetime:
    """The due time of the deadline's allotment counted from `started`, in its kind."""
    kind = TimeKind(deadline.kind)
    if kind == TimeKind.WORKING:
        return cal.due_from(started, days=deadline.days, hours=deadline.hours)
    if kind == TimeKind.HOURS:
        return cal.next_working_start(started + timedelta(seconds=int(deadline.hours * 3600)))
    first = cal.to_local(started).date()  # the day counting starts on is not counted (Art. 147)
    if kind == TimeKind.MONTHS:
        return civil_end(cal, add_months(first, deadline.months))
    return civil_end(cal, first + timedelta(days=math.ceil(deadline.days)))


def step_due(cal: WorkingCalendar, start: datetime, *, days: Number = 0, hours: Number = 0) -> datetime:
    """The due time of a processing step starting at `start` (no cut-off rule, no appointment rounding)."""
    return cal.add_working_time(cal.next_working_start(start), days=_amount(days, "days"), hours=_amount(hours, "hours"))


def pause_deadline(cal: WorkingCalendar, deadline: Deadline, at: datetime,
                   reason: str = PauseReason.OTHER) -> Deadline:
    if deadline.is_paused:
        raise DeadlineError(_("Hồ sơ đang tạm dừng từ %(at)s.") % {"at": _show(cal, deadline.paused_at)})
    cal.working_time_between(deadline.started_at, at)  # validates `at`
    return replace(deadline, paused_at=at, pause_reason=PauseReason(reason).value)


def _shifted(cal: WorkingCalendar, deadline: Deadline, resumed_at: datetime) -> tuple[datetime, timedelta]:
    """The due time moved by the working time between the pause and resumed_at; unchanged if paused when late."""
    if resumed_at < deadline.paused_at:
        raise DeadlineError(_("Thời điểm tiếp tục phải sau thời điểm tạm dừng."))
    paused = cal.working_time_between(deadline.paused_at, resumed_at)
    if deadline.paused_at >= deadline.due_at or not paused:
        return deadline.due_at, paused
    return cal.apply_appointment_rule(cal.add_working_hours(deadline.due_at, paused)), paused


def resume_deadline(cal: WorkingCalendar, deadline: Deadline, at: datetime) -> Deadline:
    """End a pause: the due time moves later by the working time paused."""
    if not deadline.is_paused:
        raise DeadlineError(_("Hồ sơ không ở trạng thái tạm dừng."))
    if deadline.pause_reason == PauseReason.SUPPLEMENT:
        raise DeadlineError(_("Hồ sơ đang chờ bổ sung: dùng tiếp nhận hồ sơ bổ sung."))
    due, paused = _shifted(cal, deadline, at)
    return replace(deadline, due_at=due, paused_at=None, pause_reason="", paused_time=deadline.paused_time + paused)


def request_supplement(cal: WorkingCalendar, deadline: Deadline, at: datetime) -> Deadline:
    """The dossier goes back to the citizen to be supplemented; the clock stops."""
    return pause_deadline(cal, deadline, at, PauseReason.SUPPLEMENT)


def receive_supplement(cal: WorkingCalendar, deadline: Deadline, at: datetime,
                       policy: SupplementPolicy | str = SupplementPolicy.RESTART,
                       cutoff: time | None = None) -> Deadline:
    """The complete supplement arrives at `at`.

    RESTART: counting starts again from this receipt (as a receipt: the procedure's own `cutoff` if it has one) for
    the full processing time.
    RESUME: the due time moves later by the working time the dossier waited.
    """
    if deadline.pause_reason != PauseReason.SUPPLEMENT:
        raise DeadlineError(_("Hồ sơ không ở trạng thái chờ bổ sung."))
    if SupplementPolicy(policy) == SupplementPolicy.RESUME:
        due, paused = _shifted(cal, deadline, at)
        return replace(deadline, due_at=due, paused_at=None, pause_reason="",
                       paused_time=deadline.paused_time + paused, supplements=deadline.supplements + 1)
    if at < deadline.paused_at:
        raise DeadlineError(_("Thời điểm tiếp tục phải sau thời điểm tạm dừng."))
    started = cal.counting_start(at, cutoff=cutoff)
    return replace(deadline, started_at=started, due_at=_due(cal, deadline, started),
                   paused_at=None, pause_reason="", supplements=deadline.supplements + 1)


def extend_deadline(cal: WorkingCalendar, deadline: Deadline, *, reason: str, at: datetime,
                    new_due: datetime | date | None = None, days: Number = 0, hours: Number = 0) -> Deadline:
    """Set a later appointment, once. Give new_due (a datetime, or a date: end of office hours that day) or the
    working days/hours to add to the current due time. A second extension raises ExtensionRefused."""
    if deadline.extension is not None:
        raise ExtensionRefused(
            _("Hồ sơ đã được hẹn lại ngày trả kết quả một lần (đến %(due)s); không được gia hạn lần thứ hai.")
            % {"due": _show(cal, deadline.extension.new_due)})
    if not reason.strip():
        raise DeadlineError(_("Phải nêu lý do hẹn lại ngày trả kết quả."))
    if (new_due is None) == (not days and not hours):
        raise DeadlineError(_("Cho ngày hẹn mới hoặc số ngày/giờ làm việc gia hạn, không cả hai."))
    if new_due is None:
        target = cal.due_from(deadline.due_at, days=_amount(days, "days"), hours=_amount(hours, "hours"))
    elif isinstance(new_due, datetime):
        target = new_due
        if not cal.is_working_day(cal.to_local(target).date()):
            raise ExtensionRefused(_("Ngày hẹn mới phải là ngày làm việc."))
    else:
        if not cal.is_working_day(new_due):
            raise ExtensionRefused(_("Ngày hẹn mới phải là ngày làm việc."))
        target = cal.end_of_day(new_due)
    if target <= deadline.due_at:
        raise ExtensionRefused(_("Ngày hẹn mới (%(new)s) phải sau ngày hẹn hiện tại (%(due)s).")
                               % {"new": _show(cal, target), "due": _show(cal, deadline.due_at)})
    extension = Extension(previous_due=deadline.due_at, new_due=target, reason=reason.strip(), at=at)
    return replace(deadline, due_at=target, extension=extension)


def deadline_status(deadline: Deadline, *, completed_at: datetime | None = None,
                    now: datetime | None = None) -> DeadlineStatus:
    """classify() for a deadline; while paused, the clock is read at the moment it stopped."""
    if completed_at is None and deadline.is_paused:
        now = deadline.paused_at
    return classify(deadline.due_at, completed_at=completed_at, now=now)


def remaining_time(cal: WorkingCalendar, deadline: Deadline, now: datetime) -> timedelta:
    """Working time left until the due time (negative when overdue); frozen while paused."""
    return cal.working_time_between(deadline.paused_at or now, deadline.due_at)


def _show(cal: WorkingCalendar, t: datetime) -> str:
    return cal.to_local(t).strftime("%H:%M %d/%m/%Y")
