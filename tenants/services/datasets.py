"""Lists of units: the datasets shipped in tenants/data and files in CSV, JSON or YAML."""

import csv
import io
import json
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from tenants.services.units import UnitRecord

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATASETS = {"vn-2023": "vn-2023.csv", "vn-2025": "vn-2025.csv"}
_FIELDS = ("code", "name", "kind", "parent_code")


class UnitsFileError(ValueError):
    """The file or dataset cannot be read as a list of units."""


def _records(rows: list[dict], source: str) -> list[UnitRecord]:
    records = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise UnitsFileError(_("%(src)s, bản ghi %(n)d: không phải một đối tượng") % {"src": source, "n": n})
        missing = [f for f in ("code", "name", "kind") if not str(row.get(f) or "").strip()]
        if missing:
            raise UnitsFileError(_("%(src)s, bản ghi %(n)d: thiếu %(f)s") % {"src": source, "n": n, "f": ", ".join(missing)})
        records.append(UnitRecord(
            code=str(row["code"]).strip(), name=str(row["name"]).strip(), kind=str(row["kind"]).strip(),
            parent_code=str(row.get("parent_code") or "").strip(), organ_id=str(row.get("organ_id") or "").strip(),
        ))
    return records


def load_dataset(name: str, province: str | None = None) -> list[UnitRecord]:
    """A shipped dataset, whole or for one province (the province, then its districts, then its communes)."""
    if name not in DATASETS:
        raise UnitsFileError(_("Không có bộ dữ liệu %(name)r; có: %(known)s") % {"name": name, "known": ", ".join(DATASETS)})
    records = _read_csv((DATA_DIR / DATASETS[name]).read_text(encoding="utf-8"), name)
    if province is None:
        return records
    if not any(r.code == province and not r.parent_code for r in records):
        raise UnitsFileError(_("Bộ dữ liệu %(name)s không có tỉnh mã %(code)s") % {"name": name, "code": province})
    keep, selected = {province}, []
    for rec in records:  # sorted by code length: provinces, districts, communes
        if rec.code in keep or rec.parent_code in keep:
            keep.add(rec.code)
            selected.append(rec)
    return selected


def _read_csv(text: str, source: str) -> list[UnitRecord]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"code", "name", "kind"} <= set(reader.fieldnames):
        raise UnitsFileError(_("%(src)s: cần các cột %(cols)s") % {"src": source, "cols": ", ".join(_FIELDS)})
    return _records(list(reader), source)


def load_file(path: str | Path) -> list[UnitRecord]:
    path = Path(path)
    if not path.is_file():
        raise UnitsFileError(_("Không đọc được tệp %(path)s") % {"path": path})
    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(text, path.name)
        if suffix == ".json":
            data = json.loads(text)
        elif suffix in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        else:
            raise UnitsFileError(_("Định dạng tệp không hỗ trợ: %(s)s (dùng .csv, .json, .yaml)") % {"s": suffix})
    except (json.JSONDecodeError, yaml.YAMLError, csv.Error, UnicodeDecodeError) as exc:
        raise UnitsFileError(_("Tệp %(path)s sai định dạng: %(err)s") % {"path": path.name, "err": exc}) from exc
    if isinstance(data, dict):
        data = data.get("units")
    if not isinstance(data, list):
        raise UnitsFileError(_("%(path)s: cần một danh sách đơn vị (hoặc khóa 'units')") % {"path": path.name})
    return _records(data, path.name)
