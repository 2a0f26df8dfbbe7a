"""A reorganisation plan: the new units, each with the old units it takes over (full or partial, with a share), the
date they take effect and the decision. Read from a file or from the shipped 2025 mapping (`vn-2025-merges`).

File formats (docs/ict/reorganisation.md):
- CSV, one row per (new unit, old unit): code,name,kind,parent_code,old_code,succession[,share][,effective_on][,decision]
- JSON/YAML: {"effective_on": "2025-07-01", "decision": "...", "units": [{"code", "name", "kind", "parent_code",
  "old_units": [{"code", "succession", "share"}]}]}
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from tenants.services.datasets import DATA_DIR

DATASET = "vn-2025-merges"
DATASET_FILE = "vn-2025-merges.csv"
# Where the mapping gives a new unit the code of an old unit that goes elsewhere (a code is never reused here: it names
# a schema, and the old unit's archive keeps it), the new unit continues the old unit of its name instead
# (tenants/data/README.md).
CORRECTIONS_FILE = "vn-2025-merges-corrections.csv"
# The district level ends in 2025 (Law 72/2025/QH15 on local government organisation): units of these kinds under a
# province of the plan end with it, their records going to the new communes that took their communes.
DISTRICT_KINDS = ("district", "urban_district", "town", "provincial_city")
FULL, PARTIAL = "full", "partial"


class PlanFileError(ValueError):
    """The file cannot be read as a plan."""


@dataclass(frozen=True)
class OldPart:
    code: str
    succession: str                 # "full" | "partial"
    share: Decimal | None = None


@dataclass
class NewUnit:
    code: str
    name: str
    kind: str
    parent_code: str = ""
    olds: list[OldPart] = field(default_factory=list)

    @property
    def kept_code(self) -> str | None:
        """The old unit this new unit continues (same code), or None when it is a new unit."""
        return self.code if any(o.code == self.code for o in self.olds) else None


@dataclass
class Plan:
    units: list[NewUnit]
    effective_on: date | None
    decision: str = ""
    source: str = ""
    skipped_olds: list[str] = field(default_factory=list)   # dataset's old units not provisioned here
    skipped_news: list[str] = field(default_factory=list)   # dataset's new units with none of their old units here
    problems: list[str] = field(default_factory=list)       # found while reading; validation adds the rest

    def content(self) -> dict:
        return {"units": [{"code": u.code, "name": u.name, "kind": u.kind, "parent_code": u.parent_code,
                           "old_units": [{"code": o.code, "succession": o.succession,
                                          "share": str(o.share) if o.share is not None else None} for o in u.olds]}
                          for u in self.units]}

    def key(self) -> str:
        """The plan's fingerprint: the same plan run again is the same run (resumed)."""
        text = json.dumps({**self.content(), "effective_on": str(self.effective_on), "decision": self.decision},
                          sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def old_codes(self) -> list[str]:
        return list(dict.fromkeys(o.code for u in self.units for o in u.olds))

    def takers(self) -> dict[str, list[tuple[NewUnit, OldPart]]]:
        """old code -> the new units taking it (with how)."""
        found: dict[str, list[tuple[NewUnit, OldPart]]] = {}
        for unit in self.units:
            for old in unit.olds:
                found.setdefault(old.code, []).append((unit, old))
        return found


def plan_from_content(content: dict, effective_on: date, decision: str, source: str) -> Plan:
    units = [NewUnit(u["code"], u["name"], u["kind"], u.get("parent_code") or "",
                     [OldPart(o["code"], o["succession"], Decimal(o["share"]) if o.get("share") else None)
                      for o in u["old_units"]]) for u in content["units"]]
    return Plan(units, effective_on, decision, source)


# --- reading --------------------------------------------------------------------------------------------------------
def _date(value, where: str, problems: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(_("%(where)s: ngày hiệu lực %(value)r không đúng dạng YYYY-MM-DD") % {"where": where, "value": value})
        return None


def _share(value, where: str, problems: list[str]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        share = Decimal(str(value).strip())
    except InvalidOperation:
        share = None
    if share is None or not (0 < share <= 1):
        problems.append(_("%(where)s: tỷ lệ %(value)r phải là số trong khoảng (0, 1]") % {"where": where, "value": value})
        return None
    return share


def _from_rows(rows: list[dict], source: str) -> Plan:
    """Flat rows (one per new unit and old unit) -> a plan; every problem of the rows listed, none raised."""
    problems: list[str] = []
    units: dict[str, NewUnit] = {}
    dates, decisions = set(), set()
    for n, row in enumerate(rows, start=1):
        where = _("%(src)s, dòng %(n)d") % {"src": source, "n": n}
        if not isinstance(row, dict):
            problems.append(_("%(where)s: không phải một đối tượng") % {"where": where})
            continue
        value = {k: str(v).strip() if v is not None else "" for k, v in row.items() if k is not None}
        missing = [f for f in ("code", "name", "kind", "old_code", "succession") if not value.get(f)]
        if missing:
            problems.append(_("%(where)s: thiếu %(fields)s") % {"where": where, "fields": ", ".join(missing)})
            continue
        succession = value["succession"].lower()
        if succession not in (FULL, PARTIAL):
            problems.append(_("%(where)s: hình thức %(value)r phải là full hoặc partial") % {
                "where": where, "value": value["succession"]})
            continue
        unit = units.setdefault(value["code"], NewUnit(value["code"], value["name"], value["kind"],
                                                       value.get("parent_code", "")))
        if (unit.name, unit.kind, unit.parent_code) != (value["name"], value["kind"], value.get("parent_code", "")):
            problems.append(_("%(where)s: đơn vị mới %(code)s có tên, loại hoặc cấp trên khác dòng trước") % {
                "where": where, "code": unit.code})
        unit.olds.append(OldPart(value["old_code"], succession, _share(value.get("share"), where, problems)))
        if value.get("effective_on"):
            dates.add(_date(value["effective_on"], where, problems))
        if value.get("decision"):
            decisions.add(value["decision"])
    dates.discard(None)
    if len(dates) > 1 or len(decisions) > 1:
        problems.append(_("%(src)s: một kế hoạch chỉ có một ngày hiệu lực và một quyết định") % {"src": source})
    plan = Plan(list(units.values()), min(dates) if dates else None, sorted(decisions)[0] if decisions else "", source)
    plan.problems = problems
    return plan


def _from_nested(data: dict, source: str) -> Plan:
    rows = []
    for n, unit in enumerate(data.get("units") or [], start=1):
        olds = unit.get("old_units") if isinstance(unit, dict) else None
        if not isinstance(olds, list) or not olds:
            code = unit.get("code", n) if isinstance(unit, dict) else n
            return Plan([], None, source=source, problems=[
                _("%(src)s: đơn vị mới %(code)s cần danh sách old_units") % {"src": source, "code": code}])
        for old in olds:
            old = old if isinstance(old, dict) else {"code": old}
            rows.append({"code": unit.get("code"), "name": unit.get("name"), "kind": unit.get("kind"),
                         "parent_code": unit.get("parent_code") or unit.get("parent") or "",
                         "old_code": old.get("code"), "succession": old.get("succession") or old.get("kind"),
                         "share": old.get("share")})
    plan = _from_rows(rows, source)
    problems = plan.problems
    plan.effective_on = _date(data.get("effective_on"), source, problems)
    plan.decision = str(data.get("decision") or "").strip()
    if not rows:
        problems.append(_("%(src)s: kế hoạch không có đơn vị nào (khóa 'units')") % {"src": source})
    return plan


def load_plan_file(path: str | Path) -> Plan:
    path = Path(path)
    if not path.is_file():
        raise PlanFileError(_("Không đọc được tệp %(path)s") % {"path": path})
    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _from_rows(list(csv.DictReader(io.StringIO(text))), path.name)
        if suffix == ".json":
            data = json.loads(text)
        elif suffix in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        else:
            raise PlanFileError(_("Định dạng tệp không hỗ trợ: %(s)s (dùng .csv, .json, .yaml)") % {"s": suffix})
    except (json.JSONDecodeError, yaml.YAMLError, csv.Error) as exc:
        raise PlanFileError(_("Tệp %(path)s sai định dạng: %(err)s") % {"path": path.name, "err": exc}) from exc
    if isinstance(data, list):
        return _from_rows(data, path.name)
    if isinstance(data, dict):
        return _from_nested(data, path.name)
    raise PlanFileError(_("%(path)s: cần một danh sách dòng hoặc một đối tượng có khóa 'units'") % {"path": path.name})


# --- the shipped 2025 mapping ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Existing:
    """An old unit as the plan sees it: in this installation (or in a dataset, for figures without a database)."""

    code: str
    name: str
    kind: str
    parent_code: str = ""


def mapping_rows() -> list[dict]:
    """The 2025 mapping's rows, with the shipped corrections applied (CORRECTIONS_FILE: new code -> the code it has
    in this installation)."""
    renamed = corrections()
    with open(DATA_DIR / DATASET_FILE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["code"] = renamed.get(row["code"], row["code"])
        row["parent_code"] = renamed.get(row["parent_code"], row["parent_code"])
    return rows


def corrections() -> dict[str, str]:
    with open(DATA_DIR / CORRECTIONS_FILE, encoding="utf-8") as f:
        return {row["code"]: row["installation_code"] for row in csv.DictReader(f)}


def province_of(rows: list[dict], province: str) -> str:
    """The 2025 province code for `province`: itself, or the 2025 province an old province was merged into."""
    new_provinces = {r["code"] for r in rows if not r["parent_code"]}
    if province in new_provinces:
        return province
    merged = {r["old_code"]: r["code"] for r in rows if not r["parent_code"]}
    if province in merged:
        return merged[province]
    raise PlanFileError(_("Bộ dữ liệu %(name)s không có tỉnh mã %(code)s") % {"name": DATASET, "code": province})


def plan_from_dataset(existing: dict[str, Existing], province: str | None = None, effective_on: date | None = None,
                      decision: str = "", old_tree: dict[str, list[str]] | None = None) -> Plan:
    """The 2025 mapping (whole country or one province) for the units in `existing` (code -> Existing, live units):
    old units not there are skipped, new units none of whose old units are there too (both listed).

    The mapping has no district level: each district-level unit of `existing` under an old province of the plan (and
    not in the mapping itself: five island districts without communes become special zones) ends too, taken over by the new communes that took its communes (`old_tree`: district code -> its commune codes, from
    the installation and the 2023 dataset), partially with shares by number of communes when several, and its
    records go by address; a district none of whose communes has a successor here goes to the new province.
    """
    rows = mapping_rows()
    wanted = province_of(rows, province) if province else None
    units: dict[str, NewUnit] = {}
    skipped_olds: list[str] = []
    for row in rows:
        if wanted and wanted not in (row["code"], row["parent_code"]):
            continue
        unit = units.setdefault(row["code"], NewUnit(row["code"], row["name"], row["kind"], row["parent_code"]))
        if row["old_code"] in existing:
            unit.olds.append(OldPart(row["old_code"], row["succession"]))
        else:
            skipped_olds.append(row["old_code"])
    here = [u for u in units.values() if u.olds]
    skipped_news = [u.code for u in units.values() if not u.olds]
    _add_districts(here, existing, old_tree or {})
    source = DATASET + (f" --province {province}" if province else "")
    return Plan(here, effective_on, decision, source, sorted(set(skipped_olds)), skipped_news)


def _add_districts(units: list[NewUnit], existing: dict[str, Existing], old_tree: dict[str, list[str]]) -> None:
    provinces = {o.code: u for u in units if not u.parent_code for o in u.olds}
    taken_by: dict[str, list[NewUnit]] = {}
    for unit in units:
        for old in unit.olds:
            taken_by.setdefault(old.code, []).append(unit)
    for district in existing.values():
        if district.kind not in DISTRICT_KINDS or district.parent_code not in provinces:
            continue
        if district.code in taken_by:
            continue  # the mapping itself takes it (an island district without communes becoming a special zone)
        counts: dict[str, int] = {}
        by_code = {}
        for commune in old_tree.get(district.code, []):
            for unit in taken_by.get(commune, []):
                counts[unit.code] = counts.get(unit.code, 0) + 1
                by_code[unit.code] = unit
        if not counts:
            provinces[district.parent_code].olds.append(OldPart(district.code, FULL))
        elif len(counts) == 1:
            by_code[next(iter(counts))].olds.append(OldPart(district.code, FULL))
        else:
            for code, share in shares(counts).items():
                by_code[code].olds.append(OldPart(district.code, PARTIAL, share))


def shares(counts: dict[str, int]) -> dict[str, Decimal]:
    """Shares by count, four decimals, summing to exactly 1 (the largest takes the rounding)."""
    total = sum(counts.values())
    result = {code: (Decimal(n) / total).quantize(Decimal("0.0001")) for code, n in counts.items()}
    largest = max(result, key=lambda c: (result[c], c))
    result[largest] += Decimal(1) - sum(result.values())
    return result


def as_json(plan: Plan) -> str:
    return json.dumps({"effective_on": str(plan.effective_on), "decision": plan.decision, **plan.content()},
                      ensure_ascii=False, indent=1)


__all__ = ["DATASET", "DISTRICT_KINDS", "Existing", "NewUnit", "OldPart", "Plan", "PlanFileError", "as_json",
           "load_plan_file", "plan_from_content", "plan_from_dataset", "shares"]
