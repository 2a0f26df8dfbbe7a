"""Tasks (công việc được giao), their co-workers and progress reports, in each unit's schema. Only the services
change them (services/actions.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _person(verbose_name, **extra):
    # People live in public: no constraint (tenants.services.references keeps the ids whole).
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+",
                             db_constraint=False, verbose_name=verbose_name, **extra)


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")


class Task(models.Model):
    title = models.CharField(_("tên công việc"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    document_id = models.BigIntegerField(_("văn bản giao việc (mã)"), null=True, blank=True)
    assigned_by = _person(_("người giao"), null=True, blank=True)
    assignee = _person(_("người chủ trì"))
    department = models.CharField(_("phòng, ban"), max_length=200, blank=True, db_index=True)
    days = models.PositiveSmallIntegerField(_("số ngày làm việc"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("giao lúc"))
    due_at = models.DateTimeField(_("hạn hoàn thành"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    result = models.TextField(_("kết quả"), blank=True)
    closed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    # A task carried from an ended unit (reorganisation.py): where from, so a step is never carried twice.
    carried_from = models.CharField(_("chuyển từ đơn vị (mã)"), max_length=40, blank=True)
    carried_task_id = models.BigIntegerField(_("mã công việc tại đơn vị cũ"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [models.UniqueConstraint(fields=["carried_from", "carried_task_id"], name="worktasks_carried_once",
                                               condition=models.Q(carried_task_id__isnull=False))]
        verbose_name = _("công việc")
        verbose_name_plural = _("công việc")

    def __str__(self):
        return self.title[:60]


class TaskCoworker(models.Model):
    # No index of its own: worktasks_coworker_once leads with it.
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coworkers", db_index=False,
                             verbose_name=_("công việc"))
    person = _person(_("người phối hợp"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "person"], name="worktasks_coworker_once")]
        verbose_name = _("người phối hợp")
        verbose_name_plural = _("người phối hợp")

    def __str__(self):
        return str(self.person_id)


class TaskReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name=_("công việc"))
    author = _person(_("người báo cáo"), null=True, blank=True)
    body = models.TextField(_("nội dung báo cáo"))
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["task", "at", "id"]
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")

    def __str__(self):
        return self.body[:60]
