"""Reorganisations in the platform admin (docs/ict/reorganisation.md): recorded plans, their runs and steps (read-only:
only `egov reorganise` writes them), successions and earlier names, and the memberships carried into successors with
an action to confirm them (tenants.services.reorganisation.runs.confirm_memberships). The unit list's filters for
units over time are here too."""

from datetime import date, timedelta

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin_display import AllReadOnly, pretty_json
from core.admin_sites import platform_admin
from core.modules.admin_mixins import ReadOnly
from tenants.models import (
    CarriedMembership,
    ReorganisationPlan,
    ReorganisationRun,
    ReorganisationStep,
    UnitHistory,
    UnitSuccession,
)
from tenants.services.reorganisation import runs
from tenants.services.units_over_time import existing_on


class EndedFilter(admin.SimpleListFilter):
    title = _("chấm dứt")
    parameter_name = "ended"

    def lookups(self, request, model_admin):
        return [("no", _("Còn hoạt động")), ("yes", _("Đã chấm dứt (lưu trữ chỉ đọc)"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(ended_on__isnull=self.value() == "no")
        return queryset


class ExistingOnFilter(admin.SimpleListFilter):
    """The units as they were on either side of each recorded reorganisation date (the eve and the day itself)."""

    title = _("tồn tại vào ngày")
    parameter_name = "existing_on"

    def lookups(self, request, model_admin):
        days = sorted(set(UnitSuccession.objects.values_list("effective_on", flat=True)), reverse=True)
        choices = []
        for day in days:
            eve = day - timedelta(days=1)
            choices += [(day.isoformat(), _("%(day)s (sau sắp xếp)") % {"day": day.strftime("%d/%m/%Y")}),
                        (eve.isoformat(), _("%(day)s (trước sắp xếp)") % {"day": eve.strftime("%d/%m/%Y")})]
        return choices

    def queryset(self, request, queryset):
        try:
            day = date.fromisoformat(self.value() or "")
        except ValueError:
            return queryset
        return existing_on(queryset, day)


class _SuccessionInline(ReadOnly, admin.TabularInline):
    model = UnitSuccession
    extra = 0
    fields = ("predecessor", "successor", "kind", "share", "effective_on", "decision")
    readonly_fields = fields


class PredecessorInline(_SuccessionInline):
    fk_name = "successor"
    verbose_name_plural = _("đơn vị cũ mà đơn vị này kế thừa")


class SuccessorInline(_SuccessionInline):
    fk_name = "predecessor"
    verbose_name_plural = _("đơn vị kế thừa đơn vị này")


class HistoryInline(ReadOnly, admin.TabularInline):
    model = UnitHistory
    fk_name = "unit"
    extra = 0
    fields = ("name", "kind", "parent", "valid_until", "decision")
    readonly_fields = fields


@admin.register(UnitSuccession, site=platform_admin)
class UnitSuccessionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "share", "effective_on", "decision")
    list_filter = ("kind", "effective_on")
    search_fields = ("predecessor__code", "predecessor__name", "successor__code", "successor__name", "decision")
    list_select_related = ("predecessor", "successor")


@admin.register(UnitHistory, site=platform_admin)
class UnitHistoryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("unit", "name", "kind", "parent", "valid_until", "decision")
    search_fields = ("unit__code", "name")
    list_select_related = ("unit", "kind", "parent")


class StepInline(ReadOnly, admin.TabularInline):
    model = ReorganisationStep
    extra = 0
    fields = ("old_unit", "action", "done_at", "result")
    readonly_fields = fields

    @admin.display(description=_("kết quả"))
    def result(self, step):
        return pretty_json([f"{line.get('count')} {line.get('what')} -> {line.get('successor') or '-'}"
                            + (f" ({_('chờ quyết định')}: {line['needs_decision']})" if line.get("needs_decision") else "")
                            for line in step.lines or []])


@admin.register(ReorganisationRun, site=platform_admin)
class ReorganisationRunAdmin(AllReadOnly, ReadOnly, admin.ModelAdmin):
    list_display = ("plan", "status", "attempts", "steps_done", "started_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("plan",)
    inlines = [StepInline]

    @admin.display(description=_("bước xong"))
    def steps_done(self, run):
        return f"{run.steps.filter(done_at__isnull=False).count()}/{run.steps.count()}"


@admin.register(ReorganisationPlan, site=platform_admin)
class ReorganisationPlanAdmin(AllReadOnly, ReadOnly, admin.ModelAdmin):
    list_display = ("source", "effective_on", "decision", "new_units", "run_status", "created_at")
    search_fields = ("source", "decision", "key")

    @admin.display(description=_("số đơn vị mới"))
    def new_units(self, plan):
        return len(plan.content.get("units", []))

    @admin.display(description=_("lượt thực hiện"))
    def run_status(self, plan):
        run = getattr(plan, "run", None)
        return run.get_status_display() if run else "-"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("run")


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("đã xác nhận")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("no", _("Chờ xác nhận")), ("yes", _("Đã xác nhận"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(confirmed_at__isnull=self.value() == "no")
        return queryset


@admin.register(CarriedMembership, site=platform_admin)
class CarriedMembershipAdmin(admin.ModelAdmin):
    """Changed only by the confirm action (it records who checked them); the memberships themselves are active."""

    list_display = ("user", "from_unit", "to_unit", "roles_display", "moved_at", "confirmed_at", "confirmed_by")
    list_filter = (ConfirmedFilter,)
    search_fields = ("user__username", "user__first_name", "user__last_name", "from_unit__code", "to_unit__code",
                     "to_unit__name")
    list_select_related = ("user", "from_unit", "to_unit", "confirmed_by")
    readonly_fields = ("user", "from_unit", "to_unit", "roles_display", "moved_at", "confirmed_at", "confirmed_by")
    fields = readonly_fields
    actions = ["confirm"]

    @admin.display(description=_("vai trò"))
    def roles_display(self, row):
        return ", ".join(row.roles)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Xác nhận các thành viên chuyển sang đã chọn"), permissions=["change"])
    def confirm(self, request, queryset):
        by_unit: dict = {}
        for row in queryset.select_related("to_unit"):
            by_unit.setdefault(row.to_unit, []).append(row.pk)
        confirmed = sum(runs.confirm_memberships(unit, ids, request.user) for unit, ids in by_unit.items())
        messages.success(request, _("Đã xác nhận %(n)d thành viên.") % {"n": confirmed})
