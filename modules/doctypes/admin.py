"""Document types in the platform's admin: the ICT department adds a type, or a new version of one from a date
(services.add_type closes the version before). A version once written is not edited: documents refer to it."""

from django.contrib import admin

from core.admin_sites import platform_admin
from modules.doctypes.models import DocumentType
from modules.doctypes.services import add_type


@admin.register(DocumentType, site=platform_admin)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "abbreviation", "name", "kind", "valid_from", "valid_until")
    list_filter = ("kind",)
    search_fields = ("code", "abbreviation", "name")
    fields = ("code", "abbreviation", "name", "kind", "valid_from", "basis")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        made = add_type(obj.code, obj.name, obj.abbreviation, valid_from=obj.valid_from, kind=obj.kind,
                        basis=obj.basis)
        obj.pk = DocumentType.objects.get(code=made.code, valid_from=made.valid_from).pk
