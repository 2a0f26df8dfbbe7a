"""The work-tasks module's public surface: assign, report, close; the late work per person and per department."""

from modules.worktasks.services.actions import assign, close, report
from modules.worktasks.services.errors import WorktasksCode, WorktasksError
from modules.worktasks.services.late import LateCount, late_by_department, late_by_person, late_tasks


def tasks():
    from modules.worktasks.models import Task

    return Task.objects.all()


__all__ = ["LateCount", "WorktasksCode", "WorktasksError", "assign", "close", "late_by_department", "late_by_person",
           "late_tasks", "report", "tasks"]
