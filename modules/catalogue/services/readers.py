"""Files exported from the national procedure database: JSON and Excel (.xlsx). Each record keeps its position."""

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from modules.catalogue.services.normalize import ALIASES
from modules.catalogue.services.text import fold_key, maybe_json

# Keys of a JSON object that may hold the list of records.
LIST_KEYS = ("data", "records", "items", "thu_tuc", "danh_sach", "procedures", "result")


class CatalogueFileError(Exception):
    """The file cannot be read at all (missing, wrong format, malformed); nothing is imported."""


@dataclass
class SourceRecord:
    position: str  # "bản ghi 3" (JSON) or "dòng 5" (Excel): where the record is, for the report
    data: Any


def read_file(path) -> list[SourceRecord]:
    path = Path(path)
    if not path.is_file():
        raise CatalogueFileError(_("Không có tệp %(path)s.") % {"path": path})
    suffix = path.suffix.lower()
    if suffix == ".json":
        return read_json(path.read_bytes())
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise CatalogueFileError(_("Tệp %(name)s: chỉ đọc được .json hoặc .xlsx.") % {"name": path.name})


def read_json(content: bytes | str) -> list[SourceRecord]:
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CatalogueFileError(_("Tệp JSON hỏng: %(error)s") % {"error": exc}) from exc
    if isinstance(data, dict):
        folded = {fold_key(k): v for k, v in data.items()}
        found = next((folded[k] for k in LIST_KEYS if isinstance(folded.get(k), list)), None)
        data = found if found is not None else ([data] if "ma_thu_tuc" in folded else None)
    if not isinstance(data, list):
        raise CatalogueFileError(_("Tệp JSON phải là một danh sách thủ tục (hoặc một đối tượng có khóa “data”)."))
    return [SourceRecord(_("bản ghi %(n)d") % {"n": i}, item) for i, item in enumerate(data, start=1)]


def read_xlsx(path) -> list[SourceRecord]:
    """First sheet; the first non-empty row names the columns (national field names or Vietnamese headers)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogueFileError(_("Tệp Excel hỏng hoặc không phải .xlsx: %(error)s") % {"error": exc}) from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True) if book.worksheets else iter(())
        header = None
        records = []
        for number, row in enumerate(rows, start=1):
            if not any(cell not in (None, "") for cell in row):
                continue
            if header is None:
                header = [ALIASES.get(fold_key(c), fold_key(c)) if c is not None else "" for c in row]
                if "ma_thu_tuc" not in header:
                    raise CatalogueFileError(_("Tệp Excel: dòng tiêu đề (dòng %(n)d) không có cột ma_thu_tuc.")
                                             % {"n": number})
                continue
            item = {key: maybe_json(cell) for key, cell in zip(header, row, strict=False) if key and cell is not None}
            records.append(SourceRecord(_("dòng %(n)d") % {"n": number}, item))
    finally:
        book.close()
    if header is None:
        raise CatalogueFileError(_("Tệp Excel trống."))
    return records
