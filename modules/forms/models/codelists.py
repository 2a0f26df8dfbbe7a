"""Shared code lists (ethnicities, nationalities, administrative units, ...) and their versions (public schema).

A version's items never change once written; a change of the list is a new version with its own effective date, and
a published form keeps the version it was compiled with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeList(models.Model):
    key = models.SlugField(_("mã danh mục"), max_length=60, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=255, blank=True)
    # Where the codes come from: the decision, standard or dataset they follow.
    source = models.CharField(_("nguồn, căn cứ"), max_length=500, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("danh mục dùng chung")
        verbose_name_plural = _("danh mục dùng chung")

    def __str__(self):
        return self.key


class CodeListVersion(models.Model):
    code_list = models.ForeignKey(CodeList, on_delete=models.PROTECT, related_name="versions",
                                  verbose_name=_("danh mục"))
    number = models.PositiveIntegerField(_("số phiên bản"))
    valid_from = models.DateField(_("hiệu lực từ"))
    # [{"code": "01", "vi": "Kinh", "en": "Kinh", "parent": ""}], in the list's order.
    items = models.JSONField(_("các mục"), default=list)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["code_list", "-number"]
        constraints = [models.UniqueConstraint(fields=["code_list", "number"], name="forms_codelist_version_number")]
        verbose_name = _("phiên bản danh mục")
        verbose_name_plural = _("phiên bản danh mục")

    def __str__(self):
        return f"{self.code_list.key} v{self.number}"
