"""A unit's procedures and processes in the unit's admin (the connection is on the unit's schema there).

Saving checks the steps as `adopt_procedure` does and moves the procedure to the catalogue's current version.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from core.admin_sites import unit_admin
from core.modules.admin_mixins import OnlyWhereEnabled
from modules.catalogue.services import current_version, procedures_in_force
from modules.procedures.models import ProcessStep, UnitProcedure
from modules.procedures.services.validation import StepSpec, step_roles, validate_process


def _procedure_choices():
    return [(code, f"{code} {name[:100]}") for code, name in procedures_in_force()]


class UnitProcedureForm(forms.ModelForm):
    procedure_code = forms.ChoiceField(label=_("thủ tục"), choices=_procedure_choices)

    class Meta:
        model = UnitProcedure
        fields = ["procedure_code", "is_active"]

    def clean_procedure_code(self):
        code = self.cleaned_data["procedure_code"]
        version = current_version(code)
        if version is None:
            raise ValidationError(_("Danh mục không có thủ tục này."))
        self.instance.procedure_version_id, self.instance.procedure_name = version.pk, version.name
        return code


class StepForm(forms.ModelForm):
    role_code = forms.ChoiceField(label=_("vai trò thực hiện"), choices=lambda: [(r, r) for r in sorted(step_roles())])

    class Meta:
        model = ProcessStep
        fields = ["position", "name", "role_code", "duration", "duration_unit", "handover_unit_code",
                  "handover_unit_kind"]


class StepFormSet(BaseInlineFormSet):
    unit = None  # set per request by the inline

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = [f.cleaned_data for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")]
        rows.sort(key=lambda row: row["position"])
        specs = [StepSpec(row["name"], row["role_code"], row["duration"], row["duration_unit"],
                          row.get("handover_unit_code") or "", row.get("handover_unit_kind") or "") for row in rows]
        version = current_version(self.instance.procedure_code)
        if version is not None:
            validate_process(version, specs, self.unit)


class StepInline(OnlyWhereEnabled, admin.TabularInline):
    module_id = "procedures"
    model = ProcessStep
    form = StepForm
    formset = StepFormSet
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.unit = getattr(request, "unit", None)
        return formset


@admin.register(UnitProcedure, site=unit_admin)
class UnitProcedureAdmin(OnlyWhereEnabled, admin.ModelAdmin):
    module_id = "procedures"
    form = UnitProcedureForm
    inlines = [StepInline]
    list_display = ("procedure_code", "procedure_name", "is_active", "procedure_version_id", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("procedure_code", "procedure_name")
