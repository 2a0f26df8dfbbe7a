"""Case files (hồ sơ công việc) and the documents they hold. Only the services change them (services/files.py,
services/archive.py); a closed or transferred file is never changed again."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.casefiles.models.plan import person


class FileStatus(models.TextChoices):
    OPEN = "open", _("Đang lập")
    CLOSED = "closed", _("Đã kết thúc")
    TRANSFERRED = "transferred", _("Đã nộp lưu")


class CaseFile(models.Model):
    plan_entry = models.ForeignKey("casefiles.FilePlanEntry", on_delete=models.PROTECT, related_name="files",
                                   verbose_name=_("mục danh mục hồ sơ"))
    # Copied from the plan when the file is opened: the file keeps what was planned for it.
    year = models.PositiveSmallIntegerField(_("năm"))
    code = models.CharField(_("số, ký hiệu hồ sơ"), max_length=50)
    title = models.CharField(_("tiêu đề hồ sơ"), max_length=500)
    retention_years = models.PositiveSmallIntegerField(_("thời hạn bảo quản (năm)"), null=True, blank=True)
    keeper = person(_("người lập hồ sơ"))
    keeper_department = models.CharField(_("đơn vị, người lập hồ sơ"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=FileStatus.choices, default=FileStatus.OPEN,
                              db_index=True)
    opened_at = models.DateTimeField(_("mở lúc"))
    work_started_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    work_ended_on = models.DateField(_("ngày kết thúc công việc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc hồ sơ lúc"), null=True, blank=True)
    transfer_due_on = models.DateField(_("hạn nộp lưu"), null=True, blank=True, db_index=True)
    page_count = models.PositiveIntegerField(_("số tờ"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    transfer = models.ForeignKey("casefiles.Transfer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="files", verbose_name=_("lần nộp lưu"))
    archive_number = models.PositiveIntegerField(_("số lưu trữ"), null=True, blank=True)

    class Meta:
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="casefiles_file_code_once"),
            models.UniqueConstraint(fields=["archive_number"], name="casefiles_archive_number_once",
                                    condition=models.Q(archive_number__isnull=False)),
        ]
        permissions = [("transfer_casefile", _("Giao nộp hồ sơ vào lưu trữ cơ quan"))]
        verbose_name = _("hồ sơ công việc")
        verbose_name_plural = _("hồ sơ công việc")

    def __str__(self):
        return f"{self.code} {self.title[:60]}"


class CaseFileDocument(models.Model):
    """A document of the unit in a file, by its id in the documents module, with what the lists print about it."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="documents",
                                  verbose_name=_("hồ sơ"))
    document_id = models.BigIntegerField(_("mã văn bản"))
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=150, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    subject = models.TextField(_("trích yếu"))
    issuer_name = models.CharField(_("tác giả"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"))
    added_at = models.DateTimeField(_("thêm lúc"))

    class Meta:
        ordering = ["case_file", "position"]
        # A document is in one file at a time (Decree 30, Art. 28: a document belongs to the file of its work).
        constraints = [models.UniqueConstraint(fields=["document_id"], name="casefiles_document_once")]
        verbose_name = _("văn bản trong hồ sơ")
        verbose_name_plural = _("văn bản trong hồ sơ")

    def __str__(self):
        return self.number_symbol or self.subject[:60]
