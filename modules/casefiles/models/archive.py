"""The unit's current archive (lưu trữ cơ quan): transfers of closed files with their list, the gap-free counter of
archive numbers (Decree 113/2025/NĐ-CP), and the notices of transfer deadlines."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.casefiles.models.plan import person


class Transfer(models.Model):
    """One hand-over of closed files to the current archive, printed as its list (Mục lục hồ sơ nộp lưu)."""

    number = models.PositiveIntegerField(_("số lần nộp lưu"), unique=True)
    at = models.DateTimeField(_("nộp lưu lúc"))
    handed_by = person(_("người giao"))
    received_by = person(_("người nhận (lưu trữ)"))
    department = models.CharField(_("đơn vị nộp lưu"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("lần nộp lưu")
        verbose_name_plural = _("các lần nộp lưu")

    def __str__(self):
        return f"{self.number}"


class ArchiveCounter(models.Model):
    """One row per counter ("archive_number", "transfer"): taken under a row lock, so numbers have no gap."""

    name = models.CharField(_("tên bộ đếm"), max_length=30, unique=True)
    last = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("bộ đếm số lưu trữ")
        verbose_name_plural = _("bộ đếm số lưu trữ")

    def __str__(self):
        return f"{self.name}: {self.last}"


class TransferNotice(models.Model):
    """A reminder that a closed file must reach the archive by its deadline; one per file and deadline."""

    # No index of its own: casefiles_notice_once leads with it.
    case_file = models.ForeignKey("casefiles.CaseFile", on_delete=models.CASCADE, related_name="notices",
                                  db_index=False, verbose_name=_("hồ sơ"))
    due_on = models.DateField(_("hạn nộp lưu"))
    created_at = models.DateTimeField(_("báo lúc"))
    recipients = models.JSONField(_("người nhận"), default=list, blank=True)
    queued_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["case_file", "due_on"], name="casefiles_notice_once")]
        verbose_name = _("thông báo hạn nộp lưu")
        verbose_name_plural = _("thông báo hạn nộp lưu")

    def __str__(self):
        return f"{self.case_file_id}: {self.due_on}"


class CaseFileEvent(models.Model):
    """What happened to a file, by whom and when (append-only)."""

    case_file = models.ForeignKey("casefiles.CaseFile", on_delete=models.CASCADE, related_name="events",
                                  verbose_name=_("hồ sơ"))
    action = models.CharField(_("thao tác"), max_length=30)
    actor = person(_("người thực hiện"))
    at = models.DateTimeField(_("lúc"))
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        ordering = ["case_file", "at", "id"]
        verbose_name = _("lịch sử hồ sơ")
        verbose_name_plural = _("lịch sử hồ sơ")

    def __str__(self):
        return self.action
