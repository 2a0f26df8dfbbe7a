"""Units (tenants), their kinds and their domains. All live in the public schema."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.postgresql_backend.base import _check_schema_name

from tenants.naming import schema_name_for, validate_code, validate_schema_name


class UnitKind(models.Model):
    """A kind of unit (province, department, district, commune, ...). Data, not code: add kinds in the admin."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(_("cấp"), default=1, help_text=_("1 tỉnh, 2 sở/huyện, 3 xã (để sắp xếp)."))

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("loại đơn vị")
        verbose_name_plural = _("loại đơn vị")

    def __str__(self):
        return self.name


class UnitStatus(models.TextChoices):
    REQUESTED = "requested", _("Đã yêu cầu")
    PROVISIONING = "provisioning", _("Đang khởi tạo")
    READY = "ready", _("Sẵn sàng")
    SUSPENDED = "suspended", _("Tạm ngừng")
    ARCHIVED = "archived", _("Lưu trữ")
    FAILED = "failed", _("Lỗi")


class Unit(TenantMixin):
    """A department, district, commune...: one PostgreSQL schema, named from its code."""

    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True, validators=[validate_code],
                            help_text=_("Mã GSO của đơn vị hành chính, hoặc mã định danh 13 ký tự (OrganId)."))
    organ_id = models.CharField(_("mã định danh (OrganId)"), max_length=13, blank=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, related_name="units", verbose_name=_("loại"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("đơn vị cấp trên"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.REQUESTED,
                              db_index=True)
    failure_reason = models.TextField(_("lý do lỗi"), blank=True)
    provisioned_method = models.CharField(_("cách khởi tạo"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    ready_at = models.DateTimeField(_("sẵn sàng lúc"), null=True, blank=True)
    # django-tenants' field, with a label: set from the code by provisioning.
    schema_name = models.CharField(_("lược đồ dữ liệu (schema)"), max_length=63, unique=True, db_index=True,
                                   validators=[_check_schema_name])
    # Fingerprint of the migrations applied to this unit's schema, written by the fleet migration after each unit.
    migration_fingerprint = models.CharField(_("dấu kiểm phiên bản cấu trúc dữ liệu"), max_length=32, blank=True)

    # Schemas are created by tenants.services.provisioning, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["code"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if not self.schema_name:
            # A new unit's schema is named from its code (no form offers the field): set before it is checked.
            try:
                self.schema_name = schema_name_for(self.code)
            except ValidationError:
                return  # the code is wrong: its own field says so
        validate_schema_name(self.schema_name)

    @property
    def is_ready(self) -> bool:
        return self.status == UnitStatus.READY


class Domain(DomainMixin):
    # django-tenants' fields, with labels.
    domain = models.CharField(_("tên miền"), max_length=253, unique=True, db_index=True)
    tenant = models.ForeignKey("tenants.Unit", db_index=True, related_name="domains", on_delete=models.CASCADE,
                               verbose_name=_("đơn vị"))
    is_primary = models.BooleanField(_("tên miền chính"), default=True, db_index=True)

    class Meta:
        verbose_name = _("tên miền")
        verbose_name_plural = _("tên miền")

    def __str__(self):
        return self.domain
