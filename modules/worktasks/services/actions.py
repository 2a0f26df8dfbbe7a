"""One function per action on a task: assign (on its own or from a document), report progress, close. Deadlines
count working days of the unit's calendar (core.calendar), so Tết and weekends do not eat into them."""

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.calendar.services import calendar_for
from modules.documents.services import DocumentsError, get_document
from modules.worktasks.models import Task, TaskCoworker, TaskReport, TaskStatus
from modules.worktasks.services.errors import WorktasksCode, WorktasksError

MAX_DAYS = 365


def _members(person_ids: set[int]) -> set[int]:
    """Those of `person_ids` who are active members of the current unit (one query)."""
    return set(get_user_model().objects.filter(
        pk__in=person_ids, is_active=True, memberships__unit_id=connection.tenant.pk, memberships__is_active=True)
        .values_list("pk", flat=True))


def _locked(task_id: int) -> Task:
    task = Task.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise WorktasksError(WorktasksCode.NOT_FOUND, _("Không tìm thấy công việc %(id)s.") % {"id": task_id},
                             field="id", status=404)
    if task.status == TaskStatus.DONE:
        raise WorktasksError(WorktasksCode.TASK_CLOSED, _("Công việc \"%(t)s\" đã hoàn thành, không thể thay đổi.")
                             % {"t": task.title[:80]}, field="id")
    return task


def _involved(task: Task, actor) -> bool:
    pk = getattr(actor, "pk", None)
    return pk is not None and (pk in (task.assignee_id, task.assigned_by_id)
                               or task.coworkers.filter(person_id=pk).exists())


@transaction.atomic
def assign(title: str, assignee_id: int, *, actor=None, days: int | None = None, coworker_ids: Sequence[int] = (),
           department: str = "", description: str = "", document_id: int | None = None,
           at: datetime | None = None) -> Task:
    """Give work to a member of the unit, with co-workers and a deadline `days` working days from now; from a
    document (its directive) when `document_id` is given."""
    title = title.strip()
    if not title:
        raise WorktasksError(WorktasksCode.REQUIRED, _("Cần có tên công việc."), field="title")
    for value, limit, field in ((title, 500, "title"), (department.strip(), 200, "department")):
        if len(value) > limit:
            raise WorktasksError(WorktasksCode.INVALID_DATA, _("Tối đa %(n)s ký tự.") % {"n": limit}, field=field)
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise WorktasksError(WorktasksCode.INVALID_DATA, _("Số ngày làm việc phải từ 1 đến %(n)s.") % {"n": MAX_DAYS},
                             field="days")
    coworkers = set(coworker_ids) - {assignee_id}
    missing = ({assignee_id} | coworkers) - _members({assignee_id} | coworkers)
    if missing:
        raise WorktasksError(WorktasksCode.NOT_A_MEMBER, _("Người được giao không phải thành viên của đơn vị: "
                                                           "%(ids)s.") % {"ids": ", ".join(map(str, sorted(missing)))},
                             field="coworker_ids" if assignee_id not in missing else "assignee_id")
    if document_id is not None:
        try:
            get_document(document_id)
        except DocumentsError as exc:
            raise WorktasksError(WorktasksCode.DOCUMENT_NOT_FOUND, _("Không tìm thấy văn bản %(id)s.")
                                 % {"id": document_id}, field="document_id", status=404) from exc
    at = at or timezone.now()
    due = calendar_for(connection.tenant, around=at).appointment(at, days=days) if days else None
    task = Task.objects.create(title=title, description=description.strip(), document_id=document_id,
                               assigned_by_id=getattr(actor, "pk", None), assignee_id=assignee_id,
                               department=department.strip(), days=days, assigned_at=at, due_at=due)
    TaskCoworker.objects.bulk_create([TaskCoworker(task=task, person_id=p) for p in sorted(coworkers)])
    return task


@transaction.atomic
def report(task_id: int, *, actor, body: str, progress: int, at: datetime | None = None) -> TaskReport:
    """A progress report by the assignee or a co-worker; the task's progress is the last one reported."""
    task = _locked(task_id)
    if not _involved(task, actor):
        raise WorktasksError(WorktasksCode.NOT_INVOLVED, _("Chỉ người chủ trì, người phối hợp hoặc người giao việc "
                                                           "được báo cáo tiến độ."), field="id")
    if not body.strip():
        raise WorktasksError(WorktasksCode.REQUIRED, _("Cần có nội dung báo cáo."), field="body")
    if not 0 <= progress <= 100:
        raise WorktasksError(WorktasksCode.INVALID_DATA, _("Tiến độ phải từ 0 đến 100%."), field="progress")
    at = at or timezone.now()
    row = TaskReport.objects.create(task=task, author_id=actor.pk, body=body.strip(), progress=progress, at=at)
    task.progress = progress
    task.save(update_fields=["progress"])
    return row


@transaction.atomic
def close(task_id: int, *, actor, result: str = "", at: datetime | None = None) -> Task:
    """The assignee or the one who gave the task closes it; a closed task cannot change."""
    task = _locked(task_id)
    if getattr(actor, "pk", None) not in (task.assignee_id, task.assigned_by_id):
        raise WorktasksError(WorktasksCode.NOT_INVOLVED, _("Chỉ người chủ trì hoặc người giao việc được kết thúc "
                                                           "công việc."), field="id")
    task.status, task.closed_at, task.progress, task.result = TaskStatus.DONE, at or timezone.now(), 100, result
    task.save(update_fields=["status", "closed_at", "progress", "result"])
    return task
