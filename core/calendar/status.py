"""Classifying a deadline: early, on time or late once finished; on time or overdue while in progress."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar.errors import CalendarError
from core.calendar.working_calendar import VN_TZ


class DeadlineStatus(models.TextChoices):
    EARLY = "early", gettext_lazy("Trước hạn")
    ON_TIME = "on_time", gettext_lazy("Đúng hạn")
    LATE = "late", gettext_lazy("Trễ hạn")
    IN_PROGRESS_ON_TIME = "in_progress_on_time", gettext_lazy("Đang giải quyết, trong hạn")
    OVERDUE = "overdue", gettext_lazy("Đang giải quyết, quá hạn")

    @property
    def is_finished(self) -> bool:
        return self in (DeadlineStatus.EARLY, DeadlineStatus.ON_TIME, DeadlineStatus.LATE)


def _aware(t: datetime, name: str) -> datetime:
    if t.tzinfo is None or t.utcoffset() is None:
        raise CalendarError(_("Thời điểm phải kèm múi giờ (ví dụ Asia/Ho_Chi_Minh).") + f" ({name})")
    return t


def classify(due_at: datetime, completed_at: datetime | None = None, now: datetime | None = None,
             tz: ZoneInfo = VN_TZ) -> DeadlineStatus:
    """Finished (completed_at given): LATE after due_at; EARLY when finished on a calendar day before the due day
    (in Vietnam time); otherwise ON_TIME. In progress: OVERDUE once now (default: the current time) is past due_at,
    otherwise IN_PROGRESS_ON_TIME. Exactly at due_at is still on time."""
    due_at = _aware(due_at, "due_at")
    if completed_at is not None:
        completed_at = _aware(completed_at, "completed_at")
        if completed_at > due_at:
            return DeadlineStatus.LATE
        if completed_at.astimezone(tz).date() < due_at.astimezone(tz).date():
            return DeadlineStatus.EARLY
        return DeadlineStatus.ON_TIME
    now = _aware(now, "now") if now is not None else timezone.now()
    return DeadlineStatus.OVERDUE if now > due_at else DeadlineStatus.IN_PROGRESS_ON_TIME
