"""A module's per-unit settings as a form: each SettingSpec shown by the type of its default (a tick for yes/no, a
number, a line of text, JSON for the rest), and what people typed turned back into those types. Checking the values
(type, the module's validator) stays with core.modules.services.validate_settings."""

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from core.modules import errors
from core.modules.manifest import SettingSpec


@dataclass(frozen=True)
class Field:
    key: str
    help: str
    kind: str  # "bool", "int", "float", "secret", "text", "json"
    value: Any
    shown: str  # what the input holds ("" for a secret: left empty keeps it)


def _kind(spec: SettingSpec) -> str:
    default = spec.default
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, str):
        return "secret" if "secret" in spec.key else "text"
    return "json"


def fields(specs, values: dict) -> list[Field]:
    out = []
    for spec in specs:
        kind, value = _kind(spec), values.get(spec.key, spec.default)
        shown = "" if kind == "secret" else json.dumps(value, ensure_ascii=False) if kind == "json" else str(value)
        out.append(Field(spec.key, spec.help, kind, value, shown))
    return out


def changed(module_id: str, specs, values: dict, posted) -> dict:
    """The settings whose posted value differs from the unit's current one, typed; ModuleError INVALID_SETTING for
    a value that cannot be read as its type (an empty secret keeps the current one)."""
    out = {}
    for field in fields(specs, values):
        raw = posted.get(field.key, "")
        if field.kind == "bool":
            new = raw == "1"
        elif field.kind == "secret" and raw == "":
            continue
        else:
            try:
                new = (int(raw) if field.kind == "int" else float(raw) if field.kind == "float"
                       else json.loads(raw) if field.kind == "json" else raw.strip())
            except (ValueError, TypeError):
                raise errors.invalid_setting(module_id, field.key, _("không đọc được giá trị đã nhập")) from None
        if new != field.value:
            out[field.key] = new
    return out
