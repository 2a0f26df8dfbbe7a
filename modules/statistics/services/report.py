"""Reports over the facts table: one unit's own figures, or a unit and every unit below it rolled up.

Either way it is one SQL statement: the units (a recursive CTE over tenants_unit.parent for a roll-up), each unit's
last computed day of the period (where the in-progress stock is read), and the facts of the period grouped by the
chosen key, with the total row in the same statement (GROUPING SETS).

Flows (received, resolved, returned, withdrawn, fees, ratings) are summed over the days of the period. The dossiers
in progress are a stock: the period shows each unit's figure at the end of its last computed day in the period;
grouped by day, each row shows that day's.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.statistics.models import COUNTERS, SNAPSHOT_COUNTERS

SECTOR, PROCEDURE, DAY, UNIT, CHILD = "sector", "procedure", "day", "unit", "child"
UNIT_GROUPS = (SECTOR, PROCEDURE, DAY)           # a unit's own report
ROLLUP_GROUPS = (CHILD, UNIT, SECTOR, PROCEDURE, DAY)  # a roll-up also by unit
GROUP_LABELS = {
    SECTOR: gettext_lazy("Lĩnh vực"), PROCEDURE: gettext_lazy("Thủ tục"), DAY: gettext_lazy("Ngày"),
    UNIT: gettext_lazy("Đơn vị"), CHILD: gettext_lazy("Đơn vị trực thuộc"),
}
MAX_DAYS = 1830       # five years
MAX_DAYS_BY_DAY = 366  # one row per day: at most a year


class ReportError(ValueError):
    def __init__(self, code: str, message: str, field: str = ""):
        super().__init__(message)
        self.code, self.field = code, field


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class Figures:
    received_counter: int = 0
    received_online: int = 0
    received_post: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    in_progress_on_time: int = 0
    in_progress_overdue: int = 0
    returned: int = 0
    withdrawn: int = 0
    fees_paid: int = 0
    fees_paid_online: int = 0
    ratings: int = 0
    rating_points: int = 0

    @property
    def received(self) -> int:
        return self.received_counter + self.received_online + self.received_post

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def in_progress(self) -> int:
        return self.in_progress_on_time + self.in_progress_overdue

    @property
    def online_share(self) -> float | None:
        """Dossiers received online among all received."""
        return _share(self.received_online, self.received)

    @property
    def on_time_share(self) -> float | None:
        """Resolved early or on time among all resolved."""
        return _share(self.resolved_early + self.resolved_on_time, self.resolved)

    @property
    def online_payment_share(self) -> float | None:
        """Fees paid online among all fees paid."""
        return _share(self.fees_paid_online, self.fees_paid)

    @property
    def average_satisfaction(self) -> float | None:
        return round(self.rating_points / self.ratings, 2) if self.ratings else None

    def add(self, other: "Figures") -> "Figures":
        return Figures(**{name: getattr(self, name) + getattr(other, name) for name in COUNTERS})


@dataclass
class Row:
    key: str
    label: str
    figures: Figures


@dataclass
class Report:
    unit_code: str
    unit_name: str
    date_from: date
    date_to: date
    group_by: str
    rollup: bool
    rows: list[Row]
    total: Figures
    units: int                      # units the report covers
    units_reporting: int            # of which have computed at least one day of the period
    computed_at: datetime | None    # the oldest of the units' latest computations in the period
    extra: dict = field(default_factory=dict)

    @property
    def group_label(self) -> str:
        return str(GROUP_LABELS[self.group_by])


def check_period(date_from: date, date_to: date, group_by: str, allowed=UNIT_GROUPS) -> None:
    if group_by not in allowed:
        raise ReportError("INVALID_ARGUMENT", _("Không nhóm theo %(g)s được.") % {"g": group_by}, "groupBy")
    if date_from > date_to:
        raise ReportError("INVALID_ARGUMENT", _("Ngày bắt đầu phải trước ngày kết thúc."), "from")
    days = (date_to - date_from).days + 1
    if days > MAX_DAYS:
        raise ReportError("INVALID_ARGUMENT", _("Kỳ báo cáo dài nhất %(n)s ngày.") % {"n": MAX_DAYS}, "to")
    if group_by == DAY and days > MAX_DAYS_BY_DAY:
        raise ReportError("INVALID_ARGUMENT", _("Nhóm theo ngày: kỳ báo cáo dài nhất %(n)s ngày.")
                          % {"n": MAX_DAYS_BY_DAY}, "to")


_TREE_ONE = "tree(id, branch) AS (SELECT id, id FROM tenants_unit WHERE id = %(root)s)"
_TREE_BELOW = """tree(id, branch) AS (
    SELECT id, id FROM tenants_unit WHERE id = %(root)s
  UNION
    SELECT u.id, CASE WHEN t.id = %(root)s THEN u.id ELSE t.branch END
    FROM tenants_unit u JOIN tree t ON u.parent_id = t.id
)"""
_KEYS = {SECTOR: "f.sector_id", PROCEDURE: "f.procedure_code", DAY: "f.day", UNIT: "f.unit_id", CHILD: "t.branch",
         None: "NULL::integer"}


def _sql(group_by: str | None, below: bool) -> str:
    key = _KEYS[group_by]
    flows = ",\n  ".join(f"COALESCE(SUM(f.{c}), 0)" for c in COUNTERS if c not in SNAPSHOT_COUNTERS)
    stocks = ",\n  ".join(f"COALESCE(SUM(f.{c}) FILTER (WHERE f.day = s.day), 0), COALESCE(SUM(f.{c}), 0)"
                          for c in SNAPSHOT_COUNTERS)
    return f"""WITH RECURSIVE {_TREE_BELOW if below else _TREE_ONE},
snap AS (
  SELECT d.unit_id, max(d.day) AS day FROM statistics_factsday d JOIN tree t ON t.id = d.unit_id
  WHERE d.day BETWEEN %(from)s AND %(to)s GROUP BY d.unit_id
)
SELECT GROUPING({key}) AS is_total, {key} AS key,
  {flows},
  {stocks},
  (SELECT count(*) FROM snap) AS reporting,
  (SELECT min(d.computed_at) FROM statistics_factsday d JOIN snap x ON x.unit_id = d.unit_id AND x.day = d.day)
FROM statistics_dailyfact f JOIN tree t ON t.id = f.unit_id LEFT JOIN snap s ON s.unit_id = f.unit_id
WHERE f.day BETWEEN %(from)s AND %(to)s
GROUP BY GROUPING SETS (({key}), ())"""


def _figures(values, by_day: bool) -> Figures:
    flows = [c for c in COUNTERS if c not in SNAPSHOT_COUNTERS]
    figures = dict(zip(flows, values[:len(flows)], strict=True))
    rest = values[len(flows):]
    for i, name in enumerate(SNAPSHOT_COUNTERS):
        at_end, every_day = rest[2 * i], rest[2 * i + 1]
        figures[name] = every_day if by_day else at_end
    return Figures(**{k: int(v) for k, v in figures.items()})


def aggregate(root_id: int, date_from: date, date_to: date, group_by: str | None, below: bool):
    """(rows {key: Figures}, total Figures, units reporting, computed_at): the one query."""
    with connection.cursor() as cur:
        cur.execute(_sql(group_by, below), {"root": root_id, "from": date_from, "to": date_to})
        result = cur.fetchall()
    rows, total, reporting, computed_at = {}, Figures(), 0, None
    width = len(COUNTERS) + len(SNAPSHOT_COUNTERS)
    for record in result:
        is_total, key, values = record[0], record[1], record[2:2 + width]
        reporting, computed_at = record[-2], record[-1]
        if is_total:
            total = _figures(values, by_day=False)
        else:
            rows[key] = _figures(values, by_day=group_by == DAY)
    return rows, total, reporting, computed_at


def units_below(unit) -> list:
    """The unit and every unit below it (tenants.models.Unit.parent), depth first: each unit followed by the units
    below it, siblings by code."""
    from tenants.models import Unit

    with connection.cursor() as cur:
        cur.execute(f"WITH RECURSIVE {_TREE_BELOW} SELECT id, branch FROM tree", {"root": unit.pk})
        branch_of = dict(cur.fetchall())
    found = {u.pk: u for u in Unit.objects.filter(pk__in=branch_of).only("id", "code", "name", "parent_id")}
    children: dict[int, list] = {}
    for u in found.values():
        if u.pk != unit.pk:
            children.setdefault(u.parent_id, []).append(u)
    ordered, stack = [], [found.get(unit.pk, unit)]
    while stack:
        current = stack.pop()
        current.branch_id = branch_of.get(current.pk, current.pk)
        ordered.append(current)
        stack.extend(sorted(children.get(current.pk, []), key=lambda u: u.code, reverse=True))
    return ordered


def _labels(group_by: str, keys, unit, units) -> dict:
    if group_by == SECTOR:
        from modules.catalogue.models import Sector

        names = dict(Sector.objects.filter(pk__in=[k for k in keys if k is not None]).values_list("pk", "name"))
        return {k: (str(k) if k is not None else "", names.get(k) or _("Chưa xác định lĩnh vực")) for k in keys}
    if group_by == PROCEDURE:
        from modules.catalogue.models import Procedure

        names = dict(Procedure.objects.filter(code__in=keys).values_list("code", "name"))
        return {k: (k, names.get(k) or k) for k in keys}
    if group_by == DAY:
        return {k: (k.isoformat(), k.strftime("%d/%m/%Y")) for k in keys}
    by_id = {u.pk: u for u in units}
    labels = {}
    for k in keys:
        u = by_id.get(k)
        if u is None:
            labels[k] = (str(k), str(k))
        elif group_by == CHILD and u.pk == unit.pk:
            labels[k] = (u.code, _("%(name)s (hồ sơ của chính đơn vị)") % {"name": u.name})
        else:
            labels[k] = (u.code, u.name)
    return labels


def _order(group_by: str, rows: list[Row]) -> list[Row]:
    if group_by in (DAY, UNIT, CHILD, PROCEDURE):
        return rows  # already in key order (units: the unit itself first)
    return sorted(rows, key=lambda r: (r.key == "", r.label.lower()))


def _build(unit, date_from, date_to, group_by, below) -> Report:
    units = units_below(unit) if below else [unit]
    found, total, reporting, computed_at = aggregate(unit.pk, date_from, date_to, group_by, below)
    if group_by in (UNIT, CHILD):
        keys = [u.pk for u in units if group_by == UNIT or u.branch_id == u.pk]  # every unit shows, also at zero
    elif group_by == DAY:
        keys = [date_from + timedelta(days=i) for i in range((date_to - date_from).days + 1)]
    else:
        keys = sorted(found, key=lambda k: (k is None, str(k)))
    labels = _labels(group_by, keys, unit, units)
    rows = [Row(labels[k][0], labels[k][1], found.get(k, Figures())) for k in keys]
    return Report(unit.code, unit.name, date_from, date_to, group_by, below, _order(group_by, rows), total,
                  len(units), reporting, computed_at)


def unit_report(unit, date_from: date, date_to: date, group_by: str = SECTOR) -> Report:
    """The unit's own figures (never another unit's), grouped by sector, procedure or day."""
    check_period(date_from, date_to, group_by, UNIT_GROUPS)
    return _build(unit, date_from, date_to, group_by, below=False)


def rollup_report(unit, date_from: date, date_to: date, group_by: str = CHILD) -> Report:
    """The unit and every unit below it, summed: by unit below (CHILD: each with its own subtree), by each unit of
    the tree (UNIT), by sector, procedure or day."""
    check_period(date_from, date_to, group_by, ROLLUP_GROUPS)
    return _build(unit, date_from, date_to, group_by, below=True)


def daily_received(unit, date_from: date, date_to: date, below: bool) -> list[tuple[date, Figures]]:
    """Each day of the period with its figures (for the trend chart), over at most the last MAX_DAYS_BY_DAY days."""
    date_from = max(date_from, date_to - timedelta(days=MAX_DAYS_BY_DAY - 1))
    found, _total, _r, _c = aggregate(unit.pk, date_from, date_to, DAY, below)
    days = [date_from + timedelta(days=i) for i in range((date_to - date_from).days + 1)]
    return [(d, found.get(d, Figures())) for d in days]
