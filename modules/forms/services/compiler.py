"""Publishing compiles a form to ONE artefact that the server (validation.py) and the browser (forms-runtime.js) both
run:

- `schema`: JSON Schema 2020-12 of the data shape, keyed by dictionary keys (a repeatable section is an array of
  objects). Vietnamese identifiers are formats (`vn-cccd`, `vn-tax-code`, `vn-phone`, and `date`, `email` checked
  the same way on both sides); addresses, attachments and date ranges are `x-address`, `x-file` and `x-date`
  keywords, since JSON Schema has no words for them.
- `sections` with their fields: labels, help, required, visibility and computed values as JSON-logic, prefill
  meaning, personal-data flag, the position on the paper form.
- `rules`: JSON-logic across fields, true when the data is acceptable, with their messages.
- `codeLists`: the versions of the lists the form uses, small ones inline; administrative units by version only.
- `messages`: every verdict code in Vietnamese and English.
"""

import hashlib
import json
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import override

from modules.forms.models import FieldType
from modules.forms.services import codelists
from modules.forms.services.dictionary import LIST_OF_SHAPE
from modules.forms.services.messages import both_languages

FORMAT = "egov-forms/1"
SCHEMA = "https://json-schema.org/draft/2020-12/schema"
TEXT_MAX = {FieldType.TEXT: 255, FieldType.LONG_TEXT: 4000}


def _display_date(value: str) -> str:
    day = date.fromisoformat(value)
    return f"{day.day:02}/{day.month:02}/{day.year}"


def effective_rules(version, overrides: dict) -> dict:
    """The dictionary's validation with the form's (narrower) overrides."""
    rules = dict(version.validation or {})
    rules.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return rules


def _property(version, rules: dict, lists: dict) -> tuple[dict, dict]:
    """(JSON Schema of the value, display parameters of its messages)."""
    kind = version.type
    if kind in (FieldType.TEXT, FieldType.LONG_TEXT):
        prop = {"type": "string", "maxLength": min(rules.get("max_length", TEXT_MAX[kind]), TEXT_MAX[kind])}
        if rules.get("min_length"):
            prop["minLength"] = rules["min_length"]
        if rules.get("pattern"):
            prop["pattern"] = rules["pattern"]
        return prop, {"min": prop.get("minLength", 0), "max": prop["maxLength"]}
    if kind in (FieldType.NUMBER, FieldType.MONEY):
        prop = {"type": "number" if kind == FieldType.NUMBER else "integer"}
        if kind == FieldType.MONEY:
            prop["minimum"] = 0
        for name in ("minimum", "maximum"):
            if name in rules:
                prop[name] = rules[name]
        return prop, {k: prop[name] for k, name in (("min", "minimum"), ("max", "maximum")) if name in prop}
    if kind == FieldType.DATE:
        prop, params, bounds = {"type": "string", "format": "date"}, {}, {}
        for name, key in (("min_date", "min"), ("max_date", "max")):
            if name in rules:
                bounds[key] = rules[name]
                params[key] = _display_date(rules[name])
        if bounds:
            prop["x-date"] = bounds
        return prop, params
    if kind == FieldType.BOOLEAN:
        return {"type": "boolean"}, {}
    if kind == FieldType.CHOICE:
        key = version.code_list.key
        codes = [item["code"] for item in lists[key]["items"]]
        if rules.get("choices"):
            codes = [c for c in codes if c in set(rules["choices"])]
        return {"type": "string", "enum": codes}, {}
    if kind == FieldType.CCCD:
        return {"type": "string", "format": "vn-cccd"}, {}
    if kind == FieldType.TAX_CODE:
        return {"type": "string", "format": "vn-tax-code"}, {}
    if kind == FieldType.PHONE:
        return {"type": "string", "format": "vn-phone"}, {}
    if kind == FieldType.EMAIL:
        return {"type": "string", "format": "email"}, {}
    if kind == FieldType.ADDRESS:
        shape = rules.get("shape", "vn-2025")
        return {"type": "object", "x-address": {"list": LIST_OF_SHAPE[shape], "shape": shape,
                                                "street": bool(rules.get("street_required"))},
                "description": "province, " + ("district, " if shape == "vn-2023" else "") + "commune, street"}, {}
    if kind == FieldType.FILE:
        spec = {"accept": list(rules.get("accept") or [])}
        if rules.get("max_size_mb"):
            spec["maxBytes"] = rules["max_size_mb"] * 1024 * 1024
        return ({"type": "object", "x-file": spec, "description": "id, name, content_type, size"},
                {"max": rules["max_size_mb"]} if rules.get("max_size_mb") else {})
    raise ValueError(kind)  # pragma: no cover - FieldType lists every kind


def _list_entry(version_row, inline: bool) -> dict:
    entry = {"version": version_row.number, "id": version_row.pk, "validFrom": version_row.valid_from.isoformat()}
    if inline:
        entry["items"] = version_row.items
    else:
        entry["external"] = True
        entry["size"] = len(version_row.items)
    return entry


def _lists_for(fields, on: date) -> dict:
    lists: dict[str, dict] = {}
    for form_field in fields:
        version = form_field.field_version
        rules = effective_rules(version, form_field.overrides)
        if version.type == FieldType.CHOICE:
            key, inline = version.code_list.key, True
        elif version.type == FieldType.ADDRESS:
            key, inline = LIST_OF_SHAPE[rules.get("shape", "vn-2025")], False
        elif version.type == FieldType.CCCD:
            key, inline = "cccd_province", True
        else:
            continue
        if key not in lists:
            lists[key] = _list_entry(codelists.in_force(key, on), inline)
    return lists


def _birth_date_key(section, fields) -> str | None:
    """The date of birth beside a personal identification number: a date field `birth_date` (or meaning the
    applicant's date of birth) in the same repeatable section, or anywhere outside repeatable sections."""
    for form_field in fields:
        version = form_field.field_version
        same_scope = (form_field.section_id == section.pk if section.repeatable
                      else not form_field.section.repeatable)
        if same_scope and version.type == FieldType.DATE and (
                version.field.key == "birth_date" or version.prefill == "applicant.birth_date"):
            return version.field.key
    return None


def _logic_or_none(value):
    return value if value not in (None, {}, []) else None


def compile_form(form, sections, fields, rules, on: date) -> dict:
    """The artefact of `form` from its sections, fields (each with the pinned `field_version`) and rules."""
    lists = _lists_for(fields, on)
    messages = both_languages()
    with override("en"):
        cccd_rule_en = _("Số định danh cá nhân không khớp với năm sinh.")
    properties: dict = {}
    out_sections, out_rules = [], []
    by_section: dict[int, list] = {}
    for form_field in fields:
        by_section.setdefault(form_field.section_id, []).append(form_field)
    for section in sections:
        target = {} if section.repeatable else properties
        out_fields = []
        for form_field in by_section.get(section.pk, []):
            version = form_field.field_version
            rules_here = effective_rules(version, form_field.overrides)
            prop, params = _property(version, rules_here, lists)
            prop["title"] = form_field.label_vi or version.label_vi
            target[version.field.key] = prop
            out_fields.append({
                "key": version.field.key, "type": version.type,
                "label": {"vi": form_field.label_vi or version.label_vi,
                          "en": form_field.label_en or version.label_en or form_field.label_vi or version.label_vi},
                "help": {"vi": version.help_vi, "en": version.help_en or version.help_vi},
                "required": bool(rules_here.get("required")), "personal": version.personal_data,
                "prefill": version.prefill, "visibleIf": _logic_or_none(form_field.visible_if),
                "computed": _logic_or_none(form_field.computed), "paper": form_field.paper or None,
                "codeList": (version.code_list.key if version.type == FieldType.CHOICE else
                             prop.get("x-address", {}).get("list")),
                "params": params, "dictionaryVersion": version.number,
            })
            if version.type == FieldType.CCCD:
                birth = _birth_date_key(section, fields)
                if birth:
                    out_rules.append({
                        "key": f"{version.field.key}_matches_{birth}", "section": section.key if section.repeatable
                        else None, "target": version.field.key, "code": "CCCD_BIRTH_MISMATCH",
                        "logic": {"vn_cccd_birth": [{"var": version.field.key}, {"var": birth}]},
                        "message": {"vi": messages["CCCD_BIRTH_MISMATCH"]["vi"].replace(
                            "{label}", out_fields[-1]["label"]["vi"]), "en": cccd_rule_en}})
        if section.repeatable:
            group = {"type": "array", "items": {"type": "object", "properties": target,
                                                "additionalProperties": False}, "title": section.title_vi}
            if section.min_items:
                group["minItems"] = section.min_items
            if section.max_items:
                group["maxItems"] = section.max_items
            properties[section.key] = group
        out_sections.append({
            "key": section.key, "title": {"vi": section.title_vi, "en": section.title_en or section.title_vi},
            "visibleIf": _logic_or_none(section.visible_if), "repeatable": section.repeatable,
            "minItems": section.min_items or 0, "maxItems": section.max_items, "fields": out_fields})
    section_keys = {s.pk: s.key for s in sections}
    for rule in rules:
        out_rules.append({"key": rule.key, "section": section_keys.get(rule.section_id), "target": rule.target,
                          "code": "RULE:" + rule.key, "logic": rule.logic,
                          "message": {"vi": rule.message_vi, "en": rule.message_en or rule.message_vi}})
    schema = {"$schema": SCHEMA, "$id": f"urn:egov:form:{form.procedure_code}:{form.version_label}",
              "title": form.title_vi, "type": "object", "properties": properties, "additionalProperties": False}
    return {
        "format": FORMAT,
        "form": {"id": form.pk, "procedureCode": form.procedure_code, "versionLabel": form.version_label,
                 "title": {"vi": form.title_vi, "en": form.title_en or form.title_vi}},
        "schema": schema, "sections": out_sections, "rules": out_rules, "codeLists": lists, "messages": messages,
    }


def digest(artefact: dict) -> str:
    """The SHA-256 of the artefact without its own digest (form.digest), over its canonical JSON."""
    form = {k: v for k, v in artefact["form"].items() if k != "digest"}
    return hashlib.sha256(json.dumps({**artefact, "form": form}, sort_keys=True, ensure_ascii=False).encode()
                          ).hexdigest()
