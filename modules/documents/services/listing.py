"""Lists of documents for a person: what they may see (access.visible_to, in the list's own query), filtered,
ordered; and the overdue work a leader follows, per person and per department."""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from modules.documents.models import Assignment, AssignmentRole, Direction, Status
from modules.documents.services import access

CLOSED = [Status.COMPLETED, Status.ISSUED]


def overdue_q(now: datetime) -> Q:
    """Open work past its deadline: the document's due date, or an assignment still open after its due time."""
    late_assignment = Exists(Assignment.objects.filter(document=OuterRef("pk"), done_at__isnull=True,
                                                       due_at__lt=now).exclude(role=AssignmentRole.INFO))
    return ~Q(status__in=CLOSED) & (Q(due_on__lt=timezone.localdate(now)) | late_assignment)


def documents_for(user, *, direction: str | None = None, status: str | None = None, overdue: bool = False,
                  now: datetime | None = None) -> QuerySet:
    rows = access.visible_to(user)
    if direction:
        rows = rows.filter(direction=direction)
    if status:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.filter(overdue_q(now or timezone.now()))
    return rows.order_by("-created_at", "-id")


def overdue_by_assignee(user, now: datetime | None = None) -> list[dict]:
    """Open assignments past their due time among the documents `user` sees, counted per person and department:
    the leader's view of what is late (one query)."""
    now = now or timezone.now()
    rows = (Assignment.objects.filter(document__in=access.visible_to(user), done_at__isnull=True, due_at__lt=now)
            .exclude(role=AssignmentRole.INFO).values("person_id", "department").annotate(late=Count("id"))
            .order_by("-late", "department", "person_id"))
    return list(rows)


__all__ = ["Direction", "documents_for", "overdue_by_assignee", "overdue_q"]
