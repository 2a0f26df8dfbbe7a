"""Procedures of the national catalogue and their sectors (public schema, shared by every unit)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OnlineLevel(models.TextChoices):
    INFORMATION = "information", _("Cung cấp thông tin")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")


class Sector(models.Model):
    """A sector (lĩnh vực) such as "Hộ tịch"; created by imports from the name, the code when the file gives one."""

    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)
    code = models.CharField(_("mã lĩnh vực"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self):
        return self.name


class Procedure(models.Model):
    """One procedure by its national code. Its content lives in versions; `current_version` is the one in force."""

    code = models.CharField(_("mã thủ tục"), max_length=40, unique=True)
    # Copies of the current version's name and sector, for listing and search.
    name = models.TextField(_("tên thủ tục"))
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="procedures",
                               verbose_name=_("lĩnh vực"))
    current_version = models.ForeignKey("catalogue.ProcedureVersion", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("phiên bản hiện hành"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self):
        return f"{self.code} {self.name}"
