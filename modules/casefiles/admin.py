"""Case files in the unit's admin, read only: the archivist looks files, transfers and notices up; the work itself is
done through the API (the archivist's and the specialist's screens), where closed files refuse every change."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_sites import unit_admin
from core.modules.admin_mixins import OnlyWhereEnabled, ReadOnly
from core.platform_relations import PlatformRelationsInline
from modules.casefiles.models import CaseFile, CaseFileDocument, CaseFileEvent, FilePlanEntry, Transfer, TransferNotice

MODULE = "casefiles"


class DocumentInline(ReadOnly, OnlyWhereEnabled, admin.TabularInline):
    module_id = MODULE
    model = CaseFileDocument
    fields = ["position", "number_symbol", "document_date", "subject", "issuer_name", "added_at"]
    readonly_fields = fields
    extra = 0
    verbose_name = _("văn bản trong hồ sơ")
    verbose_name_plural = _("văn bản trong hồ sơ")


class EventInline(PlatformRelationsInline, ReadOnly, OnlyWhereEnabled, admin.TabularInline):
    module_id = MODULE
    model = CaseFileEvent
    fields = ["at", "action", "actor", "data"]
    readonly_fields = fields
    extra = 0
    verbose_name = _("lịch sử hồ sơ")
    verbose_name_plural = _("lịch sử hồ sơ")


@admin.register(FilePlanEntry, site=unit_admin)
class FilePlanEntryAdmin(ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    module_id = MODULE
    list_display = ["year", "code", "title", "retention_years", "keeper_department"]
    list_filter = ["year"]
    search_fields = ["code", "title"]


@admin.register(CaseFile, site=unit_admin)
class CaseFileAdmin(ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    module_id = MODULE
    list_display = ["year", "code", "title", "status", "work_ended_on", "transfer_due_on", "archive_number"]
    list_filter = ["status", "year"]
    search_fields = ["code", "title"]
    inlines = [DocumentInline, EventInline]


@admin.register(Transfer, site=unit_admin)
class TransferAdmin(ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    module_id = MODULE
    list_display = ["number", "at", "department"]


@admin.register(TransferNotice, site=unit_admin)
class TransferNoticeAdmin(ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    module_id = MODULE
    list_display = ["case_file", "due_on", "created_at", "queued_at"]
    list_select_related = ["case_file"]
