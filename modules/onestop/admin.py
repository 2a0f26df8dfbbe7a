"""Dossiers in the unit's admin, read only: unit administrators look things up; the work itself is done through the
API (the counter and processing screens), where the rule book applies."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_display import json_display
from core.admin_sites import unit_admin
from core.modules.admin_mixins import OnlyWhereEnabled, ReadOnly
from core.platform_relations import PlatformRelationsInline
from modules.onestop.models import CodeFormat, Dossier, DossierEvent, DossierStep, IntakeRule


class StepInline(ReadOnly, admin.TabularInline):
    model = DossierStep
    fields = ["index", "name", "role_code", "days", "handover_unit_code", "started_at", "due_at", "finished_at"]
    readonly_fields = fields
    extra = 0
    verbose_name = _("bước xử lý")
    verbose_name_plural = _("các bước xử lý")


class EventInline(PlatformRelationsInline, ReadOnly, admin.TabularInline):
    model = DossierEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "actor_unit_code", "role_code", "reason"]
    readonly_fields = fields
    extra = 0
    verbose_name = _("lịch sử xử lý")
    verbose_name_plural = _("lịch sử xử lý")


@admin.register(Dossier, site=unit_admin)
class DossierAdmin(ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    module_id = "onestop"
    list_display = ["code", "procedure_code", "applicant_name", "channel", "status", "received_at", "due_at",
                    "holder_unit_code"]
    list_filter = ["status", "procedure_code", "channel"]
    search_fields = ["code", "applicant_name", "applicant_phone", "applicant_id_number"]
    date_hierarchy = "received_at"
    ordering = ["-received_at"]
    list_per_page = 50
    inlines = [StepInline, EventInline]
    readonly_fields = ["code", "procedure_code", "procedure_name", "procedure_version_id", "channel", "status",
                       "applicant_name", "applicant_phone", "applicant_email", "applicant_id_number", "data_display",
                       "received_at", "counted_from", "due_at", "completed_at", "closed_at", "reason",
                       "supplement_requested", "supplement_items_display", "origin_unit_code", "holder_unit_code",
                       "transferred_from", "remote_status", "transfer_failure", "assignee"]
    fields = readonly_fields
    data_display = json_display("data", _("dữ liệu hồ sơ"))
    supplement_items_display = json_display("supplement_items", _("giấy tờ cần bổ sung"))


@admin.register(IntakeRule, site=unit_admin)
class IntakeRuleAdmin(OnlyWhereEnabled, admin.ModelAdmin):
    """The unit's cut-off hours and kinds of day per procedure and channel, each from a day on."""

    module_id = "onestop"
    list_display = ["procedure_code", "channel", "effective_from", "cutoff", "day_kind", "note"]
    list_filter = ["channel", "day_kind"]
    search_fields = ["procedure_code"]


@admin.register(CodeFormat, site=unit_admin)
class CodeFormatAdmin(OnlyWhereEnabled, admin.ModelAdmin):
    module_id = "onestop"
    list_display = ["pattern", "effective_from"]
