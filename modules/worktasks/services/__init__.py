"""The work-tasks module's public surface: assign, report, close; the late work per person and per department; the
tasks of the departments a person heads."""

from modules.worktasks.services.actions import assign, close, report
from modules.worktasks.services.errors import WorktasksCode, WorktasksError
from modules.worktasks.services.late import LateCount, late_by_department, late_by_person, late_tasks
from modules.worktasks.services.overseen import overseen_q


def tasks():
    from modules.worktasks.models import Task

    return Task.objects.all()


__all__ = ["LateCount", "WorktasksCode", "WorktasksError", "assign", "close", "late_by_department", "late_by_person",
           "late_tasks", "overseen_q", "report", "tasks"]
