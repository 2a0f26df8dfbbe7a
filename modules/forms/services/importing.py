"""A paper form's field list from a spreadsheet (.xlsx), to start a draft form: one row per field.

Columns (first row, Vietnamese or English, any order): `mã trường`/`key`, `nhãn`/`label`, `kiểu`/`type`,
`bắt buộc`/`required` (x, có, yes, 1), `phần`/`section`, and the position on the paper form `trang`/`page`, `x`,
`y`, `rộng`/`width` (mm). A row names a dictionary key, or a label the dictionary has (matched without tone marks);
a new key with a type and a label becomes a new dictionary field. Every problem is reported with its row number and
nothing is created unless every row is right."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.search import fold
from modules.forms.models import FieldType
from modules.forms.services import definitions, dictionary
from modules.forms.services.errors import FormsCode, FormsError

COLUMNS = {
    "key": ("mã trường", "ma truong", "key"), "label": ("nhãn", "nhan", "label", "tên trường", "ten truong"),
    "type": ("kiểu", "kieu", "type"), "required": ("bắt buộc", "bat buoc", "required"),
    "section": ("phần", "phan", "section"), "page": ("trang", "page"), "x": ("x",), "y": ("y",),
    "width": ("rộng", "rong", "width"),
}
YES = {"x", "có", "co", "yes", "y", "true", "1", "đúng", "dung"}
MAX_ROWS = 1000


@dataclass
class ImportReport:
    form_id: int | None
    fields: list[str] = field(default_factory=list)        # the keys, in the order of the rows
    new_fields: list[str] = field(default_factory=list)    # keys added to the dictionary
    sections: list[str] = field(default_factory=list)


def _header(cells) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(cells):
        name = fold(str(cell or "").strip())
        for column, names in COLUMNS.items():
            if name in {fold(n) for n in names}:
                found.setdefault(column, index)
    return found


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
    return ("s_" + slug if slug[:1].isdigit() else slug)[:80] or "main"


def read_rows(path) -> list[tuple[int, dict]]:
    """(row number, {column: value}) of the first sheet; FormsError INVALID_FILE for a file that is no workbook or
    has no column naming the field."""
    try:
        book = load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise FormsError(FormsCode.INVALID_FILE, _("Không đọc được tệp Excel (.xlsx): %(err)s.") % {"err": exc},
                         "file") from exc
    rows = book.worksheets[0].iter_rows(values_only=True)
    columns = _header(next(rows, ()) or ())
    if "key" not in columns and "label" not in columns:
        raise FormsError(FormsCode.INVALID_FILE, _("Dòng đầu cần cột “mã trường” hoặc “nhãn”."), "file")
    out = []
    for number, cells in enumerate(rows, start=2):
        values = {c: (cells[i] if i < len(cells) else None) for c, i in columns.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        out.append((number, values))
        if len(out) > MAX_ROWS:
            raise FormsError(FormsCode.INVALID_FILE, _("Tệp có hơn %(n)d trường.") % {"n": MAX_ROWS}, "file")
    book.close()
    return out


def _paper(values: dict, problems: list, number: int):
    given = {k: values.get(k) for k in ("page", "x", "y", "width") if values.get(k) not in (None, "")}
    if not given:
        return None
    try:
        paper = {k: float(v) for k, v in given.items()}
    except (TypeError, ValueError):
        problems.append((number, _("Dòng %(n)d: vị trí trên mẫu giấy phải là số.") % {"n": number}))
        return None
    if set(paper) != {"page", "x", "y", "width"}:
        problems.append((number, _("Dòng %(n)d: vị trí cần đủ trang, x, y, rộng.") % {"n": number}))
        return None
    paper["page"] = int(paper["page"])
    return paper


@transaction.atomic
def import_fields(path, *, procedure_code: str, version_label: str, title_vi: str, title_en: str = "",
                  dry_run: bool = False, drafted_in: str = "") -> ImportReport:
    """A draft form (and any new dictionary fields) from the spreadsheet; FormsError INVALID_FILE with every problem
    by row (problems: [(row number, message)]) and nothing created otherwise. dry_run: check only."""
    rows = read_rows(path)
    if not rows:
        raise FormsError(FormsCode.INVALID_FILE, _("Tệp không có dòng trường nào."), "file")
    in_force = {v.field.key: v for v in dictionary.fields_in_force()}
    by_label: dict[str, list[str]] = {}
    for key, version in in_force.items():
        by_label.setdefault(fold(version.label_vi).strip(), []).append(key)
    problems: list[tuple[int, str]] = []
    sections: dict[str, dict] = {}
    new_fields, keys = [], []
    for number, values in rows:
        key = str(values.get("key") or "").strip()
        label = str(values.get("label") or "").strip()
        kind = str(values.get("type") or "").strip().lower()
        if kind and kind not in FieldType.values:
            problems.append((number, _("Dòng %(n)d: kiểu “%(t)s” không có; có: %(known)s.")
                             % {"n": number, "t": kind, "known": ", ".join(FieldType.values)}))
            continue
        if not key:
            matches = by_label.get(fold(label).strip(), [])
            if len(matches) != 1:
                problems.append((number, _("Dòng %(n)d: không tìm thấy trường có nhãn “%(l)s” trong từ điển; hãy ghi "
                                           "mã trường.") % {"n": number, "l": label} if not matches else
                                 _("Dòng %(n)d: nhiều trường có nhãn “%(l)s”: %(keys)s; hãy ghi mã trường.")
                                 % {"n": number, "l": label, "keys": ", ".join(matches)}))
                continue
            key = matches[0]
        if key in in_force:
            if kind and kind != in_force[key].type:
                problems.append((number, _("Dòng %(n)d: trường %(k)s trong từ điển có kiểu %(d)s, không phải %(t)s.")
                                 % {"n": number, "k": key, "d": in_force[key].type, "t": kind}))
                continue
        elif key in new_fields:
            pass
        elif not kind or not label:
            problems.append((number, _("Dòng %(n)d: mã trường %(k)s chưa có trong từ điển; muốn thêm cần ghi kiểu và "
                                       "nhãn.") % {"n": number, "k": key}))
            continue
        elif not dictionary.KEY.match(key):
            problems.append((number, _("Dòng %(n)d: mã trường “%(k)s” gồm chữ thường không dấu, chữ số và dấu gạch "
                                       "dưới.") % {"n": number, "k": key}))
            continue
        elif kind == FieldType.CHOICE:
            problems.append((number, _("Dòng %(n)d: trường chọn mới cần danh mục: hãy thêm nó vào từ điển trước.")
                             % {"n": number}))
            continue
        else:
            dictionary.add_field(key, type=kind, label_vi=label, note=_("Nhập từ danh sách trường của mẫu giấy"))
            new_fields.append(key)
        section_title = str(values.get("section") or "").strip() or _("Thông tin chung")
        section = sections.setdefault(section_title, {"key": _slug(section_title), "title_vi": section_title,
                                                      "fields": []})
        entry = {"field": key}
        if label and key in in_force and label != in_force[key].label_vi:
            entry["label_vi"] = label
        if str(values.get("required") or "").strip().lower() in YES:
            entry["overrides"] = {"required": True}
        paper = _paper(values, problems, number)
        if paper:
            entry["paper"] = paper
        section["fields"].append(entry)
        keys.append(key)
    if problems:
        transaction.set_rollback(True)
        raise FormsError(FormsCode.INVALID_FILE, problems[0][1], "file", problems=problems)
    form = definitions.create_form(procedure_code, version_label, title_vi, title_en, drafted_in)
    try:
        definitions.save_form(form.pk, {"sections": list(sections.values())})
    except FormsError as exc:
        transaction.set_rollback(True)
        raise FormsError(FormsCode.INVALID_FILE, exc.message, "file", problems=exc.problems) from exc
    report = ImportReport(form.pk, keys, new_fields, [s["key"] for s in sections.values()])
    if dry_run:
        transaction.set_rollback(True)
        report.form_id = None
    return report
