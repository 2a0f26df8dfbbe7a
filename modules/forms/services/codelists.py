"""Shared code lists and their versions: read the version in force, add a version, load the shipped lists.

A version's items never change (a trigger refuses it); a published form keeps the version it was compiled with, so a
list that drops a code (a district gone in 2025) never changes what an older form accepted. A new version that drops
codes a published (or retired) form accepts is refused like a field's breaking change, naming the forms and the
codes (`list_impact` shows them first), unless the caller accepts the drop: the data collected under those forms then
holds codes the next form versions no longer offer."""

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.forms.models import CodeList, CodeListVersion
from modules.forms.services.errors import FormsCode, FormsError

DATA = Path(__file__).resolve().parent.parent / "data"
ADMIN_UNITS = {  # key -> (dataset file in tenants/data, effective date, name)
    "admin_units_2023": ("vn-2023.csv", "2023-04-01", "Đơn vị hành chính ba cấp (tỉnh, huyện, xã; đến 30/6/2025)",
                         "Administrative units, three levels (until 30 June 2025)"),
    "admin_units_2025": ("vn-2025.csv", "2025-07-01", "Đơn vị hành chính hai cấp (tỉnh, xã; từ 01/7/2025)",
                         "Administrative units, two levels (from 1 July 2025)"),
}
SEX = {"key": "sex", "name_vi": "Giới tính", "name_en": "Sex", "valid_from": "2021-07-01",
       "source": "Thông tư 59/2021/TT-BCA (Nam, Nữ)",
       "items": [{"code": "1", "vi": "Nam", "en": "Male"}, {"code": "2", "vi": "Nữ", "en": "Female"}]}
SMALL_LIST = 500  # lists up to this size travel inside a form's artefact; larger ones (administrative units) beside it


def _admin_units_spec(key: str) -> dict:
    from tenants.services.datasets import DATA_DIR

    filename, valid_from, name_vi, name_en = ADMIN_UNITS[key]
    with (DATA_DIR / filename).open(encoding="utf-8") as handle:
        items = [{"code": r["code"], "vi": r["name"], "en": r["name"], "parent": r["parent_code"] or ""}
                 for r in csv.DictReader(handle)]
    return {"key": key, "name_vi": name_vi, "name_en": name_en, "valid_from": valid_from, "items": items,
            "source": f"tenants/data/{filename} (Tổng cục Thống kê)"}


def shipped_specs() -> list[dict]:
    specs = [json.loads((DATA / name).read_text(encoding="utf-8"))
             for name in ("ethnicities.json", "nationalities.json", "cccd-provinces.json")]
    return [*specs, SEX, *(_admin_units_spec(key) for key in ADMIN_UNITS)]


def _check_items(items) -> list[dict]:
    if not isinstance(items, list) or not items:
        raise FormsError(FormsCode.INVALID_CODE_LIST, _("Danh mục cần ít nhất một mục."), "items")
    clean, seen = [], set()
    for n, item in enumerate(items, start=1):
        code = str((item or {}).get("code") or "").strip() if isinstance(item, dict) else ""
        label = str(item.get("vi") or "").strip() if isinstance(item, dict) else ""
        if not code or not label:
            raise FormsError(FormsCode.INVALID_CODE_LIST, _("Mục thứ %(n)d cần mã và tên.") % {"n": n}, "items")
        if code in seen:
            raise FormsError(FormsCode.INVALID_CODE_LIST, _("Mã %(code)s lặp lại trong danh mục.") % {"code": code},
                             "items")
        seen.add(code)
        clean.append({"code": code, "vi": label, "en": str(item.get("en") or label).strip(),
                      **({"parent": str(item["parent"])} if item.get("parent") is not None else {})})
    return clean


@dataclass(frozen=True)
class ListImpact:
    key: str
    dropped: list[str]                                       # codes of the latest version the new items lack
    published_forms: list = field(default_factory=list)      # FormUse of published or retired forms accepting them
    codes_in_use: dict = field(default_factory=dict)         # form id -> the dropped codes that form accepts
    draft_forms: list = field(default_factory=list)          # FormUse of drafts: they take the new version

    @property
    def refused(self) -> bool:
        return bool(self.published_forms)


def _accepted(artefact: dict, key: str) -> set[str]:
    """The codes of list `key` a compiled form accepts: the choices its choice fields offer, or every item of the
    version it pinned when an address or ID-number field reads the whole list."""
    entry = artefact["codeLists"].get(key)
    if not entry:
        return set()
    properties, codes = artefact["schema"]["properties"], set()
    for section in artefact["sections"]:
        for f in section["fields"]:
            if f["type"] == "choice" and f["codeList"] == key:
                prop = properties[section["key"]]["items"]["properties"] if section["repeatable"] else properties
                codes |= set(prop[f["key"]].get("enum") or [])
            elif (f["type"] == "address" and f["codeList"] == key) or (f["type"] == "cccd" and key == "cccd_province"):
                return {item["code"] for item in (entry.get("items") or items_of(entry["id"]))}
    return codes


def list_impact(key: str, items) -> ListImpact:
    """What a new version of list `key` with `items` would drop, and the forms that accept the dropped codes."""
    from modules.forms.models import FormDefinition, FormField, FormStatus
    from modules.forms.services.dictionary import FormUse

    clean = _check_items(items)
    latest = CodeListVersion.objects.filter(code_list__key=key).order_by("-number").first()
    kept = {item["code"] for item in clean}
    dropped = [item["code"] for item in latest.items if item["code"] not in kept] if latest else []
    if not dropped:
        return ListImpact(key, [])
    published, in_use = [], {}
    for form in (FormDefinition.objects.filter(status__in=[FormStatus.PUBLISHED, FormStatus.RETIRED],
                                               artefact__codeLists__has_key=key)
                 .order_by("procedure_code", "version_label")):
        if used := sorted(_accepted(form.artefact, key) & set(dropped)):
            published.append(FormUse(form.pk, form.procedure_code, form.version_label, form.status,
                                     form.artefact["codeLists"][key]["version"]))
            in_use[form.pk] = used
    drafts = (FormDefinition.objects.filter(status=FormStatus.DRAFT, pk__in=FormField.objects.filter(
        field__versions__code_list__key=key).values("form_id")).order_by("procedure_code", "version_label"))
    return ListImpact(key, dropped, published, in_use,
                      [FormUse(f.pk, f.procedure_code, f.version_label, f.status, None) for f in drafts])


@transaction.atomic
def add_version(key: str, items, *, valid_from: date, name_vi: str = "", name_en: str = "", source: str = "",
                note: str = "", models=None, accept_dropped: bool = False) -> CodeListVersion | None:
    """A new version of the list `key` (the list is created on first use); None when the items are those of the
    latest version already. Refused (BREAKING_CHANGE, naming the forms and codes) when it drops codes a published or
    retired form accepts, unless `accept_dropped` (those forms keep the version they pinned). `models`: (CodeList,
    CodeListVersion) of a migration's historical state (shipped lists, accepted as they are)."""
    list_model, version_model = models or (CodeList, CodeListVersion)
    clean = _check_items(items)
    code_list, _created = list_model.objects.get_or_create(
        key=key, defaults={"name_vi": name_vi or key, "name_en": name_en, "source": source})
    latest = version_model.objects.select_for_update().filter(code_list=code_list).order_by("-number").first()
    if latest is not None and latest.items == clean:
        return None
    if latest is not None and not accept_dropped and models is None:
        found = list_impact(key, clean)
        if found.refused:
            forms = "; ".join(f"{u.procedure_code} {u.version_label} ({', '.join(found.codes_in_use[u.form_id])})"
                              for u in found.published_forms)
            raise FormsError(FormsCode.BREAKING_CHANGE, _(
                "Phiên bản mới của danh mục %(key)s bỏ mã mà biểu mẫu đã ban hành đang nhận (%(forms)s): xem lại, "
                "hoặc xác nhận bỏ mã (các biểu mẫu đó giữ phiên bản danh mục đã ghim).")
                % {"key": key, "forms": forms}, "items", dropped=found.dropped,
                forms=[u.form_id for u in found.published_forms])
    return version_model.objects.create(code_list=code_list, number=(latest.number + 1) if latest else 1,
                                        valid_from=valid_from, items=clean, note=note)


def load_shipped(models=None) -> int:
    """The lists shipped with the module (and administrative units from tenants/data): versions added where the
    shipped items differ from the latest. Answers how many versions were added."""
    added = 0
    for spec in shipped_specs():
        added += add_version(spec["key"], spec["items"], valid_from=date.fromisoformat(spec["valid_from"]),
                             name_vi=spec["name_vi"], name_en=spec.get("name_en", ""), source=spec.get("source", ""),
                             models=models, accept_dropped=True) is not None  # the shipped lists are the law's
    return added


def sync_document_types(on: date | None = None) -> CodeListVersion | None:
    """The document types in force (the doctypes module) as the list `document_type`; a new version when they
    changed."""
    from modules.doctypes.services import types_in_force

    on = on or timezone.localdate()
    items = [{"code": t.code, "vi": t.name, "en": t.name} for t in types_in_force(on)]
    # The doctypes module decides what is in force: a type it retired leaves the list even when a published form
    # offers it (that form keeps its pinned version); list_impact shows such forms beforehand.
    return add_version("document_type", items, valid_from=on, name_vi="Loại văn bản", name_en="Document types",
                       source="Nghị định 30/2020/NĐ-CP, Phụ lục III (mô-đun doctypes)",
                       accept_dropped=True) if items else None


def in_force(key: str, on: date | None = None) -> CodeListVersion:
    """The version of list `key` in force on `on` (today by default): the latest that took effect by then."""
    on = on or timezone.localdate()
    version = (CodeListVersion.objects.select_related("code_list").filter(code_list__key=key, valid_from__lte=on)
               .order_by("-valid_from", "-number").first())
    if version is None:
        raise FormsError(FormsCode.NOT_FOUND, _("Không có danh mục %(key)s đang hiệu lực.") % {"key": key},
                         "code_list", status=404)
    return version


def lists() -> list[CodeList]:
    return list(CodeList.objects.prefetch_related("versions"))


def latest_versions() -> list[CodeListVersion]:
    """The latest version of every list, by key (one query)."""
    return list(CodeListVersion.objects.select_related("code_list").order_by("code_list__key", "-number")
                .distinct("code_list__key"))


def versions_of(key: str) -> list[CodeListVersion]:
    return list(CodeListVersion.objects.select_related("code_list").filter(code_list__key=key).order_by("number"))


@lru_cache(maxsize=32)
def items_of(version_id: int) -> tuple:
    """The items of one version by its id (a version never changes, so it is kept in memory once read)."""
    version = CodeListVersion.objects.filter(pk=version_id).first()
    if version is None:
        raise FormsError(FormsCode.NOT_FOUND, _("Không có phiên bản danh mục %(id)s.") % {"id": version_id},
                         "code_list", status=404)
    return tuple(version.items)
