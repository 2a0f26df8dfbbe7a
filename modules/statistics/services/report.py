"""Reports over the facts table: one unit's own figures, or a unit and every unit below it rolled up.

Either way the facts are read by one SQL statement grouping the period's rows by the chosen key, over the units a
small query found first (scope_of: a recursive CTE over tenants_unit.parent for a roll-up, with each unit's last
computed day of the period, where the in-progress stock is read). The units go to the big statement as arrays, so
PostgreSQL may scan the facts table in parallel (a CTE in the same statement would prevent it).

Flows (received, resolved, returned, withdrawn, stopped, fees, ratings) are summed over the days of the period. The dossiers
in progress are a stock: the period shows each unit's figure at the end of its last computed day in the period;
grouped by day, each row shows that day's.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ServiceError
from modules.catalogue.services import procedure_names, sector_names
from modules.statistics.models import COUNTERS, SNAPSHOT_COUNTERS
from tenants.services import below_cte, descendants

SECTOR, PROCEDURE, DAY, UNIT, CHILD = "sector", "procedure", "day", "unit", "child"
UNIT_GROUPS = (SECTOR, PROCEDURE, DAY)           # a unit's own report
ROLLUP_GROUPS = (CHILD, UNIT, SECTOR, PROCEDURE, DAY)  # a roll-up also by unit
GROUP_LABELS = {
    SECTOR: gettext_lazy("Lĩnh vực"), PROCEDURE: gettext_lazy("Thủ tục"), DAY: gettext_lazy("Ngày"),
    UNIT: gettext_lazy("Đơn vị"), CHILD: gettext_lazy("Đơn vị trực thuộc"),
}
MAX_DAYS = 1830       # five years
MAX_DAYS_BY_DAY = 366  # one row per day: at most a year


class ReportCode(StrEnum):
    INVALID_ARGUMENT = "INVALID_ARGUMENT"


class ReportError(ServiceError, ValueError):
    codes = ReportCode


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
    stopped: int = 0
    received_for_others: int = 0
    fees_paid: int = 0
    fees_paid_online: int = 0
    ratings: int = 0
    rating_points: int = 0
    received_digitised: int = 0
    received_reusing_data: int = 0
    results_electronic: int = 0
    ratings_unsatisfied: int = 0
    received_synced: int = 0
    received_population: int = 0
    received_with_fee: int = 0
    dossiers_paid_online: int = 0
    ended_on_time_766: int = 0
    in_progress_on_time_766: int = 0
    resolved_digitised: int = 0
    results_exempt: int = 0
    received_full_service: int = 0
    received_online_full_service: int = 0

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
_TREE_BELOW = below_cte("tree", "root")  # the unit tree's one recursive walk (tenants.services)
_SCOPE = """WITH RECURSIVE {tree}
SELECT t.id, t.branch, last.day, last.computed_at, last.procedures, last.procedures_online, last.procedures_with_fee
FROM tree t
LEFT JOIN LATERAL (
  SELECT d.day, d.computed_at, d.procedures, d.procedures_online, d.procedures_with_fee FROM statistics_factsday d
  WHERE d.unit_id = t.id AND d.day BETWEEN %(from)s AND %(to)s ORDER BY d.day DESC LIMIT 1
) last ON true"""
_KEYS = {SECTOR: "f.sector_id", PROCEDURE: "f.procedure_code", DAY: "f.day", UNIT: "f.unit_id", CHILD: "u.branch"}
FLOWS = tuple(c for c in COUNTERS if c not in SNAPSHOT_COUNTERS)


@dataclass
class Scope:
    """The units a report covers (the root first), each with the branch below the root it belongs to and its last
    computed day in the period (None: nothing computed), where its in-progress stock is read."""

    ids: list[int]
    branches: list[int]
    last_days: list[date | None]
    computed_at: datetime | None  # the oldest of the units' latest computations
    # Each unit's procedures, and those offering an online service, on its last computed day (0 when none).
    procedures: list[int] = field(default_factory=list)
    procedures_online: list[int] = field(default_factory=list)
    procedures_with_fee: list[int] = field(default_factory=list)  # ... and those with a fee above 0

    @property
    def reporting(self) -> int:
        return sum(1 for d in self.last_days if d is not None)


def scope_of(root_id: int, date_from: date, date_to: date, below: bool) -> Scope:
    """One small query: the unit (and with `below` every unit under it, by a recursive CTE over
    tenants_unit.parent_id) and each unit's last computed day of the period."""
    with connection.cursor() as cur:
        cur.execute(_SCOPE.format(tree=_TREE_BELOW if below else _TREE_ONE),
                    {"root": root_id, "from": date_from, "to": date_to})
        found = sorted(cur.fetchall(), key=lambda r: r[0] != root_id)
    times = [r[3] for r in found if r[3] is not None]
    return Scope([r[0] for r in found], [r[1] for r in found], [r[2] for r in found], min(times) if times else None,
                 [r[4] or 0 for r in found], [r[5] or 0 for r in found], [r[6] or 0 for r in found])


def _sql(key: str, counters: tuple[str, ...]) -> str:
    # A stock: each unit's figure on its last computed day; grouped by day, also each day's own (the row's figure).
    by_day = key == _KEYS[DAY]
    flows = [f"SUM(f.{c})" for c in counters if c not in SNAPSHOT_COUNTERS]
    stocks = [f"SUM(f.{c}) FILTER (WHERE f.day = u.last_day)" + (f", SUM(f.{c})" if by_day else "")
              for c in counters if c in SNAPSHOT_COUNTERS]
    columns = ",\n  ".join(flows + stocks)
    return f"""SELECT {key} AS key,
  {columns}
FROM statistics_dailyfact f
JOIN unnest(%(ids)s::bigint[], %(branches)s::bigint[], %(last_days)s::date[]) AS u(id, branch, last_day)
  ON u.id = f.unit_id
WHERE f.day BETWEEN %(from)s AND %(to)s
GROUP BY {key}"""


def aggregate(scope: Scope, date_from: date, date_to: date, group_by: str,
              counters: tuple[str, ...] = COUNTERS) -> tuple[dict, Figures]:
    """The one query over the facts table: {key: Figures} of the period grouped by `group_by`, and the total.

    Flows are summed over the period. The in-progress stock of a row is the sum of each unit's figure on its last
    computed day (by DAY: the row's own day); the total's is always the former, so it adds up from the rows."""
    wanted = [c for c in COUNTERS if c in counters]
    with connection.cursor() as cur:
        cur.execute(_sql(_KEYS[group_by], tuple(wanted)), {
            "ids": scope.ids, "branches": scope.branches, "last_days": scope.last_days,
            "from": date_from, "to": date_to})
        result = cur.fetchall()
    flows = [c for c in wanted if c not in SNAPSHOT_COUNTERS]
    stocks = [c for c in wanted if c in SNAPSHOT_COUNTERS]
    step = 2 if group_by == DAY else 1  # by day, each stock comes with the day's own figure
    rows, total = {}, dict.fromkeys(wanted, 0)
    for record in result:
        key, values = record[0], [int(v or 0) for v in record[1:]]
        figures = dict(zip(flows, values, strict=False))
        for i, name in enumerate(stocks):
            at_end = values[len(flows) + step * i]
            figures[name] = values[len(flows) + step * i + 1] if group_by == DAY else at_end
            total[name] += at_end
        for name in flows:
            total[name] += figures[name]
        rows[key] = Figures(**figures)
    return rows, Figures(**total)


# Grouped by unit and procedure first, then counted (hashed, not sorted as COUNT(DISTINCT) is); the partial index
# statistics_fact_paid_online holds only the rows with a dossier paid online.
_PAID_ONLINE = """SELECT p.unit_id, COUNT(*) FROM (
  SELECT f.unit_id, f.procedure_code FROM statistics_dailyfact f
  WHERE f.unit_id = ANY(%(ids)s::bigint[]) AND f.day BETWEEN %(from)s AND %(to)s AND f.dossiers_paid_online > 0
  GROUP BY f.unit_id, f.procedure_code) p
GROUP BY p.unit_id"""


def procedures_paid_online(scope: Scope, date_from: date, date_to: date) -> dict[int, int]:
    """{unit id: its distinct procedures with at least one dossier paid online in the period} (units with none left
    out). A second, smaller pass over the period's facts: a distinct count does not add up from the days."""
    with connection.cursor() as cur:
        cur.execute(_PAID_ONLINE, {"ids": scope.ids, "from": date_from, "to": date_to})
        return dict(cur.fetchall())


def units_below(unit, scope: Scope | None = None) -> list:
    """The unit and every unit below it (tenants.models.Unit.parent), depth first: each unit followed by the units
    below it, siblings by code."""
    from tenants.models import Unit

    if scope is None:
        return descendants(unit, include_self=True)
    branch_of = dict(zip(scope.ids, scope.branches, strict=True))
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
        names = sector_names(keys)
        return {k: (str(k) if k is not None else "", names.get(k) or _("Chưa xác định lĩnh vực")) for k in keys}
    if group_by == PROCEDURE:
        names = procedure_names(keys)
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
    scope = scope_of(unit.pk, date_from, date_to, below)
    units = units_below(unit, scope) if below else [unit]
    found, total = aggregate(scope, date_from, date_to, group_by)
    if group_by in (UNIT, CHILD):
        keys = [u.pk for u in units if group_by == UNIT or u.branch_id == u.pk]  # every unit shows, also at zero
    elif group_by == DAY:
        keys = [date_from + timedelta(days=i) for i in range((date_to - date_from).days + 1)]
    else:
        keys = sorted(found, key=lambda k: (k is None, str(k)))
    labels = _labels(group_by, keys, unit, units)
    rows = [Row(labels[k][0], labels[k][1], found.get(k, Figures())) for k in keys]
    return Report(unit.code, unit.name, date_from, date_to, group_by, below, _order(group_by, rows), total,
                  len(scope.ids), scope.reporting, scope.computed_at)


def unit_report(unit, date_from: date, date_to: date, group_by: str = SECTOR) -> Report:
    """The unit's own figures (never another unit's), grouped by sector, procedure or day."""
    check_period(date_from, date_to, group_by, UNIT_GROUPS)
    return _build(unit, date_from, date_to, group_by, below=False)


def rollup_report(unit, date_from: date, date_to: date, group_by: str = CHILD) -> Report:
    """The unit and every unit below it, summed: by unit below (CHILD: each with its own subtree), by each unit of
    the tree (UNIT), by sector, procedure or day."""
    check_period(date_from, date_to, group_by, ROLLUP_GROUPS)
    return _build(unit, date_from, date_to, group_by, below=True)


RECEIVED = ("received_counter", "received_online", "received_post")


def daily_received(unit, date_from: date, date_to: date, below: bool) -> list[tuple[date, Figures]]:
    """Each day of the period with the dossiers received (for the trend chart), over at most its last
    MAX_DAYS_BY_DAY days."""
    date_from = max(date_from, date_to - timedelta(days=MAX_DAYS_BY_DAY - 1))
    found, _total = aggregate(scope_of(unit.pk, date_from, date_to, below), date_from, date_to, DAY, RECEIVED)
    days = [date_from + timedelta(days=i) for i in range((date_to - date_from).days + 1)]
    return [(d, found.get(d, Figures())) for d in days]
