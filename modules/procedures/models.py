"""The procedures a unit handles and its process for each. In the unit's schema.

The catalogue lives in the public schema: rows here name its ProcedureVersion by id (no foreign key across schemas,
so the catalogue can be maintained without touching every unit's tables).
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

HOURS_PER_DAY = Decimal(8)


class DurationUnit(models.TextChoices):
    HOURS = "hours", _("giờ làm việc")
    DAYS = "days", _("ngày làm việc")


class UnitProcedure(models.Model):
    # Plain id of a shared row, checked by `egov check-references` (tenants.services.references).
    shared_references = {"procedure_version_id": "catalogue.ProcedureVersion"}

    procedure_code = models.CharField(_("mã thủ tục"), max_length=40, unique=True)
    procedure_version_id = models.BigIntegerField(_("phiên bản thủ tục đã áp dụng"))
    procedure_name = models.TextField(_("tên thủ tục"))
    is_active = models.BooleanField(_("đang giải quyết"), default=True)
    adopted_at = models.DateTimeField(_("áp dụng lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["procedure_code"]
        verbose_name = _("thủ tục của đơn vị")
        verbose_name_plural = _("thủ tục của đơn vị")

    def __str__(self):
        return f"{self.procedure_code} {self.procedure_name[:80]}"


class ProcessStep(models.Model):
    """One step of the unit's process: who does it, how long it may take, and whether it hands over to another unit."""

    # No index of its own: procedures_step_position leads with it.
    unit_procedure = models.ForeignKey(UnitProcedure, on_delete=models.CASCADE, related_name="steps",
                                       db_index=False, verbose_name=_("thủ tục của đơn vị"))
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=255)
    role_code = models.CharField(_("vai trò thực hiện"), max_length=40)
    duration = models.DecimalField(_("thời gian"), max_digits=7, decimal_places=2)
    duration_unit = models.CharField(_("đơn vị thời gian"), max_length=5, choices=DurationUnit.choices,
                                     default=DurationUnit.HOURS)
    handover_unit_code = models.CharField(_("chuyển cho đơn vị (mã)"), max_length=40, blank=True)
    handover_unit_kind = models.CharField(_("chuyển cho cấp (loại đơn vị)"), max_length=40, blank=True)

    class Meta:
        ordering = ["unit_procedure", "position"]
        constraints = [models.UniqueConstraint(fields=["unit_procedure", "position"], name="procedures_step_position")]
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")

    def __str__(self):
        return f"{self.position}. {self.name}"

    @property
    def working_days(self) -> Decimal:
        return self.duration / HOURS_PER_DAY if self.duration_unit == DurationUnit.HOURS else self.duration
