"""Units (tenants), their kinds and their domains. All live in the public schema."""

from django.conf import settings
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
    # Its schema is being copied to another database server (`egov units move`): writes frozen, requests answered 503.
    MOVING = "moving", _("Đang chuyển máy chủ")


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
    # The database server (an alias of settings.DATABASES) holding the unit's schema; the platform's tables stay on
    # `default` (docs/ict/scale-out.md). Chosen at provisioning, changed only by `egov units move`.
    database = models.CharField(_("máy chủ cơ sở dữ liệu"), max_length=40, default="default", db_index=True)
    # Fingerprint of the migrations applied to this unit's schema, written by the fleet migration after each unit.
    migration_fingerprint = models.CharField(_("dấu kiểm phiên bản cấu trúc dữ liệu"), max_length=32, blank=True)
    # Units over time (administrative reorganisation): a unit exists from `effective_from` (inclusive) until
    # `ended_on` (exclusive: the day its successors take over). Empty: since always / still today.
    effective_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("chấm dứt từ ngày"), null=True, blank=True, db_index=True,
                                help_text=_("Ngày các đơn vị kế thừa bắt đầu thay thế đơn vị này."))

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


class SuccessionKind(models.TextChoices):
    FULL = "full", _("Toàn bộ")
    PARTIAL = "partial", _("Một phần")


class UnitSuccession(models.Model):
    """One edge of a reorganisation: `successor` took over all (full) or part (partial) of `predecessor` on
    `effective_on`, by `decision`. A partial predecessor has several successors; `share` (0-1) is the part the plan
    gives this successor, used to attribute the predecessor's statistics history."""

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions",
                                    verbose_name=_("đơn vị cũ"))
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessions",
                                  verbose_name=_("đơn vị kế thừa"))
    kind = models.CharField(_("hình thức"), max_length=10, choices=SuccessionKind.choices)
    share = models.DecimalField(_("tỷ lệ kế thừa"), max_digits=5, decimal_places=4, null=True, blank=True)
    effective_on = models.DateField(_("có hiệu lực từ ngày"))
    decision = models.CharField(_("quyết định"), max_length=200, blank=True,
                                help_text=_("Số, ký hiệu văn bản quyết định việc sắp xếp."))

    class Meta:
        ordering = ["effective_on", "predecessor__code", "successor__code"]
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_once")]
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")

    def __str__(self):
        return f"{self.predecessor.code} -> {self.successor.code} ({self.kind})"


class Forwarding(models.Model):
    """A forwarding address: a record (`kind`, `key`: e.g. "onestop.dossier", its code) that left `from_unit` for
    `to_unit` in a reorganisation. Look-ups that land on an ended unit follow it."""

    kind = models.CharField(_("loại bản ghi"), max_length=40)
    key = models.CharField(_("khóa"), max_length=120)
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("từ đơn vị"))
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đến đơn vị"))
    moved_at = models.DateTimeField(_("chuyển lúc"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key", "from_unit"], name="forwarding_once")]
        indexes = [models.Index(fields=["kind", "key"])]
        verbose_name = _("địa chỉ chuyển tiếp")
        verbose_name_plural = _("địa chỉ chuyển tiếp")

    def __str__(self):
        return f"{self.kind} {self.key}: {self.from_unit_id} -> {self.to_unit_id}"


class UnitHistory(models.Model):
    """What a unit that continues through a reorganisation was before it (docs/ict/reorganisation.md): a new unit
    that takes the code of one of its old units keeps that unit's row and schema, and its earlier name, kind and
    parent are kept here until `valid_until` (exclusive: the day the new ones took effect)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="history", verbose_name=_("đơn vị"))
    name = models.CharField(_("tên"), max_length=200)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("loại"))
    parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("đơn vị cấp trên"))
    valid_until = models.DateField(_("đến ngày"))
    decision = models.CharField(_("quyết định"), max_length=200, blank=True)

    class Meta:
        ordering = ["unit", "valid_until"]
        constraints = [models.UniqueConstraint(fields=["unit", "valid_until"], name="unit_history_once")]
        verbose_name = _("tên cũ của đơn vị")
        verbose_name_plural = _("tên cũ của đơn vị")

    def __str__(self):
        return f"{self.unit.code} {self.name} (< {self.valid_until})"


class ReorganisationPlan(models.Model):
    """A validated reorganisation plan, recorded when it is first carried out: `content` is the plan itself (new units
    and their old units), `key` its fingerprint, so the same command run again finds it and resumes its run."""

    key = models.CharField(_("dấu kiểm"), max_length=64, unique=True)
    source = models.CharField(_("nguồn"), max_length=300)
    effective_on = models.DateField(_("có hiệu lực từ ngày"))
    decision = models.CharField(_("quyết định"), max_length=200, blank=True)
    content = models.JSONField(_("nội dung"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kế hoạch sắp xếp đơn vị")
        verbose_name_plural = _("kế hoạch sắp xếp đơn vị")

    def __str__(self):
        return f"{self.source} ({self.effective_on})"


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi, chạy lại để tiếp tục")


class ReorganisationRun(models.Model):
    """Carrying out a plan: one per plan, resumed by running the same command again."""

    plan = models.OneToOneField(ReorganisationPlan, on_delete=models.PROTECT, related_name="run",
                                verbose_name=_("kế hoạch"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("số lần chạy"), default=1)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("lượt thực hiện sắp xếp")
        verbose_name_plural = _("lượt thực hiện sắp xếp")

    def __str__(self):
        return f"{self.plan}: {self.status}"


class StepAction(models.TextChoices):
    KEEP = "keep", _("Tiếp tục với tên mới")
    CARRY = "carry", _("Chuyển và chấm dứt")


class ReorganisationStep(models.Model):
    """One old unit in a run, done in ONE transaction (its work carried, its people and messages moved, it ended),
    so a run killed at any point has each old unit either wholly done or untouched."""

    run = models.ForeignKey(ReorganisationRun, on_delete=models.CASCADE, related_name="steps",
                            verbose_name=_("lượt thực hiện"))
    old_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị cũ"))
    action = models.CharField(_("việc"), max_length=10, choices=StepAction.choices)
    done_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    lines = models.JSONField(_("kết quả"), default=list, blank=True)

    class Meta:
        ordering = ["run", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "old_unit"], name="reorganisation_step_once")]
        verbose_name = _("bước sắp xếp")
        verbose_name_plural = _("bước sắp xếp")

    def __str__(self):
        return f"{self.old_unit_id} {self.action}: {'done' if self.done_at else 'pending'}"


class CarriedMembership(models.Model):
    """A membership an ended unit's member was given in its successor (same roles), listed for the successor's
    administrator to confirm; the membership is active from the start so the person keeps working."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("người dùng"))
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("từ đơn vị"))
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="carried_memberships",
                                verbose_name=_("đến đơn vị"))
    roles = models.JSONField(_("vai trò"), default=list)
    moved_at = models.DateTimeField(_("chuyển lúc"))
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("người xác nhận"))

    class Meta:
        ordering = ["to_unit", "confirmed_at", "user_id"]
        constraints = [models.UniqueConstraint(fields=["user", "from_unit", "to_unit"], name="carried_membership_once")]
        verbose_name = _("thành viên chuyển sang")
        verbose_name_plural = _("thành viên chuyển sang")

    def __str__(self):
        return f"{self.user_id}: {self.from_unit_id} -> {self.to_unit_id}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


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
