"""Form definitions per procedure version: create a draft, save its content (sections, dictionary fields by
reference with narrower overrides, rules) in one go, publish it (compiled once, dictionary versions pinned), retire
it, start the next version from it. A published or retired form never changes (here, and in the database)."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ids import object_id
from modules.forms.models import (
    DataField,
    FieldType,
    FieldVersion,
    FormDefinition,
    FormField,
    FormRule,
    FormSection,
    FormStatus,
    VersionStatus,
)
from modules.forms.services import compiler
from modules.forms.services.dictionary import check_validation
from modules.forms.services.errors import FormsCode, FormsError
from modules.forms.services.jsonlogic import OPERATORS, operators_in

SLUG = re.compile(r"^[a-z][a-z0-9_]{0,79}$")
OVERRIDES = {"required", "minimum", "maximum", "min_length", "max_length", "min_date", "max_date", "choices"}
PAPER = ("page", "x", "y", "width")


def get_form(form_id) -> FormDefinition:
    form = FormDefinition.objects.filter(pk=object_id(form_id)).first() if object_id(form_id) is not None else None
    if form is None:
        raise FormsError(FormsCode.NOT_FOUND, _("Không có biểu mẫu %(id)s.") % {"id": form_id}, "form_id",
                         status=404)
    return form


def _frozen(form: FormDefinition) -> FormsError:
    return FormsError(FormsCode.FORM_FROZEN, _("Biểu mẫu %(p)s %(v)s đã ban hành hoặc ngừng sử dụng: không sửa được; "
                                               "hãy tạo phiên bản mới.") % {"p": form.procedure_code,
                                                                            "v": form.version_label}, "form_id")


@transaction.atomic
def create_form(procedure_code: str, version_label: str, title_vi: str, title_en: str = "",
                drafted_in: str = "") -> FormDefinition:
    """A draft; `drafted_in`: the schema of the unit drafting it ("" the platform), the only one that changes it."""
    procedure_code, version_label = (procedure_code or "").strip(), (version_label or "").strip()
    if not procedure_code or not version_label or not (title_vi or "").strip():
        raise FormsError(FormsCode.INVALID_FORM, _("Biểu mẫu cần mã thủ tục, phiên bản và tên."), "procedure_code")
    if FormDefinition.objects.filter(procedure_code=procedure_code, version_label=version_label).exists():
        raise FormsError(FormsCode.INVALID_FORM, _("Thủ tục %(p)s đã có biểu mẫu phiên bản %(v)s.")
                         % {"p": procedure_code, "v": version_label}, "version_label")
    return FormDefinition.objects.create(procedure_code=procedure_code, version_label=version_label,
                                         title_vi=title_vi.strip(), title_en=(title_en or "").strip(),
                                         drafted_in=drafted_in or "")


def _check_logic(logic, where: str, problems: list) -> None:
    if logic in (None, {}):
        return
    unknown = operators_in(logic) - OPERATORS
    if not isinstance(logic, dict | list | bool) or unknown:
        problems.append((where, _("Biểu thức JSON-logic có phép toán không hỗ trợ: %(ops)s.")
                         % {"ops": ", ".join(sorted(unknown)) or "?"}))


def _narrower_overrides(version: FieldVersion, overrides: dict, where: str, problems: list) -> dict:
    """The form's overrides, refused where they would widen what the dictionary accepts."""
    if not isinstance(overrides, dict):
        problems.append((where, _("Ràng buộc riêng phải là một đối tượng.")))
        return {}
    unknown = sorted(set(overrides) - OVERRIDES)
    if unknown:
        problems.append((where, _("Không ghi đè được: %(keys)s.") % {"keys": ", ".join(unknown)}))
        return {}
    try:
        clean = check_validation(version.type, overrides)
    except FormsError as exc:
        problems.append((where, exc.message))
        return {}
    base = version.validation or {}
    wider = []
    if base.get("required") and clean.get("required") is False:
        wider.append("required")
    for name, looser in (("minimum", lambda n, o: n < o), ("min_length", lambda n, o: n < o),
                         ("min_date", lambda n, o: n < o), ("maximum", lambda n, o: n > o),
                         ("max_length", lambda n, o: n > o), ("max_date", lambda n, o: n > o)):
        if name in clean and name in base and looser(clean[name], base[name]):
            wider.append(name)
    if "choices" in clean and base.get("choices") and set(clean["choices"]) - set(base["choices"]):
        wider.append("choices")
    if wider:
        problems.append((where, _("Biểu mẫu chỉ được thu hẹp ràng buộc của từ điển, không nới rộng: %(keys)s.")
                         % {"keys": ", ".join(wider)}))
    return clean


def _check_paper(paper, where: str, problems: list):
    if paper in (None, {}):
        return None
    ok = isinstance(paper, dict) and set(paper) <= set(PAPER) and all(
        isinstance(paper.get(k), int | float) and not isinstance(paper.get(k), bool) and paper[k] >= 0
        for k in PAPER) and paper["page"] >= 1 and float(paper["page"]).is_integer()
    if not ok:
        problems.append((where, _("Vị trí trên mẫu giấy cần page (từ 1), x, y, width (mm, không âm).")))
        return None
    return paper


@transaction.atomic
def save_form(form_id, spec: dict) -> FormDefinition:
    """Replace the draft's content with `spec` (what the builder screen sends), all or nothing:
    {"title_vi", "title_en", "sections": [{"key", "title_vi", "title_en", "visible_if", "repeatable", "min_items",
    "max_items", "fields": [{"field": key, "label_vi", "label_en", "overrides", "visible_if", "computed",
    "paper"}]}], "rules": [{"key", "section", "logic", "target", "message_vi", "message_en"}]}.
    FormsError INVALID_FORM lists every problem (problems: [(where, message)])."""
    form = FormDefinition.objects.select_for_update().filter(pk=get_form(form_id).pk).get()
    if form.status != FormStatus.DRAFT:
        raise _frozen(form)
    problems: list[tuple[str, str]] = []
    if not isinstance(spec, dict):
        raise FormsError(FormsCode.INVALID_FORM, _("Nội dung biểu mẫu phải là một đối tượng."), "spec")
    sections = spec.get("sections") or []
    keys = [f.get("field") for s in sections if isinstance(s, dict) for f in (s.get("fields") or [])
            if isinstance(f, dict)]
    versions = _versions_in_force([k for k in keys if isinstance(k, str)])
    section_rows, field_rows, top_keys, scope_of = [], [], set(), {}
    for si, section in enumerate(sections):
        where = f"sections.{si}"
        if not isinstance(section, dict):
            problems.append((where, _("Phần của biểu mẫu phải là một đối tượng.")))
            continue
        key = section.get("key")
        if not isinstance(key, str) or not SLUG.match(key) or key in {s.key for s in section_rows}:
            problems.append((where, _("Mã phần thiếu, sai dạng hoặc trùng: %(key)s.") % {"key": key}))
            continue
        if not str(section.get("title_vi") or "").strip():
            problems.append((where, _("Phần %(key)s cần tiêu đề tiếng Việt.") % {"key": key}))
        repeatable = bool(section.get("repeatable"))
        low, high = section.get("min_items"), section.get("max_items")
        if any(v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0) for v in (low, high)) or (
                low is not None and high is not None and low > high) or (not repeatable and (low or high)):
            problems.append((where, _("Số mục tối thiểu, tối đa chỉ cho phần lặp lại, là số nguyên, tối thiểu không "
                                      "lớn hơn tối đa.")))
            low = high = None
        _check_logic(section.get("visible_if"), where + ".visible_if", problems)
        row = FormSection(form=form, key=key, position=si, title_vi=str(section.get("title_vi") or "").strip(),
                          title_en=str(section.get("title_en") or "").strip(),
                          visible_if=section.get("visible_if") or None, repeatable=repeatable, min_items=low,
                          max_items=high)
        section_rows.append(row)
        scope = set() if repeatable else top_keys
        if repeatable:
            if key in top_keys:
                problems.append((where, _("Mã phần lặp lại %(key)s trùng mã một trường.") % {"key": key}))
            top_keys.add(key)
        for fi, entry in enumerate(section.get("fields") or []):
            fwhere = f"{where}.fields.{fi}"
            field_key = entry.get("field") if isinstance(entry, dict) else None
            version = versions.get(field_key)
            if version is None:
                problems.append((fwhere, _("Trường %(key)s không có trong từ điển.") % {"key": field_key}))
                continue
            if field_key in scope:
                problems.append((fwhere, _("Trường %(key)s đã có trong biểu mẫu (mỗi mã một lần, trừ trong phần lặp "
                                           "lại).") % {"key": field_key}))
                continue
            scope.add(field_key)
            scope_of.setdefault(key, set()).add(field_key)
            overrides = _narrower_overrides(version, entry.get("overrides") or {}, fwhere + ".overrides", problems)
            _check_logic(entry.get("visible_if"), fwhere + ".visible_if", problems)
            _check_logic(entry.get("computed"), fwhere + ".computed", problems)
            if entry.get("computed") and version.type in (FieldType.FILE, FieldType.ADDRESS):
                problems.append((fwhere, _("Tệp và địa chỉ không là giá trị tính.")))
            field_rows.append((row, FormField(
                form=form, field_id=version.field_id, position=fi,
                label_vi=str(entry.get("label_vi") or "").strip(), label_en=str(entry.get("label_en") or "").strip(),
                overrides=overrides, visible_if=entry.get("visible_if") or None,
                computed=entry.get("computed") or None,
                paper=_check_paper(entry.get("paper"), fwhere + ".paper", problems))))
    rule_rows = []
    by_key = {s.key: s for s in section_rows}
    for ri, rule in enumerate(spec.get("rules") or []):
        where = f"rules.{ri}"
        if not isinstance(rule, dict) or not isinstance(rule.get("key"), str) or not SLUG.match(rule["key"]) or \
                rule["key"] in {r.key for _s, r in rule_rows}:
            problems.append((where, _("Quy tắc cần mã (chữ thường không dấu) không trùng.")))
            continue
        section = by_key.get(rule.get("section")) if rule.get("section") else None
        if rule.get("section") and (section is None or not section.repeatable):
            problems.append((where, _("Quy tắc theo từng mục chỉ cho phần lặp lại có trong biểu mẫu.")))
            continue
        in_scope = scope_of.get(section.key, set()) if section else top_keys
        if rule.get("target") not in in_scope:
            problems.append((where, _("Trường báo lỗi %(t)s không có trong biểu mẫu.") % {"t": rule.get("target")}))
        if not str(rule.get("message_vi") or "").strip():
            problems.append((where, _("Quy tắc cần thông báo tiếng Việt.")))
        if rule.get("logic") in (None, {}, []):
            problems.append((where, _("Quy tắc cần biểu thức JSON-logic.")))
        _check_logic(rule.get("logic"), where + ".logic", problems)
        rule_rows.append((section, FormRule(form=form, key=rule["key"], position=ri, logic=rule.get("logic"),
                                            target=str(rule.get("target") or ""),
                                            message_vi=str(rule.get("message_vi") or "").strip(),
                                            message_en=str(rule.get("message_en") or "").strip())))
    if problems:
        raise FormsError(FormsCode.INVALID_FORM, problems[0][1], problems[0][0], problems=problems)
    form.rules.all().delete()
    form.fields.all().delete()
    form.sections.all().delete()
    if spec.get("title_vi"):
        form.title_vi, form.title_en = str(spec["title_vi"]).strip(), str(spec.get("title_en") or "").strip()
        form.save(update_fields=["title_vi", "title_en"])
    FormSection.objects.bulk_create(section_rows)
    for row, form_field in field_rows:
        form_field.section = row
    FormField.objects.bulk_create([f for _row, f in field_rows])
    for section, rule_row in rule_rows:
        rule_row.section = section
    FormRule.objects.bulk_create([r for _s, r in rule_rows])
    return form


def _versions_in_force(keys) -> dict[str, FieldVersion]:
    rows = (FieldVersion.objects.select_related("field", "code_list")
            .filter(field__key__in=set(keys), status=VersionStatus.PUBLISHED).order_by("field__key", "-number"))
    found: dict[str, FieldVersion] = {}
    for row in rows:
        found.setdefault(row.field.key, row)
    return found


def form_spec(form_id) -> dict:
    """The content of a form as save_form takes it (to copy it into the next version, or for the builder)."""
    form = get_form(form_id)
    sections = list(form.sections.order_by("position"))
    fields = list(form.fields.select_related("field").order_by("position"))
    return {
        "title_vi": form.title_vi, "title_en": form.title_en,
        "sections": [{"key": s.key, "title_vi": s.title_vi, "title_en": s.title_en, "visible_if": s.visible_if,
                      "repeatable": s.repeatable, "min_items": s.min_items, "max_items": s.max_items,
                      "fields": [{"field": f.field.key, "label_vi": f.label_vi, "label_en": f.label_en,
                                  "overrides": f.overrides, "visible_if": f.visible_if, "computed": f.computed,
                                  "paper": f.paper} for f in fields if f.section_id == s.pk]}
                     for s in sections],
        "rules": [{"key": r.key, "section": r.section.key if r.section_id else None, "logic": r.logic,
                   "target": r.target, "message_vi": r.message_vi, "message_en": r.message_en}
                  for r in form.rules.select_related("section").order_by("position")],
    }


@transaction.atomic
def publish_form(form_id, at=None) -> FormDefinition:
    """Compile the draft to its artefact, pin each field's dictionary version in force, and freeze it."""
    form = FormDefinition.objects.select_for_update().filter(pk=get_form(form_id).pk).get()
    if form.status != FormStatus.DRAFT:
        raise _frozen(form)
    at = at or timezone.now()
    sections = list(form.sections.order_by("position"))
    fields = list(form.fields.select_related("section", "field").order_by("section__position", "position"))
    if not fields:
        raise FormsError(FormsCode.INVALID_FORM, _("Biểu mẫu chưa có trường nào."), "sections")
    versions = _versions_in_force([f.field.key for f in fields])
    for form_field in fields:
        form_field.field_version = versions[form_field.field.key]
        # The overrides are checked again against the version in force (the dictionary may have changed since).
        problems = []
        _narrower_overrides(form_field.field_version, form_field.overrides, form_field.field.key, problems)
        if problems:
            raise FormsError(FormsCode.INVALID_FORM, problems[0][1], problems[0][0], problems=problems)
    FormField.objects.bulk_update(fields, ["field_version"])
    rules = list(form.rules.order_by("position"))
    artefact = compiler.compile_form(form, sections, fields, rules, on=timezone.localdate(at))
    artefact["form"]["publishedAt"] = at.isoformat()
    artefact["form"]["digest"] = compiler.digest(artefact)
    form.artefact, form.artefact_hash = artefact, artefact["form"]["digest"]
    form.status, form.published_at = FormStatus.PUBLISHED, at
    form.save(update_fields=["artefact", "artefact_hash", "status", "published_at"])
    return form


@transaction.atomic
def retire_form(form_id, at=None) -> FormDefinition:
    form = FormDefinition.objects.select_for_update().filter(pk=get_form(form_id).pk).get()
    if form.status != FormStatus.PUBLISHED:
        raise FormsError(FormsCode.INVALID_FORM, _("Chỉ biểu mẫu đã ban hành mới ngừng sử dụng được."), "form_id")
    form.status, form.retired_at = FormStatus.RETIRED, at or timezone.now()
    form.save(update_fields=["status", "retired_at"])
    return form


@transaction.atomic
def new_version(form_id, version_label: str, drafted_in: str = "") -> FormDefinition:
    """A draft for the next version of the procedure's form, with the content of `form_id`."""
    source = get_form(form_id)
    draft = create_form(source.procedure_code, version_label, source.title_vi, source.title_en, drafted_in)
    return save_form(draft.pk, form_spec(source.pk))


def published_forms(procedure_code: str | None = None) -> list[FormDefinition]:
    rows = FormDefinition.objects.filter(status=FormStatus.PUBLISHED)
    return list(rows.filter(procedure_code=procedure_code) if procedure_code else rows)


def published_artefact(form_id) -> dict:
    """The compiled artefact of a published or retired form (a submission keeps its form version, so a retired
    form still validates what was submitted under it); NOT_FOUND for a draft."""
    form = get_form(form_id)
    if form.status == FormStatus.DRAFT:
        raise FormsError(FormsCode.NOT_FOUND, _("Biểu mẫu %(id)s chưa ban hành.") % {"id": form_id}, "form_id",
                         status=404)
    return form.artefact


def unused_keys() -> list[str]:
    return list(DataField.objects.filter(uses__isnull=True).values_list("key", flat=True))
