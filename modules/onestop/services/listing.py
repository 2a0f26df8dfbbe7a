"""What lists of dossiers select: a staff work queue, and the deadline status computed in SQL.

The SQL follows deadlines.status_of (core.calendar.status.classify) exactly, so a filter on the deadline status
selects the dossiers whose `deadlineStatus` shows that status: finished (completed_at set) early, on time or late;
in progress on time or overdue, the clock read where it stopped while paused.
"""

from datetime import datetime

from django.db.models import DateTimeField, F, Q, QuerySet, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar.status import DeadlineStatus
from core.calendar.working_calendar import VN_TZ
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.queues import QUEUES, queue, visible
from modules.procedures.services.validation import step_roles


def dossiers(user, queue_name: str | None = None, *, now: datetime | None = None,
             step_role: str | None = None) -> QuerySet:
    """Every dossier of the current unit, or one work queue of `user` (queues.QUEUES); only those whose current step
    is `step_role`'s when given (OnestopError INVALID_DATA for a role no step may have)."""
    if step_role is not None and step_role not in step_roles():
        raise OnestopError("INVALID_DATA", _("Không có vai trò thực hiện bước %(r)s.") % {"r": step_role}, "step_role")
    if queue_name:
        if queue_name not in QUEUES:
            raise ValueError(f"unknown queue {queue_name!r}")
        return queue(queue_name, user, now=now, step_role=step_role)
    return visible().filter(current_step_role=step_role) if step_role else visible()


def with_deadline_status(queryset: QuerySet, status: str, *, now: datetime | None = None) -> QuerySet:
    """The dossiers of `queryset` whose deadline status (DeadlineStatus value) is `status` at `now`."""
    now = now or timezone.now()
    paused_at = Cast(KeyTextTransform("paused_at", "deadline"), DateTimeField())
    queryset = queryset.alias(
        onestop_clock=Coalesce(paused_at, Value(now, output_field=DateTimeField())),
        onestop_completed_day=TruncDate("completed_at", tzinfo=VN_TZ),
        onestop_due_day=TruncDate("due_at", tzinfo=VN_TZ),
    )
    finished = Q(completed_at__isnull=False)
    in_time = finished & Q(completed_at__lte=F("due_at"))
    conditions = {
        DeadlineStatus.EARLY: in_time & Q(onestop_completed_day__lt=F("onestop_due_day")),
        DeadlineStatus.ON_TIME: in_time & Q(onestop_completed_day__gte=F("onestop_due_day")),
        DeadlineStatus.LATE: finished & Q(completed_at__gt=F("due_at")),
        DeadlineStatus.OVERDUE: Q(completed_at__isnull=True, onestop_clock__gt=F("due_at")),
        DeadlineStatus.IN_PROGRESS_ON_TIME: Q(completed_at__isnull=True, onestop_clock__lte=F("due_at")),
    }
    return queryset.filter(conditions[DeadlineStatus(status)])
