"""The dictionary, code lists and forms in the platform's admin, to look at: changes go through the services (the
builder screen, `egov forms import-fields`), which version what they change. Two actions call them: publish a draft
form, retire a published one."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_sites import platform_admin
from modules.forms.models import (
    CodeList,
    CodeListVersion,
    DataField,
    FieldVersion,
    FormDefinition,
    FormField,
    FormSection,
)
from modules.forms.services import FormsError, publish_form, retire_form


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FieldVersionInline(ReadOnly, admin.TabularInline):
    model = FieldVersion
    fields = ("number", "status", "type", "label_vi", "validation", "code_list", "personal_data", "prefill",
              "published_at", "note")
    readonly_fields = fields
    extra = 0


@admin.register(DataField, site=platform_admin)
class DataFieldAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("key", "created_at")
    search_fields = ("key", "versions__label_vi")
    inlines = [FieldVersionInline]


class CodeListVersionInline(ReadOnly, admin.TabularInline):
    model = CodeListVersion
    fields = ("number", "valid_from", "note", "created_at")
    readonly_fields = fields
    extra = 0


@admin.register(CodeList, site=platform_admin)
class CodeListAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("key", "name_vi", "source")
    search_fields = ("key", "name_vi")
    inlines = [CodeListVersionInline]


class FormSectionInline(ReadOnly, admin.TabularInline):
    model = FormSection
    fields = ("position", "key", "title_vi", "repeatable", "min_items", "max_items", "visible_if")
    readonly_fields = fields
    extra = 0


class FormFieldInline(ReadOnly, admin.TabularInline):
    model = FormField
    fields = ("section", "position", "field", "field_version", "label_vi", "overrides", "visible_if", "computed",
              "paper")
    readonly_fields = fields
    extra = 0


@admin.register(FormDefinition, site=platform_admin)
class FormDefinitionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("procedure_code", "version_label", "title_vi", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("procedure_code", "title_vi")
    readonly_fields = ("procedure_code", "version_label", "title_vi", "title_en", "status", "artefact_hash",
                       "created_at", "published_at", "retired_at")
    exclude = ("artefact",)
    inlines = [FormSectionInline, FormFieldInline]
    actions = ["publish", "retire"]

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("forms.change_formdefinition")  # the actions, not the form

    def _each(self, request, queryset, action):
        for form in queryset:
            try:
                action(form.pk)
            except FormsError as exc:
                self.message_user(request, f"{form}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, _("%(form)s: xong.") % {"form": form}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Ban hành biểu mẫu nháp đã chọn"))
    def publish(self, request, queryset):
        self._each(request, queryset, publish_form)

    @admin.action(description=gettext_lazy("Ngừng sử dụng biểu mẫu đã chọn"))
    def retire(self, request, queryset):
        self._each(request, queryset, retire_form)
