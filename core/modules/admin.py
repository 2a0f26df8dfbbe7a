"""The ICT department enables modules per unit here; every change goes through core.modules.services."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin_display import PrettyJSONFormField
from core.admin_sites import platform_admin
from core.modules import errors, services
from core.modules.errors import ModuleError
from core.modules.models import ModuleEnablement
from core.modules.registry import all_manifests


class EnablementForm(forms.ModelForm):
    class Meta:
        model = ModuleEnablement
        fields = ["unit", "module_id", "settings"]
        field_classes = {"settings": PrettyJSONFormField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "module_id" in self.fields:  # absent when changing: the module of a row is fixed
            choices = [(m.id, f"{m.id} - {m.name_vi}") for m in all_manifests().values()]
            self.fields["module_id"] = forms.ChoiceField(label=_("mô-đun"), choices=choices)

    def clean(self):
        data = super().clean()
        unit = data.get("unit") or getattr(self.instance, "unit", None)
        module_id = data.get("module_id") or self.instance.module_id
        if unit is None or not module_id:
            return data
        try:
            services.validate_settings(module_id, data.get("settings") or {})
            if self.instance.pk is None:
                missing = services.missing_dependencies(unit, module_id)
                if missing:
                    raise errors.missing_dependency(module_id, missing)
        except ModuleError as exc:
            raise forms.ValidationError(exc.message) from exc
        return data


@admin.register(ModuleEnablement, site=platform_admin)
class ModuleEnablementAdmin(admin.ModelAdmin):
    form = EnablementForm
    list_display = ("unit", "module_id", "enabled_at")
    list_filter = ("module_id",)
    search_fields = ("unit__code", "unit__name", "module_id")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit",)
    actions = ["disable_selected"]

    def get_readonly_fields(self, request, obj=None):
        return ("unit", "module_id", "enabled_at") if obj else ("enabled_at",)

    def get_fields(self, request, obj=None):
        return ["unit", "module_id", "settings", "enabled_at"] if obj else ["unit", "module_id", "settings"]

    def has_delete_permission(self, request, obj=None):
        return False  # disabling runs the module's hooks and checks its dependents: use the action

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        try:
            if change:
                services.set_settings(obj.unit, obj.module_id, form.cleaned_data.get("settings") or {})
            else:
                saved = services.enable(obj.unit, obj.module_id, form.cleaned_data.get("settings") or {})
                obj.pk, obj.enabled_at = saved.pk, saved.enabled_at
        except ModuleError as exc:
            messages.error(request, exc.message)

    @admin.action(description=_("Tắt các mô-đun đã chọn cho đơn vị tương ứng"))
    def disable_selected(self, request, queryset):
        done = 0
        for row in queryset.select_related("unit"):
            try:
                done += services.disable(row.unit, row.module_id)
            except ModuleError as exc:
                messages.error(request, exc.message)
        messages.info(request, _("Đã tắt %(n)d mô-đun.") % {"n": done})
