"""Showing values readably in both admin sites: JSON as indented text with Vietnamese letters as they are.

    class DossierAdmin(admin.ModelAdmin):
        readonly_fields = [..., "data_display"]
        data_display = json_display("data", _("dữ liệu hồ sơ"))

    formfield_overrides = {models.JSONField: {"form_class": PrettyJSONFormField}}   # editable JSON, indented

    class ProcedureVersionAdmin(AllReadOnly, admin.ModelAdmin): ...   # every field read-only, JSON as text
"""

import json
from types import MethodType

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html

_PRE = '<pre style="white-space: pre-wrap; margin: 0; font-size: 0.95em">{}</pre>'


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def pretty_json(value) -> str:
    """A JSON value for a read-only field: indented, unescaped; "-" when empty."""
    if value in (None, "", {}, []):
        return "-"
    return format_html(_PRE, _dumps(value))


def json_display(field_name: str, description):
    """A read-only admin field showing `field_name` with pretty_json, labelled `description`."""

    @admin.display(description=description)
    def show(self, obj):
        return pretty_json(getattr(obj, field_name))

    show.__name__ = f"{field_name}_display"
    return show


class PrettyJSONFormField(forms.JSONField):
    """An editable JSON field whose text is indented and keeps Vietnamese letters unescaped."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 12, "cols": 80, "style": "font-family: monospace"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return _dumps(value)


class AllReadOnly:
    """Admin mixin: every field of the model shown read-only, JSON fields as indented text (pretty_json)."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        for field in model._meta.fields:
            name = f"{field.name}_display"
            if isinstance(field, models.JSONField) and not hasattr(self, name):
                setattr(self, name, MethodType(json_display(field.name, field.verbose_name), self))

    def get_readonly_fields(self, request, obj=None):
        return [f"{f.name}_display" if isinstance(f, models.JSONField) else f.name for f in self.model._meta.fields]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)
