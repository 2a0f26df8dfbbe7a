"""The data-field dictionary: add a field, change it (a pending version), see which forms the change affects, and
publish it.

A key never changes meaning. A change that would break data already collected under the key - another type, another
code list or prefill meaning, a narrower validation, a choice removed - is refused once the key is on a published
(or retired) form: such a change needs a new key. Other changes (labels, help, wider validation) become a new
version; published forms keep the version they were compiled with, drafts take the new one when they are published."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.forms.models import CodeList, DataField, FieldType, FieldVersion, FormField, FormStatus, VersionStatus
from modules.forms.services import patterns
from modules.forms.services.errors import FormsCode, FormsError

KEY = re.compile(r"^[a-z][a-z0-9_]{1,79}$")
PREFILL = (  # what a field means for prefill from the signed-in citizen's profile and earlier dossiers
    "applicant.full_name", "applicant.birth_date", "applicant.sex", "applicant.id_number", "applicant.ethnicity",
    "applicant.nationality", "applicant.permanent_address", "applicant.current_address", "applicant.phone",
    "applicant.email", "applicant.tax_code",
)
COMMON = {"required"}
BY_TYPE = {
    FieldType.TEXT: {"min_length", "max_length", "pattern"},
    FieldType.LONG_TEXT: {"min_length", "max_length"},
    FieldType.NUMBER: {"minimum", "maximum"},
    FieldType.MONEY: {"minimum", "maximum"},
    FieldType.DATE: {"min_date", "max_date"},
    FieldType.BOOLEAN: set(),
    FieldType.CHOICE: {"choices"},
    FieldType.CCCD: set(),
    FieldType.TAX_CODE: set(),
    FieldType.PHONE: set(),
    FieldType.EMAIL: set(),
    FieldType.ADDRESS: {"shape", "street_required"},
    FieldType.FILE: {"accept", "max_size_mb"},
}
SHAPES = ("vn-2025", "vn-2023")
LIST_OF_SHAPE = {"vn-2025": "admin_units_2025", "vn-2023": "admin_units_2023"}
CONTENT = ("type", "label_vi", "label_en", "help_vi", "help_en", "validation", "code_list", "personal_data",
           "prefill")


def _problem(field_name: str, message) -> FormsError:
    return FormsError(FormsCode.INVALID_FIELD, message, field_name)


def check_validation(ftype: str, rules: dict) -> dict:
    """The validation of a field of type `ftype`, checked; FormsError INVALID_FIELD names what is wrong."""
    if not isinstance(rules, dict):
        raise _problem("validation", _("Ràng buộc phải là một đối tượng."))
    allowed = COMMON | BY_TYPE[FieldType(ftype)]
    unknown = sorted(set(rules) - allowed)
    if unknown:
        raise _problem("validation", _("Kiểu %(type)s không có ràng buộc: %(keys)s.")
                       % {"type": ftype, "keys": ", ".join(unknown)})
    clean = {}
    for name, value in rules.items():
        if value is None:
            continue
        if name in ("required", "street_required"):
            if not isinstance(value, bool):
                raise _problem("validation", _("%(name)s phải là đúng hoặc sai.") % {"name": name})
        elif name in ("min_length", "max_length", "max_size_mb"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise _problem("validation", _("%(name)s phải là số nguyên không âm.") % {"name": name})
        elif name in ("minimum", "maximum"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _problem("validation", _("%(name)s phải là một số.") % {"name": name})
            if ftype == FieldType.MONEY and not float(value).is_integer():
                raise _problem("validation", _("Số tiền tính bằng đồng, không có phần lẻ."))
        elif name in ("min_date", "max_date"):
            try:
                date.fromisoformat(str(value))
            except ValueError:
                raise _problem("validation", _("%(name)s phải là ngày dạng YYYY-MM-DD.") % {"name": name}) from None
        elif name == "pattern":
            if why := patterns.refusal(value):  # invalid, too slow on the server, or not for the browser
                raise _problem("validation", why)
        elif name == "shape" and value not in SHAPES:
            raise _problem("validation", _("Địa chỉ theo danh mục vn-2025 (hai cấp) hoặc vn-2023 (ba cấp)."))
        elif name in ("choices", "accept"):
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
                raise _problem("validation", _("%(name)s phải là danh sách mã.") % {"name": name})
        clean[name] = value
    for low, high in (("min_length", "max_length"), ("minimum", "maximum"), ("min_date", "max_date")):
        if low in clean and high in clean and clean[low] > clean[high]:  # ISO dates compare as text
            raise _problem("validation", _("%(low)s lớn hơn %(high)s.") % {"low": low, "high": high})
    return clean


def _content(ftype, label_vi, label_en, help_vi, help_en, validation, code_list, personal_data, prefill) -> dict:
    if ftype not in FieldType.values:
        raise _problem("type", _("Kiểu dữ liệu không có: %(type)s. Có: %(known)s.")
                       % {"type": ftype, "known": ", ".join(FieldType.values)})
    if not str(label_vi or "").strip():
        raise _problem("label_vi", _("Trường cần nhãn tiếng Việt."))
    if prefill and prefill not in PREFILL:
        raise _problem("prefill", _("Ý nghĩa điền sẵn không có: %(p)s.") % {"p": prefill})
    rules = check_validation(ftype, validation or {})
    list_row = None
    if ftype == FieldType.CHOICE:
        list_row = CodeList.objects.filter(key=code_list or "").first()
        if list_row is None:
            raise _problem("code_list", _("Trường chọn cần một danh mục dùng chung có sẵn."))
        if rules.get("choices"):
            from modules.forms.services.codelists import in_force

            unknown = sorted(set(rules["choices"]) - {item["code"] for item in in_force(list_row.key).items})
            if unknown:
                raise _problem("validation", _("Danh mục %(key)s không có mã: %(codes)s.")
                               % {"key": list_row.key, "codes": ", ".join(unknown)})
    elif code_list:
        raise _problem("code_list", _("Chỉ trường chọn mới gắn với danh mục."))
    return {"type": ftype, "label_vi": label_vi.strip(), "label_en": (label_en or "").strip(),
            "help_vi": (help_vi or "").strip(), "help_en": (help_en or "").strip(), "validation": rules,
            "code_list": list_row, "personal_data": bool(personal_data), "prefill": prefill or ""}


@transaction.atomic
def add_field(key: str, *, type: str, label_vi: str, label_en: str = "", help_vi: str = "", help_en: str = "",
              validation: dict | None = None, code_list: str | None = None, personal_data: bool = False,
              prefill: str = "", note: str = "", at=None) -> FieldVersion:
    """A new key with its first version, published at once (nothing uses it yet)."""
    if not isinstance(key, str) or not KEY.match(key):
        raise _problem("key", _("Mã trường gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ."))
    if DataField.objects.filter(key=key).exists():
        raise FormsError(FormsCode.KEY_TAKEN, _("Mã trường %(key)s đã có trong từ điển.") % {"key": key}, "key")
    content = _content(type, label_vi, label_en, help_vi, help_en, validation, code_list, personal_data, prefill)
    data_field = DataField.objects.create(key=key)
    return FieldVersion.objects.create(field=data_field, number=1, status=VersionStatus.PUBLISHED, note=note,
                                       published_at=at or timezone.now(), **content)


def current(key: str) -> FieldVersion:
    """The published version in force of `key`."""
    version = (FieldVersion.objects.select_related("field", "code_list")
               .filter(field__key=key, status=VersionStatus.PUBLISHED).order_by("-number").first())
    if version is None:
        raise FormsError(FormsCode.NOT_FOUND, _("Không có trường %(key)s trong từ điển.") % {"key": key}, "key")
    return version


def pending(key: str) -> FieldVersion | None:
    return FieldVersion.objects.select_related("field", "code_list").filter(
        field__key=key, status=VersionStatus.DRAFT).first()


def versions(key: str) -> list[FieldVersion]:
    return list(FieldVersion.objects.select_related("field", "code_list").filter(field__key=key).order_by("number"))


def fields_in_force() -> list[FieldVersion]:
    """The version in force of every key, by key."""
    rows = (FieldVersion.objects.select_related("field", "code_list").filter(status=VersionStatus.PUBLISHED)
            .order_by("field__key", "-number"))
    latest: dict[str, FieldVersion] = {}
    for row in rows:
        latest.setdefault(row.field.key, row)
    return list(latest.values())


@transaction.atomic
def propose_change(key: str, note: str = "", **changes) -> FieldVersion:
    """The pending version of `key` with these changes (made from the version in force, or amending the pending
    one). Nothing changes for forms until it is published."""
    unknown = sorted(set(changes) - set(CONTENT))
    if unknown:
        raise _problem(unknown[0], _("Không sửa được: %(keys)s.") % {"keys": ", ".join(unknown)})
    base = current(key)
    DataField.objects.select_for_update().filter(pk=base.field_id).first()
    draft = pending(key)
    start = {name: getattr(draft or base, name) for name in CONTENT}
    start["code_list"] = start["code_list"].key if start["code_list"] else None
    start.update(changes)
    content = _content(start["type"], start["label_vi"], start["label_en"], start["help_vi"], start["help_en"],
                       start["validation"], start["code_list"], start["personal_data"], start["prefill"])
    if draft is None:
        last = FieldVersion.objects.filter(field_id=base.field_id).order_by("-number").first()
        return FieldVersion.objects.create(field_id=base.field_id, number=last.number + 1, note=note, **content)
    for name, value in content.items():
        setattr(draft, name, value)
    draft.note = note or draft.note
    draft.save()
    return draft


def _narrower(old: dict, new: dict) -> list[str]:
    """Which validation rules of `new` accept less than `old`."""
    reasons = []

    def tightened(name, stricter):
        if name in new and (name not in old or stricter(new[name], old[name])):
            reasons.append(name)

    if new.get("required") and not old.get("required"):
        reasons.append("required")
    if new.get("street_required") and not old.get("street_required"):
        reasons.append("street_required")
    tightened("min_length", lambda n, o: n > o)
    tightened("max_length", lambda n, o: n < o)
    tightened("minimum", lambda n, o: n > o)
    tightened("maximum", lambda n, o: n < o)
    tightened("min_date", lambda n, o: n > o)
    tightened("max_date", lambda n, o: n < o)
    tightened("max_size_mb", lambda n, o: n < o)
    tightened("pattern", lambda n, o: n != o)
    tightened("choices", lambda n, o: bool(set(o) - set(n)))
    tightened("accept", lambda n, o: bool(set(o) - set(n)))
    if old.get("shape", "vn-2025") != new.get("shape", "vn-2025"):
        reasons.append("shape")
    return reasons


def breaking_reasons(old: FieldVersion, new: FieldVersion) -> list[str]:
    """What in `new` would break data collected under `old`: [] when it only widens or relabels."""
    reasons = [name for name in ("type", "code_list_id", "prefill") if getattr(old, name) != getattr(new, name)]
    reasons = [r.removesuffix("_id") for r in reasons]
    if old.type == new.type:
        reasons += _narrower(old.validation or {}, new.validation or {})
    return reasons


@dataclass(frozen=True)
class FormUse:
    form_id: int
    procedure_code: str
    version_label: str
    status: str
    field_version: int | None  # the version a published form pinned; None for a draft (it takes the latest)


@dataclass(frozen=True)
class Impact:
    key: str
    pending_version: int | None
    breaking: list[str] = field(default_factory=list)  # what the pending change narrows or changes in meaning
    published_forms: list[FormUse] = field(default_factory=list)  # keep their pinned version
    draft_forms: list[FormUse] = field(default_factory=list)      # take the change when they are published

    @property
    def refused(self) -> bool:
        return bool(self.breaking and self.published_forms)


def _uses(key: str) -> list[FormUse]:
    rows = (FormField.objects.filter(field__key=key).select_related("form", "field_version")
            .order_by("form__procedure_code", "form__version_label"))
    seen, uses = set(), []
    for row in rows:
        if row.form_id in seen:
            continue
        seen.add(row.form_id)
        uses.append(FormUse(row.form_id, row.form.procedure_code, row.form.version_label, row.form.status,
                            row.field_version.number if row.field_version_id else None))
    return uses


def impact(key: str) -> Impact:
    """The forms the pending change of `key` affects, before it is published, and whether it is refused."""
    base, draft = current(key), pending(key)
    uses = _uses(key)
    return Impact(
        key=key, pending_version=draft.number if draft else None,
        breaking=breaking_reasons(base, draft) if draft else [],
        published_forms=[u for u in uses if u.status != FormStatus.DRAFT],
        draft_forms=[u for u in uses if u.status == FormStatus.DRAFT])


@transaction.atomic
def publish_change(key: str, at=None) -> FieldVersion:
    """The pending version of `key` put in force; refused (BREAKING_CHANGE, naming the forms) when it would change
    the meaning of data a published form collects: use a new key for that."""
    draft = pending(key)
    if draft is None:
        raise FormsError(FormsCode.NO_PENDING_CHANGE, _("Trường %(key)s không có thay đổi chờ ban hành.")
                         % {"key": key}, "key")
    found = impact(key)
    if found.refused:
        forms = ", ".join(f"{u.procedure_code} {u.version_label}" for u in found.published_forms)
        raise FormsError(FormsCode.BREAKING_CHANGE, _(
            "Thay đổi %(what)s làm đổi nghĩa dữ liệu của trường %(key)s mà biểu mẫu đã ban hành đang dùng (%(forms)s): "
            "hãy tạo trường mới với mã khác.") % {"what": ", ".join(found.breaking), "key": key, "forms": forms},
            "key", breaking=found.breaking, forms=[u.form_id for u in found.published_forms])
    draft.status, draft.published_at = VersionStatus.PUBLISHED, at or timezone.now()
    draft.save(update_fields=["status", "published_at"])
    return draft


@transaction.atomic
def discard_change(key: str) -> bool:
    return bool(FieldVersion.objects.filter(field__key=key, status=VersionStatus.DRAFT).delete()[0])
