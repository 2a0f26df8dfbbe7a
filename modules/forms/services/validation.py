"""The server's verdict on a form's data, from the form's compiled artefact (the authority; forms-runtime.js gives the
same verdicts in the browser, a parity test holds both to one table).

In order: computed values are set; hidden sections and fields are dropped (their values too); empty values are
dropped; a required field left empty is REQUIRED; the rest is validated by the JSON Schema (python-jsonschema, with
the formats and keywords below); then the rules across fields. One error per field: the first by this order, so both
sides name the same code."""

import re
import unicodedata
from dataclasses import dataclass

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from modules.forms.services import codelists, identifiers, jsonlogic, patterns
from modules.forms.services.messages import show

ORDER = ("type", "format", "x-address", "x-file", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum",
         "x-date", "minItems", "maxItems")
KEYWORD_CODES = {"minLength": "TOO_SHORT", "maxLength": "TOO_LONG", "pattern": "PATTERN", "minimum": "TOO_SMALL",
                 "maximum": "TOO_LARGE", "enum": "NOT_IN_LIST", "minItems": "TOO_FEW_ITEMS",
                 "maxItems": "TOO_MANY_ITEMS"}
FORMAT_CHECKS = {"date": identifiers.check_date, "email": identifiers.check_email,
                 "vn-tax-code": identifiers.check_tax_code, "vn-phone": identifiers.check_phone}
STREET_MAX = 255


@dataclass(frozen=True)
class FieldError:
    path: str       # "full_name", "household_members.1.birth_date"
    code: str       # REQUIRED, INVALID_CCCD, RULE:<key>, ...
    message: str


@dataclass(frozen=True)
class Verdict:
    errors: list[FieldError]
    data: dict      # what would be kept: computed values set, hidden and empty values dropped

    @property
    def valid(self) -> bool:
        return not self.errors


class _Coded(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def clean(value):
    """A text as kept: Unicode NFC (a decomposed "Nguyễn" counts as many letters as a composed one) without the
    spaces around it; other values as they are. forms-runtime.js does the same."""
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


def is_empty(value) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def _units(list_entry: dict, key: str, lists: dict | None) -> dict:
    """{code: parent} of an administrative-unit list version (kept per version: a version never changes)."""
    if lists and lists.get(key):
        return {item["code"]: item.get("parent") or "" for item in lists[key]}
    index = _UNITS.get(list_entry["id"])
    if index is None:
        items = list_entry.get("items") or codelists.items_of(list_entry["id"])
        index = _UNITS[list_entry["id"]] = {item["code"]: item.get("parent") or "" for item in items}
    return index


_UNITS: dict[int, dict] = {}


def _check_address(value: dict, spec: dict, units: dict) -> str | None:
    parts = ("province", "district", "commune", "street") if spec["shape"] == "vn-2023" else (
        "province", "commune", "street")
    if any(k not in parts or not isinstance(v, str) for k, v in value.items()):
        return "INVALID_VALUE"
    province, commune = value.get("province", ""), value.get("commune", "")
    if not province or units.get(province, None) != "":
        return "ADDRESS_PROVINCE"
    parent = province
    if spec["shape"] == "vn-2023":
        district = value.get("district", "")
        if not district or units.get(district) != province:
            return "ADDRESS_DISTRICT"
        parent = district
    if not commune or units.get(commune) != parent:
        return "ADDRESS_COMMUNE"
    street = value.get("street", "").strip()
    if (spec.get("street") and not street) or len(street) > STREET_MAX:
        return "ADDRESS_STREET"
    return None


def _check_file(value: dict, spec: dict) -> str | None:
    if not (isinstance(value.get("id"), str) and value["id"] and isinstance(value.get("name"), str)
            and isinstance(value.get("content_type"), str) and isinstance(value.get("size"), int)
            and not isinstance(value.get("size"), bool) and value["size"] >= 0):
        return "INVALID_FILE"
    if spec.get("accept") and value["content_type"] not in spec["accept"]:
        return "FILE_TYPE"
    if spec.get("maxBytes") and value["size"] > spec["maxBytes"]:
        return "FILE_TOO_LARGE"
    return None


def _validator_for(artefact: dict, lists: dict | None):
    provinces = {item["code"] for item in (artefact["codeLists"].get("cccd_province") or {}).get("items", [])}
    checker = FormatChecker(formats=())
    for name, check in {**FORMAT_CHECKS, "vn-cccd": lambda v: identifiers.check_cccd(v, provinces)}.items():
        def run(value, check=check):
            if isinstance(value, str) and (code := check(value)):
                raise _Coded(code)
            return True
        checker.checks(name, raises=_Coded)(run)

    def x_address(validator, spec, instance, schema):
        if isinstance(instance, dict):
            units = _units(artefact["codeLists"][spec["list"]], spec["list"], lists)
            if code := _check_address(instance, spec, units):
                yield ValidationError(code)

    def x_file(validator, spec, instance, schema):
        if isinstance(instance, dict) and (code := _check_file(instance, spec)):
            yield ValidationError(code)

    def x_date(validator, bounds, instance, schema):
        if isinstance(instance, str) and identifiers.parse_date(instance):
            if "min" in bounds and instance < bounds["min"]:
                yield ValidationError("DATE_TOO_EARLY")
            elif "max" in bounds and instance > bounds["max"]:
                yield ValidationError("DATE_TOO_LATE")

    def pattern(validator, regex, instance, schema):
        # Run only on a value within maxLength (a longer one is TOO_LONG first, as in the browser): a bound on the
        # work of a backtracking pattern (patterns.py refuses the dangerous ones when they are saved).
        if isinstance(instance, str) and len(instance) <= schema.get("maxLength", patterns.VALUE_MAX) \
                and not re.search(regex, instance, re.ASCII):  # \d \w \s as the browser's RegExp reads them
            yield ValidationError("PATTERN")

    cls = validators.extend(Draft202012Validator, {"x-address": x_address, "x-file": x_file, "x-date": x_date,
                                                   "pattern": pattern})
    return cls(artefact["schema"], format_checker=checker)


def _code(error: ValidationError) -> str:
    if error.validator == "type":
        expected = error.validator_value
        if expected in ("number", "integer"):
            if expected == "integer" and isinstance(error.instance, int | float) \
                    and not isinstance(error.instance, bool):
                return "NOT_INTEGER"
            return "NOT_A_NUMBER"
        return "INVALID_VALUE"
    if error.validator == "format":
        return error.cause.code if isinstance(error.cause, _Coded) else "INVALID_VALUE"
    if error.validator in ("x-address", "x-file", "x-date"):
        return error.message
    return KEYWORD_CODES.get(error.validator, "INVALID_VALUE")


def _outer(top: dict, section: dict) -> dict:
    """What an item of `section` sees of the top level: every field of the item hides the top-level value of the same
    key, even when the item leaves it empty (a household member without an ID number is not checked against the
    applicant's), so a check that needs two fields takes both from one scope. forms-runtime.js does the same."""
    keys = {f["key"] for f in section["fields"]}
    return {k: v for k, v in top.items() if k not in keys}


def _scope(outer: dict, item: dict) -> dict:
    return {**outer, **item}


def _prune(artefact: dict, data: dict) -> tuple[dict, dict]:
    """(kept data, {path: field or section entry} of what is visible), computed values set."""
    kept, visible = {}, {}
    sections = artefact["sections"]
    top_fields = [f for s in sections if not s["repeatable"] for f in s["fields"]]
    for f in top_fields:  # computed values first: visibility may depend on them
        if f["computed"] is not None:
            data = {**data, f["key"]: jsonlogic.plain(jsonlogic.apply(f["computed"], data))}
    for section in sections:
        if section["visibleIf"] is not None and not jsonlogic.truthy(jsonlogic.apply(section["visibleIf"], data)):
            continue
        if not section["repeatable"]:
            for f in section["fields"]:
                if f["visibleIf"] is None or jsonlogic.truthy(jsonlogic.apply(f["visibleIf"], data)):
                    visible[f["key"]] = f
                    if not is_empty(value := clean(data.get(f["key"]))):
                        kept[f["key"]] = value
            continue
        visible[section["key"]] = section
        items = data.get(section["key"])
        if not isinstance(items, list):
            if not is_empty(items):
                kept[section["key"]] = items  # not a list: the schema says so
            continue
        kept_items, outer = [], _outer(data, section)
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                kept_items.append(item)
                continue
            item = dict(item)
            for f in section["fields"]:
                if f["computed"] is not None:
                    item[f["key"]] = jsonlogic.plain(jsonlogic.apply(f["computed"], _scope(outer, item)))
            kept_item, scope = {}, _scope(outer, item)
            for f in section["fields"]:
                if f["visibleIf"] is None or jsonlogic.truthy(jsonlogic.apply(f["visibleIf"], scope)):
                    visible[f"{section['key']}.{i}.{f['key']}"] = f
                    if not is_empty(value := clean(item.get(f["key"]))):
                        kept_item[f["key"]] = value
            kept_items.append(kept_item)
        kept[section["key"]] = kept_items
    return kept, visible


def _field_path(parts, groups: set[str]) -> str:
    parts = list(parts)
    if not parts:
        return ""
    if parts[0] in groups and len(parts) >= 3:
        return f"{parts[0]}.{parts[1]}.{parts[2]}"
    return str(parts[0])


def validate(artefact: dict, data, *, lang: str = "vi", code_lists: dict | None = None) -> Verdict:
    """The verdict on `data` (keyed by dictionary keys) for the form compiled as `artefact`. `code_lists`: items of
    the large lists ({key: [...]}) when the caller has them; read from the database otherwise."""
    messages = artefact["messages"]
    if not isinstance(data, dict):
        return Verdict([FieldError("", "INVALID_DATA", messages["INVALID_DATA"][lang])], {})
    kept, visible = _prune(artefact, data)
    errors: dict[str, str] = {}
    for path, entry in visible.items():
        if "fields" in entry:  # a repeatable section
            count = len(kept.get(path) or []) if isinstance(kept.get(path), list) else None
            if count is not None and count < entry["minItems"]:
                errors[path] = "TOO_FEW_ITEMS"
            elif count is None and path not in kept and entry["minItems"]:
                errors[path] = "TOO_FEW_ITEMS"
        elif entry["required"] and entry["computed"] is None and is_empty(_at(kept, path)):
            errors[path] = "REQUIRED"
    sections = {s["key"]: s for s in artefact["sections"]}
    groups = {key for key, s in sections.items() if s["repeatable"]}
    found: dict[str, tuple[int, str]] = {}
    for error in _validator(artefact, code_lists).iter_errors(kept):
        path = _field_path(error.absolute_path, groups)
        rank = ORDER.index(error.validator) if error.validator in ORDER else len(ORDER)
        if path not in errors and (path not in found or rank < found[path][0]):
            found[path] = (rank, _code(error))
    errors.update({path: code for path, (_rank, code) in found.items()})
    rule_messages = {}
    for rule in artefact["rules"]:
        for path, scope in _rule_scopes(rule, kept, sections):
            if path in visible and path not in errors and not jsonlogic.truthy(jsonlogic.apply(rule["logic"], scope)):
                errors[path] = rule["code"]
                rule_messages[path] = rule["message"][lang]
    out = []
    for path in _document_order(visible, errors):
        code = errors[path]
        entry = visible.get(path) or {"label": {"vi": "", "en": ""}, "params": {}}
        label = entry["label"][lang] if "label" in entry else entry["title"][lang]
        params = entry.get("params") or {"min": entry.get("minItems"), "max": entry.get("maxItems")}
        message = rule_messages.get(path) or show(messages[code][lang], label, params)
        out.append(FieldError(path, code, message))
    return Verdict(out, kept)


def _validator(artefact: dict, lists):
    key = artefact.get("form", {}).get("digest")
    if lists or not key:
        return _validator_for(artefact, lists)
    # A published artefact never changes: its validator (patterns, formats, unit lists) is built once per process.
    cached = _VALIDATORS.get(key)
    if cached is None:
        if len(_VALIDATORS) >= 64:
            _VALIDATORS.clear()
        cached = _VALIDATORS[key] = _validator_for(artefact, None)
    return cached


_VALIDATORS: dict = {}


def _at(data: dict, path: str):
    value = data
    for part in path.split("."):
        if isinstance(value, list) and part.isascii() and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _rule_scopes(rule: dict, kept: dict, sections: dict):
    if rule["section"] is None:
        yield rule["target"], kept
        return
    items = kept.get(rule["section"])
    outer = _outer(kept, sections[rule["section"]])
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield f"{rule['section']}.{i}.{rule['target']}", _scope(outer, item)


def _document_order(visible: dict, errors: dict) -> list[str]:
    ordered = [p for p in visible if p in errors]
    return ordered + sorted(p for p in errors if p not in visible)
