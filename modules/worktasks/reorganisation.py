"""What the work-tasks module does in an administrative reorganisation (Dispatch 414/BNV-VTLTNN: work in hand is
handed to the agency that takes it over): open tasks go to a successor with their co-workers and progress reports;
finished ones stay in the ended unit's archive.

A task goes to the successor its title or department names (route_by_address), else to the principal successor (the
one that takes the old unit whole, else the largest share): a task is the work of the people who did it, and they
move to the principal successor. The old task is closed there, its result saying where it went; a forwarding
address (kind "worktasks.task", key its id) records it.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.modules.reorganisation import CarryLine, Successor, route_by_address
from modules.worktasks.models import Task, TaskCoworker, TaskReport, TaskStatus
from tenants.services import entered
from tenants.services.forwarding import forward, forward_missing, principal_successor

KIND = "worktasks.task"


def _target(task: Task, successors: tuple[Successor, ...]) -> Successor:
    return route_by_address(f"{task.title} {task.department}", successors) or principal_successor(successors)


def _lines(counts: dict[str, int], finished: int) -> list[CarryLine]:
    lines = [CarryLine(_("Công việc đang thực hiện"), n, code) for code, n in sorted(counts.items())]
    lines.append(CarryLine(_("Công việc đã hoàn thành (ở lại kho lưu trữ)"), finished, None))
    return lines


def inventory(unit, *, successors: tuple[Successor, ...], effective: date) -> list[CarryLine]:
    counts: dict[str, int] = {}
    for task in Task.objects.filter(status=TaskStatus.OPEN):
        code = _target(task, successors).unit.code
        counts[code] = counts.get(code, 0) + 1
    return _lines(counts, Task.objects.filter(status=TaskStatus.DONE).count())


def carry(unit, *, successors: tuple[Successor, ...], effective: date,
          at: datetime | None = None) -> list[CarryLine]:
    at = at or timezone.now()
    finished = Task.objects.filter(status=TaskStatus.DONE).count()
    counts: dict[str, int] = {}
    _forward_earlier(unit, successors, at)
    tasks = list(Task.objects.filter(status=TaskStatus.OPEN).prefetch_related("coworkers", "reports").order_by("id"))
    for task in tasks:
        successor = _target(task, successors)
        _move(unit, task, successor.unit, at)
        counts[successor.unit.code] = counts.get(successor.unit.code, 0) + 1
    return _lines(counts, finished)


def _forward_earlier(old_unit, successors: tuple[Successor, ...], at: datetime) -> None:
    """The addresses of tasks an earlier attempt of this step handed over (forward_missing), found by the copies
    each successor holds (the old task keeps no mark but its result's text)."""
    moved = []
    for successor in successors:
        with entered(successor.unit):
            moved += [(str(pk), successor.unit) for pk in Task.objects.filter(
                carried_from=old_unit.code).values_list("carried_task_id", flat=True)]
    forward_missing(KIND, moved, old_unit, at=at)


def _move(old_unit, task: Task, successor_unit, at: datetime) -> None:
    note = _("Chuyển từ %(old)s khi sắp xếp đơn vị hành chính.") % {"old": old_unit.name}
    if task.document_id:  # the document stays in the old unit's archive, readable by the successor
        note += " " + _("Văn bản giao việc: mã %(id)s tại %(old)s.") % {"id": task.document_id, "old": old_unit.code}
    coworkers = [c.person_id for c in task.coworkers.all()]
    reports = [(r.author_id, r.body, r.progress, r.at) for r in task.reports.all()]
    with entered(successor_unit):
        # A copy an earlier attempt committed on the successor's server while the platform's commit failed (two
        # databases, docs/ict/scale-out.md): the step resumes with it, never a second one.
        if not Task.objects.filter(carried_from=old_unit.code, carried_task_id=task.pk).exists():
            copy = Task.objects.create(
                title=task.title, description="\n\n".join(filter(None, [task.description, note])), document_id=None,
                assigned_by_id=task.assigned_by_id, assignee_id=task.assignee_id, department=task.department,
                days=task.days, assigned_at=task.assigned_at, due_at=task.due_at, progress=task.progress,
                carried_from=old_unit.code, carried_task_id=task.pk)
            TaskCoworker.objects.bulk_create([TaskCoworker(task=copy, person_id=p) for p in coworkers])
            TaskReport.objects.bulk_create([TaskReport(task=copy, author_id=a, body=b, progress=p, at=when)
                                            for a, b, p, when in reports])
    Task.objects.filter(pk=task.pk).update(
        status=TaskStatus.DONE, closed_at=at,
        result=_("Chưa hoàn thành; chuyển cho %(new)s khi sắp xếp đơn vị hành chính.") % {"new": successor_unit.name})
    forward(KIND, str(task.pk), old_unit, successor_unit, at=at)
