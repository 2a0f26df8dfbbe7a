"""Submissions of a procedure exported across its form versions, one column per dictionary key (Excel or CSV).

Columns are keyed by the dictionary key, never by position or section: a field moved to another section, a section
renamed, a field added or dropped in a later version keeps or adds its own column, so no column drops or shifts
(Kobo's exports across form versions do). A field of a repeatable section is the column `<section>.<key>`, its items'
values joined by "; ". Order: the newest version's fields in its order, then keys only older versions had."""

import csv
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from modules.forms.services import codelists

FIXED = (("dossier", "Mã hồ sơ"), ("submitted_at", "Nộp lúc"), ("form_version", "Phiên bản biểu mẫu"))
JOIN = "; "


@dataclass(frozen=True)
class Entry:
    artefact: dict          # the compiled artefact the submission kept
    data: dict              # its data, keyed by dictionary keys
    dossier: str = ""
    submitted_at: str = ""


@dataclass(frozen=True)
class Table:
    columns: list[str]      # dictionary keys (with `<section>.` for repeatable sections), after FIXED
    labels: list[str]       # the newest version's Vietnamese labels of those columns
    rows: list[list[str]]


def _columns_of(artefact: dict) -> list[tuple[str, str, dict]]:
    """(column, label, field) of an artefact in its order."""
    out = []
    for section in artefact["sections"]:
        prefix = section["key"] + "." if section["repeatable"] else ""
        out += [(prefix + f["key"], f["label"]["vi"], f) for f in section["fields"]]
    return out


_NAMES: dict[int, dict] = {}


def _names(artefact: dict, list_key: str | None) -> dict:
    entry = (artefact.get("codeLists") or {}).get(list_key or "")
    if not entry:
        return {}
    if entry.get("items") is not None:
        return {i["code"]: i["vi"] for i in entry["items"]}
    if entry["id"] not in _NAMES:  # a list version never changes: read once per process
        _NAMES[entry["id"]] = {i["code"]: i["vi"] for i in codelists.items_of(entry["id"])}
    return _NAMES[entry["id"]]


def display(artefact: dict, field: dict, value, *, labels: bool = False) -> str:
    """A value as a cell shows it: codes of a choice as they are (stable across versions; `labels`: their names, as
    a printed form shows them), an address written out."""
    if value is None:
        return ""
    if labels and field["type"] == "choice":
        return _names(artefact, field.get("codeList")).get(value, str(value))
    if field["type"] == "address" and isinstance(value, dict):
        names = _names(artefact, field.get("codeList"))
        parts = [value.get("street", "")] + [names.get(value.get(p, ""), value.get(p, ""))
                                              for p in ("commune", "district", "province")]
        return ", ".join(p for p in parts if p)
    if field["type"] == "file" and isinstance(value, dict):
        return str(value.get("name", ""))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table(entries: list[Entry]) -> Table:
    """The rows of `entries` (oldest first is kept as given) under one set of columns."""
    newest = sorted(entries, key=lambda e: e.artefact["form"].get("publishedAt", ""), reverse=True)
    columns: dict[str, str] = {}
    for entry in newest:
        for column, label, _field in _columns_of(entry.artefact):
            columns.setdefault(column, label)
    rows = []
    for entry in entries:
        cells = dict.fromkeys(columns, "")
        for column, _label, field in _columns_of(entry.artefact):
            if "." in column:
                group, key = column.split(".", 1)
                items = entry.data.get(group) or []
                cells[column] = JOIN.join(display(entry.artefact, field, item.get(key)) for item in items
                                          if isinstance(item, dict) and item.get(key) not in (None, ""))
            else:
                cells[column] = display(entry.artefact, field, entry.data.get(column))
        form = entry.artefact["form"]
        rows.append([entry.dossier, entry.submitted_at, form["versionLabel"], *cells.values()])
    return Table(list(columns), list(columns.values()), rows)


def to_csv(found: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([key for key, _label in FIXED] + found.columns)
    writer.writerows(found.rows)
    return ("\ufeff" + out.getvalue()).encode()  # the BOM: Excel opens UTF-8 CSV with Vietnamese letters intact


def to_xlsx(found: Table, title: str) -> bytes:
    """Row 1: the keys (what a program reads), row 2: the labels (what people read), then one row per submission."""
    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[][:*?/\\]", " ", title or "Du lieu")[:31]
    sheet.append([key for key, _label in FIXED] + found.columns)
    sheet.append([label for _key, label in FIXED] + found.labels)
    for cell in [*sheet[1], *sheet[2]]:
        cell.font = Font(bold=True)
    for row in found.rows:
        sheet.append(row)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
