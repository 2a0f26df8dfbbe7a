"""The builder screen's actions on a draft form, each one an edit of the draft's content (form_spec) saved whole by
save_form, so the builder never bypasses its checks: a refused edit changes nothing and names every problem. Also the
dictionary search the builder adds fields from, and a preview artefact of the draft (compiled as publishing would,
never stored) for the browser's runtime."""

import json
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import role_codes
from core.accounts.unit_permissions import has_platform_perm
from core.search import fold
from modules.forms.models import FormStatus
from modules.forms.services import compiler, definitions, dictionary
from modules.forms.services.errors import FormsCode, FormsError

MAX_FOUND = 30
MAX_SHEET_BYTES = 2 * 1024 * 1024
PLATFORM_PERMISSION = "forms.change_formdefinition"
ACTIONS = ("add_section", "edit_section", "move_section", "remove_section", "add_field", "edit_field", "move_field",
           "remove_field", "add_rule", "remove_rule")


def may_build(user, unit) -> bool:
    """Who drafts and publishes forms (the builder's pages and the API alike): on a unit, its administrator; on the
    platform (`unit` None or the public schema), the ICT department with the platform grant forms.change_formdefinition."""
    if user is None or not user.is_authenticated:
        return False
    if unit is not None and getattr(unit, "schema_name", "public") != "public":
        return "administrator" in role_codes(user, unit)
    return has_platform_perm(user, PLATFORM_PERMISSION)


def drafted_in(unit) -> str:
    """The schema a draft made here belongs to: the unit's, "" on the platform."""
    schema = getattr(unit, "schema_name", "public") if unit is not None else "public"
    return "" if schema == "public" else schema


def _visible(form, unit) -> bool:
    # A draft is its drafters' alone (the platform's ICT department sees every one); a published form is shared.
    where = drafted_in(unit)
    return form.status != FormStatus.DRAFT or where == "" or form.drafted_in == where


def form_for(form_id, unit):
    """The form `form_id` as the builder at `unit` may see it: another unit's draft is NOT_FOUND, so neither its
    content nor a change to it is reachable from elsewhere (the platform reaches every one)."""
    form = definitions.get_form(form_id)
    if not _visible(form, unit):
        raise FormsError(FormsCode.NOT_FOUND, _("Không có biểu mẫu %(id)s.") % {"id": form_id}, "form_id",
                         status=404)
    return form


def import_sheet(sheet, *, procedure_code: str, version_label: str, title_vi: str, unit=None):
    """A draft started from a paper form's spreadsheet sent to the builder (an uploaded .xlsx up to 2 MB), drafted at
    `unit`: services.importing.import_fields, every problem by row and nothing created otherwise."""
    from modules.forms.services.importing import import_fields

    if sheet is None or sheet.size > MAX_SHEET_BYTES:
        raise FormsError(FormsCode.INVALID_FILE, _("Chọn một bảng tính .xlsx đến 2 MB."), "sheet")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fields.xlsx"
        path.write_bytes(sheet.read())
        report = import_fields(path, procedure_code=procedure_code, version_label=version_label, title_vi=title_vi,
                               drafted_in=drafted_in(unit))
    return definitions.get_form(report.form_id)


def search(text: str) -> list:
    """Dictionary fields in force whose key or label (tones folded) holds every word of `text`."""
    words = fold(text or "").split()
    if not words:
        return []
    found = [v for v in dictionary.fields_in_force()
             if all(w in fold(v.label_vi) + " " + v.field.key for w in words)]
    return found[:MAX_FOUND]


def _logic(text, where: str):
    """JSON-logic typed in the builder (a text box): None when empty."""
    text = (text or "").strip() if isinstance(text, str) else text
    if text in ("", None):
        return None
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        raise FormsError(FormsCode.INVALID_FORM, _("Điều kiện không phải JSON-logic hợp lệ."), where) from None


def _number(value, where: str):
    if value in ("", None):
        return None
    try:
        return int(value) if float(value).is_integer() else float(value)
    except (TypeError, ValueError):
        raise FormsError(FormsCode.INVALID_FORM, _("%(where)s phải là một số.") % {"where": where}, where) from None


def _section(spec: dict, key: str) -> dict:
    for section in spec["sections"]:
        if section["key"] == key:
            return section
    raise FormsError(FormsCode.INVALID_FORM, _("Không có phần %(key)s.") % {"key": key}, "section")


def _index(items: list, value, where: str) -> int:
    index = _number(value, where)
    if not isinstance(index, int) or not 0 <= index < len(items):
        raise FormsError(FormsCode.INVALID_FORM, _("Không có mục số %(n)s.") % {"n": value}, where)
    return index


def _move(items: list, index: int, delta: int) -> None:
    target = index + delta
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]


def _apply(spec: dict, action: str, p: dict) -> None:
    if action == "add_section":
        spec["sections"].append({
            "key": (p.get("key") or "").strip(), "title_vi": (p.get("title_vi") or "").strip(),
            "title_en": (p.get("title_en") or "").strip(), "repeatable": bool(p.get("repeatable")),
            "min_items": _number(p.get("min_items"), "min_items"), "max_items": _number(p.get("max_items"), "max_items"),
            "visible_if": _logic(p.get("visible_if"), "visible_if"), "fields": []})
    elif action == "edit_section":
        section = _section(spec, p.get("section"))
        section.update(title_vi=(p.get("title_vi") or "").strip(), title_en=(p.get("title_en") or "").strip(),
                       visible_if=_logic(p.get("visible_if"), "visible_if"))
        if section["repeatable"]:
            section.update(min_items=_number(p.get("min_items"), "min_items"),
                           max_items=_number(p.get("max_items"), "max_items"))
    elif action == "move_section":
        _move(spec["sections"], _index(spec["sections"], p.get("index"), "index"), -1 if p.get("up") else 1)
    elif action == "remove_section":
        spec["sections"].pop(_index(spec["sections"], p.get("index"), "index"))
    elif action == "add_field":
        _section(spec, p.get("section"))["fields"].append({"field": (p.get("field") or "").strip()})
    elif action in ("edit_field", "move_field", "remove_field"):
        fields = _section(spec, p.get("section"))["fields"]
        index = _index(fields, p.get("index"), "index")
        if action == "move_field":
            _move(fields, index, -1 if p.get("up") else 1)
        elif action == "remove_field":
            fields.pop(index)
        else:
            entry = fields[index]
            overrides = dict(entry.get("overrides") or {})
            overrides.pop("required", None)
            if p.get("required"):
                overrides["required"] = True
            paper = {k: _number(p.get(f"paper_{k}"), f"paper_{k}") for k in definitions.PAPER}
            entry.update(label_vi=(p.get("label_vi") or "").strip(), overrides=overrides,
                         visible_if=_logic(p.get("visible_if"), "visible_if"),
                         computed=_logic(p.get("computed"), "computed"),
                         paper=paper if all(v is not None for v in paper.values()) else None)
    elif action == "add_rule":
        spec["rules"].append({"key": (p.get("key") or "").strip(), "section": (p.get("section") or None),
                              "target": (p.get("target") or "").strip(), "logic": _logic(p.get("logic"), "logic"),
                              "message_vi": (p.get("message_vi") or "").strip(),
                              "message_en": (p.get("message_en") or "").strip()})
    elif action == "remove_rule":
        spec["rules"].pop(_index(spec["rules"], p.get("index"), "index"))
    else:
        raise FormsError(FormsCode.INVALID_FORM, _("Thao tác không có: %(a)s.") % {"a": action}, "action")


@transaction.atomic
def edit(form_id, action: str, params: dict):
    """One builder action on the draft `form_id`, saved through save_form (all or nothing)."""
    spec = definitions.form_spec(form_id)
    _apply(spec, action, params)
    return definitions.save_form(form_id, spec)


def preview(form_id) -> dict:
    """The artefact the draft would publish to today (dictionary versions in force), not stored: the builder's
    preview runs it in the browser. FormsError INVALID_FORM when it could not be published as it is."""
    form = definitions.get_form(form_id)
    if form.status != FormStatus.DRAFT:
        return definitions.published_artefact(form_id)
    sections = list(form.sections.order_by("position"))
    fields = list(form.fields.select_related("section", "field").order_by("section__position", "position"))
    if not fields:
        raise FormsError(FormsCode.INVALID_FORM, _("Biểu mẫu chưa có trường nào."), "sections")
    versions = definitions._versions_in_force([f.field.key for f in fields])
    for form_field in fields:
        form_field.field_version = versions[form_field.field.key]
    artefact = compiler.compile_form(form, sections, fields, list(form.rules.order_by("position")),
                                     on=timezone.localdate())
    artefact["form"]["digest"] = ""  # never published: no validator is cached for it
    return artefact


def forms_list(unit=None) -> list:
    """The forms the builder at `unit` sees (its own drafts, every published or retired form; on the platform every
    draft too), drafts first, then by procedure and version (the builder's list)."""
    from modules.forms.models import FormDefinition

    order = {FormStatus.DRAFT: 0, FormStatus.PUBLISHED: 1, FormStatus.RETIRED: 2}
    rows = [f for f in FormDefinition.objects.all() if _visible(f, unit)]
    return sorted(rows, key=lambda f: (order[f.status], f.procedure_code, f.version_label))


def code_lists_for(artefact: dict) -> dict:
    """Items of the lists an artefact carries by reference (administrative units), for the browser's runtime."""
    from modules.forms.services.codelists import items_of

    return {key: items_of(entry["id"]) for key, entry in artefact["codeLists"].items() if entry.get("external")}
