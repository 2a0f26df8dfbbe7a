from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin_sites import platform_admin
from tenants.admin_reorganisation import (
    EndedFilter,
    ExistingOnFilter,
    HistoryInline,
    PredecessorInline,
    SuccessorInline,
)
from tenants.models import Domain, Unit, UnitKind, UnitStatus
from tenants.services.provisioning import queue_provisioning
from tenants.services.units import change_status


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Unit, site=platform_admin)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "status", "database", "effective_from", "ended_on",
                    "provisioned_method", "ready_at")
    # The database server (docs/ict/scale-out.md): changed only by `egov units move`, never in a form.
    list_filter = ("status", "kind", "database", EndedFilter, ExistingOnFilter)
    search_fields = ("code", "name", "organ_id")
    autocomplete_fields = ("parent",)
    # Units over time change only through a reorganisation (egov reorganise): shown, not edited.
    readonly_fields = ("schema_name", "database", "status", "failure_reason", "provisioned_method", "ready_at", "migration_fingerprint",
                       "effective_from", "ended_on")
    inlines = [DomainInline, PredecessorInline, SuccessorInline, HistoryInline]

    def get_inlines(self, request, obj):
        # A unit being added has no successions nor history; a unit that has neither shows none of them either.
        if obj is None:
            return [DomainInline]
        shown = [DomainInline]
        if obj.predecessions.exists():
            shown.append(PredecessorInline)
        if obj.successions.exists():
            shown.append(SuccessorInline)
        if obj.history.exists():
            shown.append(HistoryInline)
        return shown
    actions = ["provision", "suspend", "resume", "archive"]

    def save_model(self, request, obj, form, change):
        # A new unit's schema name was set from its code when the form was validated (Unit.clean).
        super().save_model(request, obj, form, change)
        if not change:
            queue_provisioning(obj)
            messages.info(request, _("Đã xếp hàng khởi tạo đơn vị %(code)s.") % {"code": obj.code})

    @admin.action(description=_("Khởi tạo (hoặc thử lại) các đơn vị đã chọn"))
    def provision(self, request, queryset):
        units = list(queryset.exclude(status__in=[UnitStatus.READY, UnitStatus.ARCHIVED, UnitStatus.SUSPENDED]))
        for unit in units:
            queue_provisioning(unit)
        messages.info(request, _("Đã xếp hàng %(n)d đơn vị.") % {"n": len(units)})

    def _change(self, request, queryset, status):
        changed = 0
        for unit in queryset:
            try:
                change_status(unit, status)
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                changed += 1
        if changed:
            messages.success(request, _("Đã chuyển %(n)d đơn vị sang trạng thái %(status)s.")
                             % {"n": changed, "status": UnitStatus(status).label})

    @admin.action(description=_("Tạm ngừng các đơn vị đã chọn"))
    def suspend(self, request, queryset):
        self._change(request, queryset, UnitStatus.SUSPENDED)

    @admin.action(description=_("Hoạt động lại các đơn vị đã chọn"))
    def resume(self, request, queryset):
        self._change(request, queryset, UnitStatus.READY)

    @admin.action(description=_("Lưu trữ các đơn vị đã chọn"))
    def archive(self, request, queryset):
        self._change(request, queryset, UnitStatus.ARCHIVED)


@admin.register(UnitKind, site=platform_admin)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "level")


@admin.register(Domain, site=platform_admin)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("domain", "tenant", "is_primary")
    search_fields = ("domain", "tenant__code", "tenant__name")
    autocomplete_fields = ("tenant",)
