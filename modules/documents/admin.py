"""The unit's admin: its number series are configured here (Decree 30 Art. 15: separate series for each legal
normative type, secret documents, copies); documents are read only, their work is done through the API where the
rule book applies."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_sites import unit_admin
from core.modules.admin_mixins import OnlyWhereEnabled, ReadOnly
from core.platform_relations import PlatformRelationsAdmin, PlatformRelationsInline
from modules.documents.models import (
    Assignment,
    Attachment,
    Department,
    DepartmentMember,
    Document,
    DocumentEvent,
    ExchangeMessage,
    Series,
)


@admin.register(Series, site=unit_admin)
class SeriesAdmin(OnlyWhereEnabled, admin.ModelAdmin):
    module_id = "documents"
    list_display = ["code", "name", "direction", "confidential", "copies", "position", "active"]
    list_filter = ["direction", "active"]
    fields = ["code", "name", "direction", "type_codes", "confidential", "copies", "position", "active"]

    def has_delete_permission(self, request, obj=None):
        return False  # numbers were given from it: deactivate instead


class DepartmentMemberInline(PlatformRelationsInline, admin.TabularInline):
    model = DepartmentMember
    fields = ["person"]
    raw_id_fields = ["person"]
    extra = 1


@admin.register(Department, site=unit_admin)
class DepartmentAdmin(PlatformRelationsAdmin, OnlyWhereEnabled, admin.ModelAdmin):
    """Departments (phòng, ban), their head and people: a head follows the routing of their people's documents and
    tasks (services/access.py). A deputy is let oversee one with `departments.let_oversee` (django-guardian)."""

    module_id = "documents"
    list_display = ["name", "head"]
    fields = ["name", "head"]
    raw_id_fields = ["head"]
    inlines = [DepartmentMemberInline]


class EventInline(PlatformRelationsInline, ReadOnly, admin.TabularInline):
    model = DocumentEvent
    fields = ["at", "action", "from_status", "to_status", "actor"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("lịch sử văn bản")


class AssignmentInline(PlatformRelationsInline, ReadOnly, admin.TabularInline):
    model = Assignment
    fields = ["role", "person", "department", "days", "due_at", "done_at"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("phân công xử lý")


class AttachmentInline(ReadOnly, admin.TabularInline):
    model = Attachment
    fields = ["name", "blob", "created_at"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("tệp đính kèm")


@admin.register(Document, site=unit_admin)
class DocumentAdmin(ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    module_id = "documents"
    list_display = ["__str__", "direction", "type_name", "subject", "status", "issued_on", "arrival_number",
                    "due_on"]
    list_filter = ["direction", "status", "confidentiality", "urgency"]
    search_fields = ["symbol", "subject", "issuer_name"]
    ordering = ["-created_at"]
    list_per_page = 50
    inlines = [AssignmentInline, AttachmentInline, EventInline]
    readonly_fields = [f.name for f in Document._meta.fields if f.name != "id"]
    fields = readonly_fields


@admin.register(ExchangeMessage, site=unit_admin)
class ExchangeMessageAdmin(ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    """Every edXML message exchanged outside the installation, with its trace (attempts, errors, the axis's ids):
    what the clerk and the ICT department look at when an agency says it got nothing."""

    module_id = "documents"
    list_display = ["created_at", "way", "channel", "kind", "state", "peer", "code", "status_code", "attempts"]
    list_filter = ["way", "channel", "kind", "state"]
    search_fields = ["peer", "peer_name", "code", "document_identifier", "external_id"]
    ordering = ["-created_at"]
    list_per_page = 50
    readonly_fields = [f.name for f in ExchangeMessage._meta.fields if f.name not in ("id", "content")]
    fields = readonly_fields
