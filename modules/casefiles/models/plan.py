"""The file plan (danh mục hồ sơ): the files a unit expects to make in a year, each with its code, title, retention
period and keeper. A plan is a year's: next year's entries are new rows, so a change never rewrites past files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def person(verbose_name, **extra):
    # People live in public: no constraint (tenants.services.references keeps the ids whole).
    return models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                             related_name="+", db_constraint=False, verbose_name=verbose_name, **extra)


class FilePlanEntry(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"))
    code = models.CharField(_("số, ký hiệu hồ sơ"), max_length=50)
    title = models.CharField(_("tiêu đề hồ sơ"), max_length=500)
    # None: permanent (vĩnh viễn); otherwise years from the end of the work.
    retention_years = models.PositiveSmallIntegerField(_("thời hạn bảo quản (năm)"), null=True, blank=True)
    keeper = person(_("người lập hồ sơ"))
    keeper_department = models.CharField(_("đơn vị, người lập hồ sơ"), max_length=200, blank=True)
    basis = models.CharField(_("căn cứ thời hạn bảo quản"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        ordering = ["year", "code"]
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="casefiles_plan_code_once")]
        verbose_name = _("mục danh mục hồ sơ")
        verbose_name_plural = _("danh mục hồ sơ")

    def __str__(self):
        return f"{self.year} {self.code} {self.title[:60]}"
