"""Which module each unit has enabled, with that unit's settings for it. Public schema: read across units."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleEnablement(models.Model):
    """A module enabled for one unit. No row: the module is off there. Change it through core.modules.services."""

    unit = models.ForeignKey("tenants.Unit", on_delete=models.CASCADE, related_name="module_enablements",
                             verbose_name=_("đơn vị"))
    module_id = models.CharField(_("mô-đun"), max_length=40, db_index=True)
    enabled_at = models.DateTimeField(_("bật lúc"), auto_now_add=True)
    settings = models.JSONField(_("thiết lập"), default=dict, blank=True,
                                help_text=_("Chỉ các giá trị khác mặc định của mô-đun."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "module_id"], name="modules_core_one_per_unit")]
        ordering = ["unit", "module_id"]
        verbose_name = _("mô-đun đã bật")
        verbose_name_plural = _("mô-đun đã bật")
        # A unit permission (the unit administrator's role): the unit's own settings of its enabled modules.
        # Switching a module on or off stays a platform grant (tenants.change_unit, docs/ict/security.md 1).
        permissions = [("change_unit_settings", _("Sửa thiết lập mô-đun của đơn vị"))]

    def __str__(self):
        return f"{self.module_id} @ {self.unit.code}"
