"""The catalogue in the platform's admin. Procedure content comes from imports only: versions are read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_display import AllReadOnly
from core.admin_sites import platform_admin
from modules.catalogue.models import DossierComponent, Procedure, ProcedureVersion, Sector, SubmissionChannel


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ChannelInline(_ReadOnlyInline):
    model = SubmissionChannel
    fields = ("channel", "processing_days", "fee_amount", "fee_description", "raw_text")


class ComponentInline(_ReadOnlyInline):
    model = DossierComponent
    fields = ("case_name", "name", "originals", "copies", "template")


@admin.register(Sector, site=platform_admin)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Procedure, site=platform_admin)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sector", "version_number", "online_level", "updated_at")
    list_filter = ("sector", "current_version__online_level")
    search_fields = ("code", "name")
    list_select_related = ("sector", "current_version")
    readonly_fields = ("code", "name", "sector", "current_version", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("phiên bản"))
    def version_number(self, obj):
        return obj.current_version.number if obj.current_version else None

    @admin.display(description=_("mức độ trực tuyến"))
    def online_level(self, obj):
        return obj.current_version.get_online_level_display() if obj.current_version else ""


@admin.register(ProcedureVersion, site=platform_admin)
class ProcedureVersionAdmin(AllReadOnly, admin.ModelAdmin):
    list_display = ("procedure", "number", "name", "valid_from", "valid_until", "online_level")
    list_filter = ("online_level", "sector")
    search_fields = ("procedure__code", "name", "so_quyet_dinh")
    list_select_related = ("procedure",)
    inlines = [ChannelInline, ComponentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
