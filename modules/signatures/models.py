"""Signed PDFs kept by a unit, each stored once under its SHA-256 and never modified, and the verifications run on
them (the latest is what the clerk sees)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    SIGNED = "signed", _("Ký tại đơn vị")
    RECEIVED = "received", _("Nhận vào")


class SignedPdf(models.Model):
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung"))
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    origin = models.CharField(_("nguồn"), max_length=16, choices=Origin.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                                  related_name="+", db_constraint=False, verbose_name=_("người ký"))
    created_at = models.DateTimeField(_("thời điểm"))

    class Meta:
        verbose_name = _("tệp PDF có chữ ký số")
        verbose_name_plural = _("tệp PDF có chữ ký số")
        permissions = [("sign_pdf", _("Ký số văn bản (người có thẩm quyền ký)"))]

    def __str__(self):
        return self.name


class Verification(models.Model):
    pdf = models.ForeignKey(SignedPdf, on_delete=models.CASCADE, related_name="verifications",
                            verbose_name=_("tệp PDF có chữ ký số"))
    status = models.CharField(_("kết quả"), max_length=16)
    result = models.JSONField(_("chi tiết"))
    checked_at = models.DateTimeField(_("thời điểm kiểm tra"))

    class Meta:
        verbose_name = _("kết quả kiểm tra chữ ký")
        verbose_name_plural = _("kết quả kiểm tra chữ ký")
        ordering = ["-checked_at", "-pk"]

    def __str__(self):
        return f"{self.pdf_id}: {self.status} ({self.checked_at:%Y-%m-%d %H:%M})"
