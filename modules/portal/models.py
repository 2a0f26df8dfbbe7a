"""Files a citizen attached to an online submission, in the unit's schema: the original bytes, never modified."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmittedFile(models.Model):
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, db_index=True)
    name = models.CharField(_("tên tệp"), max_length=255)  # as the citizen named it, cleaned
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)  # sniffed from the bytes
    size = models.PositiveIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    content = models.BinaryField(_("nội dung"))
    created_at = models.DateTimeField(_("nộp lúc"))

    class Meta:
        ordering = ["dossier_code", "id"]
        verbose_name = _("tệp nộp trực tuyến")
        verbose_name_plural = _("tệp nộp trực tuyến")

    def __str__(self):
        return self.name
