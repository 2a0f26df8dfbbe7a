"""The leader's view of late work: open tasks past their deadline, counted per person and per department, in a
fixed number of queries whatever the number of tasks (two grouped counts, then the page of tasks)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone

from modules.worktasks.models import Task, TaskStatus


@dataclass(frozen=True)
class LateCount:
    key: str          # the person's id, or the department's name ("" when none)
    count: int
    oldest_due_at: datetime


def late_tasks(now: datetime | None = None):
    return Task.objects.filter(status=TaskStatus.OPEN, due_at__lt=now or timezone.now())


def late_by_person(now: datetime | None = None) -> list[LateCount]:
    rows = (late_tasks(now).values("assignee_id").annotate(n=Count("id"), oldest=Min("due_at"))
            .order_by("-n", "oldest", "assignee_id"))
    return [LateCount(str(r["assignee_id"]), r["n"], r["oldest"]) for r in rows]


def late_by_department(now: datetime | None = None) -> list[LateCount]:
    rows = (late_tasks(now).values("department").annotate(n=Count("id"), oldest=Min("due_at"))
            .order_by("-n", "oldest", "department"))
    return [LateCount(r["department"], r["n"], r["oldest"]) for r in rows]
