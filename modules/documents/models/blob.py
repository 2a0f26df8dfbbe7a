"""Attachments: the original bytes stored once per unit under their SHA-256, never modified (no code path updates a
Blob); previews and extracted text, when made, are separate rows and never replace the original."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Blob(models.Model):
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)  # sniffed from the bytes
    content = models.BinaryField(_("nội dung"))
    created_at = models.DateTimeField(_("lưu lúc"))

    class Meta:
        verbose_name = _("tệp gốc")
        verbose_name_plural = _("tệp gốc")

    def __str__(self):
        return self.sha256


class Attachment(models.Model):
    # No index of its own: documents_attachment_once leads with it.
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="attachments",
                                 db_index=False, verbose_name=_("văn bản"))
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+", verbose_name=_("tệp gốc"))
    name = models.CharField(_("tên tệp"), max_length=255)
    created_at = models.DateTimeField(_("đính kèm lúc"))

    class Meta:
        ordering = ["document", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "blob"], name="documents_attachment_once")]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self):
        return self.name
