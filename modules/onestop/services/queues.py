"""Staff work queues: my dossiers, due today, overdue, waiting for me (the current step is my role's).

"Waiting for me" and the filter by a step's role read the dossier's own `current_step_role` (services/current_step.py),
indexed with its status and appointment: a constant number of queries, none reading the unit's step rows."""

from datetime import datetime, time

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.accounts.services import role_codes
from modules.onestop.models import FINAL_STATUSES, Dossier, Status

QUEUES = ("mine", "due_today", "overdue", "waiting_for_me", "open")
_WORKING = [s for s in Status.values if s not in FINAL_STATUSES and s != Status.RESULT_READY]
# Work outside the process steps, and the role that does it.
_COUNTER_WORK = {Status.RECEIVED: "receiving_officer", Status.WAITING_SUPPLEMENT: "receiving_officer",
                 Status.RESULT_READY: "result_officer"}


def visible() -> QuerySet:
    """The dossiers the unit's staff see: not a citizen's online submission still awaiting the applicant's
    confirmation (services/unconfirmed.py)."""
    return Dossier.objects.filter(awaiting_confirmation=False)


def open_dossiers() -> QuerySet:
    return visible().exclude(status__in=FINAL_STATUSES)


def queue(name: str, user, *, now: datetime | None = None, step_role: str | None = None) -> QuerySet:
    """Dossiers of one queue in the current unit, the most urgent first."""
    now = now or timezone.now()
    qs = open_dossiers()
    if name == "mine":
        qs = qs.filter(assignee=user)
    elif name == "due_today":
        end = timezone.make_aware(datetime.combine(timezone.localtime(now).date(), time.max))
        qs = qs.filter(status__in=_WORKING, due_at__gte=now, due_at__lte=end)
    elif name == "overdue":
        qs = qs.filter(status__in=_WORKING, due_at__lt=now)
    elif name == "waiting_for_me":
        roles = role_codes(user, connection.tenant)
        at_counter = [status for status, role in _COUNTER_WORK.items() if role in roles]
        qs = qs.filter(Q(status=Status.IN_PROCESS, current_step_role__in=sorted(roles)) | Q(status__in=at_counter))
    elif name != "open":
        raise ValueError(f"unknown queue {name!r}; queues: {', '.join(QUEUES)}")
    if step_role:
        qs = qs.filter(current_step_role=step_role)
    return qs.order_by("due_at", "id")
