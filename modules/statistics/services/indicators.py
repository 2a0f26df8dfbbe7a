"""Decision 766/QĐ-TTg (2022) indicators of serving citizens and businesses, per unit and period, rolled up.

The indicator set is versioned data (modules/statistics/indicator_sets/*.json, each with its effective date): the
groups and their points, each indicator with its formula, its points where the appendix's figure is known, the
measure of ours that computes it (none: our data cannot measure it), and a note saying what is not known exactly.

The figures come from the same facts table and the same one GROUP BY as the reports (report.aggregate), so a
province's 500 units over a year are one query. A roll-up's ratios are ratios of the summed counts (a unit with many
dossiers weighs more), never averages of the units' ratios.

Never a made-up number: an indicator we cannot measure has no ratio and no score; one measured only in part (the
satisfaction rate without citizens' feedback) has its ratio and no score; one whose points are not known has its
ratio and no score. A group's score and the total are given only when every indicator in them is scored;
otherwise `scored_points` says how many of the points were scored and `scored` what they gave.
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from modules.statistics.services import report
from modules.statistics.services.report import Figures, ReportError

SETS_DIR = Path(__file__).resolve().parent.parent / "indicator_sets"
MONTH, QUARTER, YEAR = "month", "quarter", "year"
PERIODS = (MONTH, QUARTER, YEAR)


class Status(StrEnum):
    MEASURED = "measured"          # the appendix's formula over our data
    PARTIAL = "partial"            # part of the formula measurable (the note says which part is missing)
    NOT_MEASURED = "not_measured"  # our data cannot measure it


def _on_time(f: Figures):
    return f.resolved_early + f.resolved_on_time, f.resolved


def _satisfied(f: Figures):
    # Dossiers resolved in the period, less those resolved late and those rated 1-2 of 5 (the feedback the
    # formula also subtracts is not recorded in the system): our reading of a partial measure.
    unhappy = min(f.resolved, f.resolved_late + f.ratings_unsatisfied)
    return f.resolved - unhappy, f.resolved


MEASURES = {  # measure key -> (numerator, denominator) of the figures
    "on_time": _on_time,
    "digitised": lambda f: (f.received_digitised, f.received),
    "results_electronic": lambda f: (f.results_electronic, f.resolved),
    "reusing_data": lambda f: (f.received_reusing_data, f.received),
    "online": lambda f: (f.received_online, f.received),
    "online_payment": lambda f: (f.fees_paid_online, f.fees_paid),
    "satisfied_dossiers": _satisfied,
}


# The counters the measures read: the query sums these only (the in-progress stock, fees' and ratings' others not).
NEEDED = ("received_counter", "received_online", "received_post", "resolved_early", "resolved_on_time",
          "resolved_late", "received_digitised", "received_reusing_data", "results_electronic", "fees_paid",
          "fees_paid_online", "ratings_unsatisfied")


@cache
def indicator_sets() -> tuple[dict, ...]:
    """Every indicator set shipped, oldest first."""
    sets = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SETS_DIR.glob("*.json"))]
    for s in sets:
        s["effective_from"] = date.fromisoformat(s["effective_from"])
        if sum(g["points"] for g in s["groups"]) != s["total_points"]:
            raise ValueError(f"{s['code']}: the groups' points do not add up to {s['total_points']}")
        for g in s["groups"]:
            for i in g["indicators"]:
                if i["measure"] is not None and i["measure"] not in MEASURES:
                    raise ValueError(f"{s['code']}: unknown measure {i['measure']}")
    return tuple(sorted(sets, key=lambda s: s["effective_from"]))


def set_for(day: date) -> dict:
    """The indicator set in force on `day` (the latest that took effect by then)."""
    found = [s for s in indicator_sets() if s["effective_from"] <= day]
    if not found:
        raise ReportError("INVALID_ARGUMENT", _("Chưa có bộ chỉ số áp dụng vào ngày %(d)s.") % {
            "d": day.strftime("%d/%m/%Y")}, "year")
    return found[-1]


def period_bounds(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """First and last day of a month (number 1-12), a quarter (1-4) or a year (number ignored)."""
    if kind not in PERIODS:
        raise ReportError("INVALID_ARGUMENT", _("Kỳ phải là tháng, quý hoặc năm."), "period")
    if not 2000 <= year <= 2100:
        raise ReportError("INVALID_ARGUMENT", _("Năm không hợp lệ: %(y)s.") % {"y": year}, "year")
    if kind == YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    last = 12 if kind == MONTH else 4
    if not 1 <= number <= last:
        raise ReportError("INVALID_ARGUMENT", (_("Tháng phải từ 1 đến 12.") if kind == MONTH
                                               else _("Quý phải từ 1 đến 4.")), "number")
    first_month = number if kind == MONTH else 3 * number - 2
    first = date(year, first_month, 1)
    after_month = first_month + (1 if kind == MONTH else 3)
    after = date(year + 1, 1, 1) if after_month > 12 else date(year, after_month, 1)
    return first, after - timedelta(days=1)


def _points(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class IndicatorValue:
    code: str
    name: str
    points: Decimal | None
    formula: str
    note: str
    status: Status
    numerator: int | None = None
    denominator: int | None = None

    @property
    def ratio(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return round(self.numerator / self.denominator, 4)

    @property
    def percent(self) -> float | None:
        return None if self.ratio is None else round(self.ratio * 100, 2)

    @property
    def score(self) -> Decimal | None:
        """points × ratio, only for a measured indicator with known points and a denominator."""
        if self.status != Status.MEASURED or self.points is None or self.ratio is None:
            return None
        return _round(self.points * Decimal(self.numerator) / Decimal(self.denominator))


@dataclass
class GroupValue:
    code: str
    name: str
    points: Decimal
    source: str
    note: str
    indicators: list[IndicatorValue]

    @property
    def scored_points(self) -> Decimal:
        return sum((i.points for i in self.indicators if i.score is not None), Decimal(0))

    @property
    def scored(self) -> Decimal:
        return sum((i.score for i in self.indicators if i.score is not None), Decimal(0))

    @property
    def score(self) -> Decimal | None:
        """The group's score, only when its indicators' scored points make up all its points."""
        return self.scored if self.scored_points == self.points else None


@dataclass
class Scorecard:
    groups: list[GroupValue]
    total_points: Decimal

    @property
    def scored_points(self) -> Decimal:
        return sum((g.scored_points for g in self.groups), Decimal(0))

    @property
    def scored(self) -> Decimal:
        return sum((g.scored for g in self.groups), Decimal(0))

    @property
    def score(self) -> Decimal | None:
        return self.scored if self.scored_points == self.total_points else None


def scorecard(indicator_set: dict, figures: Figures) -> Scorecard:
    """The set's indicators over these figures."""
    groups = []
    for g in indicator_set["groups"]:
        values = []
        for i in g["indicators"]:
            value = IndicatorValue(i["code"], i["name"], _points(i["points"]), i["formula"], i["note"],
                                   Status.NOT_MEASURED)
            if i["measure"] is not None:
                value.status = Status.PARTIAL if i.get("partial") else Status.MEASURED
                value.numerator, value.denominator = MEASURES[i["measure"]](figures)
            values.append(value)
        groups.append(GroupValue(g["code"], g["name"], _points(g["points"]), g["source"], g["note"], values))
    return Scorecard(groups, _points(indicator_set["total_points"]))


@dataclass
class Row:
    key: str
    label: str
    card: Scorecard


@dataclass
class IndicatorReport:
    unit_code: str
    unit_name: str
    period: str
    date_from: date
    date_to: date
    set_code: str
    title: str
    decision: str
    scoring: str
    card: Scorecard
    units: int
    units_reporting: int
    rows: list[Row] = field(default_factory=list)


def _build(unit, kind: str, year: int, number: int, below: bool, group_by: str | None) -> IndicatorReport:
    date_from, date_to = period_bounds(kind, year, number)
    indicator_set = set_for(date_to)
    scope = report.scope_of(unit.pk, date_from, date_to, below)
    rows: list[Row] = []
    if group_by is None:
        _found, total = report.aggregate(scope, date_from, date_to, report.UNIT, NEEDED)
    else:
        found, total = report.aggregate(scope, date_from, date_to, group_by, NEEDED)
        units = report.units_below(unit, scope)
        keys = [u for u in units if group_by == report.UNIT or u.branch_id == u.pk]
        for u in keys:
            label = u.name if not (group_by == report.CHILD and u.pk == unit.pk) else \
                _("%(name)s (hồ sơ của chính đơn vị)") % {"name": u.name}
            rows.append(Row(u.code, label, scorecard(indicator_set, found.get(u.pk, Figures()))))
    return IndicatorReport(unit.code, unit.name, kind, date_from, date_to, indicator_set["code"],
                           indicator_set["title"], indicator_set["decision"], indicator_set["scoring"],
                           scorecard(indicator_set, total), len(scope.ids), scope.reporting, rows)


def unit_indicators(unit, kind: str, year: int, number: int = 1) -> IndicatorReport:
    """The unit's own indicators over a month, a quarter or a year."""
    return _build(unit, kind, year, number, below=False, group_by=None)


def rollup_indicators(unit, kind: str, year: int, number: int = 1, group_by: str = report.CHILD) -> IndicatorReport:
    """The unit and every unit below it (the province: the whole tree), with a row per unit below (CHILD: each
    with its own subtree) or per unit of the tree (UNIT)."""
    if group_by not in (report.CHILD, report.UNIT):
        raise ReportError("INVALID_ARGUMENT", _("Không nhóm theo %(g)s được.") % {"g": group_by}, "groupBy")
    return _build(unit, kind, year, number, below=True, group_by=group_by)
