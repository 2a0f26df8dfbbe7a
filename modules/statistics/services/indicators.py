"""Decision 766/QĐ-TTg (2022) indicators of serving citizens and businesses, per unit and period, rolled up.

The indicator set is versioned data (modules/statistics/indicator_sets/*.json, each with its effective date): the
groups and their points, each indicator with its formula, its maximum points (`points`: the maxima the national public
service portal publishes with its 766 dashboard, not checked against the decision's appendix, which we do not have;
0: tracked, never scored; the set's `points_source` says so), its threshold of full points where one is given
(`full_at`), the measure of ours that computes it (none: our data cannot measure it), its id in the portal's
description of its 766 dashboard ("Mô tả công thức tính chỉ số 766", where the formulas and thresholds come from),
and a note saying what is not known exactly. The loader checks that the groups add up to the total and, where every
indicator's points are known, the indicators to their group's points.

The figures come from the same facts table and the same one GROUP BY as the reports (report.aggregate), so a
province's 500 units over a year are one query; the units' procedures (indicators 3.1, 3.5b) come with the small query
that finds the units (report.scope_of), and each unit's distinct procedures paid online (3.5b) from a second pass over
the period's facts restricted to the rows with a dossier paid online (report.procedures_paid_online). A roll-up's ratios are ratios of the summed counts (a unit with many dossiers
weighs more), never averages of the units' ratios.

Scoring: with a threshold, full points when the ratio reaches it, below it ratio × points / threshold; without one,
ratio × points (never more than the points). A denominator of 0 gives no ratio and no score (N/A).

Never a made-up number: an indicator we cannot measure has no ratio and no score; one measured only in part (the
satisfaction rate without citizens' feedback) has its ratio and no score; one whose points are not known, or are 0
(tracked only), has its ratio and no score. A group's score and the total are given only when every indicator in
them with points is scored; otherwise `scored_points` says how many of the points were scored and `scored` what they
gave.

Recorded values: an indicator measured outside the system (or here only in part) is `recordable`; a unit records its
monthly numerator and denominator with their source (services/recorded.py). When every month of the period has one
for every unit covered, the indicator is scored from their sums (status RECORDED, with its sources), as a measured
one; otherwise it stays as it is. The recorded values come with one GROUP BY more (unit, indicator), whatever their
number.
"""

import json
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from modules.statistics.services import recorded, report
from modules.statistics.services.report import Figures, ReportError

SETS_DIR = Path(__file__).resolve().parent.parent / "indicator_sets"
MONTH, QUARTER, YEAR = "month", "quarter", "year"
PERIODS = (MONTH, QUARTER, YEAR)


class Status(StrEnum):
    MEASURED = "measured"          # the formula over our data
    PARTIAL = "partial"            # part of the formula measurable (the note says which part is missing)
    NOT_MEASURED = "not_measured"  # our data cannot measure it
    RECORDED = "recorded"          # measured outside the system, recorded by the unit for every month (recorded.py)


@dataclass
class IndicatorFigures(Figures):
    """The facts' figures and the units' procedures on their last computed day of the period (those offering an
    online service, those with a fee), and their distinct procedures with a dossier paid online in the period."""

    procedures: int = 0
    procedures_online: int = 0
    procedures_with_fee: int = 0
    procedures_paid_online: int = 0


def _on_time(f: Figures):
    # Ended in the period (result, refusal, stop, withdrawal) by the due time, and in progress at the end not overdue
    # (the period's end taken as their end); a second supplement request makes a dossier late.
    ended = f.resolved + f.returned + f.withdrawn + f.stopped
    return f.ended_on_time_766 + f.in_progress_on_time_766, ended + f.in_progress


def _satisfied(f: Figures):
    # 100 % − (share resolved late + share rated 1-2 of 5), both over the dossiers resolved in the period (the
    # feedback the formula also subtracts is not recorded in the system): our reading of a partial measure.
    unhappy = min(f.resolved, f.resolved_late + f.ratings_unsatisfied)
    return f.resolved - unhappy, f.resolved


MEASURES = {  # measure key -> (numerator, denominator) of the figures
    "synced": lambda f: (f.received_synced, f.received),
    "on_time": _on_time,
    "results_electronic": lambda f: (f.results_electronic, max(f.resolved - f.results_exempt, 0)),
    "digitised": lambda f: (f.resolved_digitised, f.resolved),
    "reusing_data": lambda f: (f.received_reusing_data, f.received),
    "population": lambda f: (f.received_population, f.received),
    "procedures_online": lambda f: (getattr(f, "procedures_online", 0), getattr(f, "procedures", 0)),
    "online": lambda f: (f.received_online, f.received),
    "full_online": lambda f: (f.received_online_full_service, f.received_full_service),
    "counter": lambda f: (f.received_counter, f.received),
    "post": lambda f: (f.received_post, f.received),
    "online_payment": lambda f: (f.dossiers_paid_online, f.received_with_fee),
    "procedures_paid_online": lambda f: (getattr(f, "procedures_paid_online", 0), getattr(f, "procedures_with_fee", 0)),
    "satisfied_dossiers": _satisfied,
}


# The counters the measures read: the query sums these only (the reports' others not).
NEEDED = ("received_counter", "received_online", "received_post", "resolved_early", "resolved_on_time",
          "resolved_late", "in_progress_on_time", "in_progress_overdue", "returned", "withdrawn", "stopped",
          "received_reusing_data", "results_electronic", "ratings_unsatisfied", "received_synced",
          "received_population", "received_with_fee", "dossiers_paid_online", "ended_on_time_766",
          "in_progress_on_time_766", "resolved_digitised", "results_exempt", "received_full_service",
          "received_online_full_service")


@cache
def indicator_sets() -> tuple[dict, ...]:
    """Every indicator set shipped, oldest first."""
    sets = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SETS_DIR.glob("*.json"))]
    for s in sets:
        s["effective_from"] = date.fromisoformat(s["effective_from"])
        if sum(g["points"] for g in s["groups"]) != s["total_points"]:
            raise ValueError(f"{s['code']}: the groups' points do not add up to {s['total_points']}")
        for g in s["groups"]:
            _check_points(s["code"], g)
            for i in g["indicators"]:
                if i["measure"] is not None and i["measure"] not in MEASURES:
                    raise ValueError(f"{s['code']}: unknown measure {i['measure']}")
                if i.get("recordable") and i["measure"] is not None and not i.get("partial"):
                    raise ValueError(f"{s['code']}: {i['code']} is measured: it cannot be recordable")
                if i.get("full_at") is not None and not 0 < i["full_at"] <= 1:
                    raise ValueError(f"{s['code']}: {i['code']}'s full_at must be above 0 and at most 1")
    return tuple(sorted(sets, key=lambda s: s["effective_from"]))


def _check_points(code: str, group: dict) -> None:
    """An indicator's points are at least 0; where every indicator's points are known they add up to the group's, and
    the known ones never exceed them."""
    known = [i["points"] for i in group["indicators"] if i["points"] is not None]
    if any(p < 0 for p in known):
        raise ValueError(f"{code}: {group['code']} has an indicator with points below 0")
    total = sum(Decimal(str(p)) for p in known)
    if len(known) == len(group["indicators"]) and total != Decimal(str(group["points"])):
        raise ValueError(f"{code}: the indicators of {group['code']} add up to {total}, not {group['points']}")
    if total > Decimal(str(group["points"])):
        raise ValueError(f"{code}: the known indicators of {group['code']} add up to more than {group['points']}")


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
    full_at: Decimal | None = None  # the ratio that gives full points (None: points × ratio)
    description_id: str = ""        # the indicator's id in the portal's description of its 766 dashboard
    recordable: bool = False        # may be recorded from outside the system (services/recorded.py)
    sources: list[str] = field(default_factory=list)  # RECORDED: where the recorded values come from

    @property
    def ratio(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return round(self.numerator / self.denominator, 4)

    @property
    def percent(self) -> float | None:
        return None if self.ratio is None else round(self.ratio * 100, 2)

    @property
    def full_at_percent(self) -> Decimal | None:
        if self.full_at is None:
            return None
        value = self.full_at * 100
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()

    @property
    def score(self) -> Decimal | None:
        """Only for a measured (or recorded) indicator with known points above 0 and a denominator: with a
        threshold, the points when the ratio reaches it, else points × ratio / threshold; without one, points × ratio
        (at most the points). An indicator of 0 points is tracked, never scored."""
        if self.status not in (Status.MEASURED, Status.RECORDED) or not self.points or self.ratio is None:
            return None
        share = min(Decimal(self.numerator) / Decimal(self.denominator), Decimal(1))
        if self.full_at is not None:
            return _round(self.points if share >= self.full_at else self.points * share / self.full_at)
        return _round(self.points * share)


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


def scorecard(indicator_set: dict, figures: Figures,
              kept: dict[str, recorded.Recorded] | None = None) -> Scorecard:
    """The set's indicators over these figures; a recordable indicator recorded for the whole period (`values`,
    recorded.complete) is scored from its recorded values instead."""
    kept = kept or {}
    groups = []
    for g in indicator_set["groups"]:
        values = []
        for i in g["indicators"]:
            value = IndicatorValue(i["code"], i["name"], _points(i["points"]), i["formula"], i["note"],
                                   Status.NOT_MEASURED, full_at=_points(i.get("full_at")),
                                   description_id=i.get("description_id", ""),
                                   recordable=bool(i.get("recordable")))
            if value.recordable and i["code"] in kept:
                found = kept[i["code"]]
                value.status, value.numerator, value.denominator = Status.RECORDED, found.numerator, found.denominator
                value.sources = sorted(found.sources)
            elif i["measure"] is not None:
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
    formula_source: str
    points_source: str
    card: Scorecard
    units: int
    units_reporting: int
    rows: list[Row] = field(default_factory=list)
    months: int = 0  # the months of the period: a recorded indicator needs a value for each (and each unit)


def _build(unit, kind: str, year: int, number: int, below: bool, group_by: str | None) -> IndicatorReport:
    date_from, date_to = period_bounds(kind, year, number)
    indicator_set = set_for(date_to)
    scope = report.scope_of(unit.pk, date_from, date_to, below)
    rows: list[Row] = []
    paid = report.procedures_paid_online(scope, date_from, date_to)
    kept = recorded.totals(scope.ids, date_from, date_to)  # one GROUP BY, as the facts
    if group_by is None:
        _found, total = report.aggregate(scope, date_from, date_to, report.UNIT, NEEDED)
    else:
        found, total = report.aggregate(scope, date_from, date_to, group_by, NEEDED)
        offered = _procedures_by(scope, group_by, paid)
        units = report.units_below(unit, scope)
        keys = [u for u in units if group_by == report.UNIT or u.branch_id == u.pk]
        members: dict[int, list[int]] = {}  # each row's units (a branch: its subtree)
        for unit_id, branch in zip(scope.ids, scope.branches, strict=True):
            members.setdefault(unit_id if group_by == report.UNIT else branch, []).append(unit_id)
        for u in keys:
            label = u.name if not (group_by == report.CHILD and u.pk == unit.pk) else \
                _("%(name)s (hồ sơ của chính đơn vị)") % {"name": u.name}
            figures = _with_procedures(found.get(u.pk, Figures()), *offered.get(u.pk, (0, 0, 0, 0)))
            rows.append(Row(u.code, label, scorecard(indicator_set, figures,
                                                     recorded.complete(kept, members.get(u.pk, ())))))
    total = _with_procedures(total, sum(scope.procedures), sum(scope.procedures_online),
                             sum(scope.procedures_with_fee), sum(paid.values()))
    return IndicatorReport(unit.code, unit.name, kind, date_from, date_to, indicator_set["code"],
                           indicator_set["title"], indicator_set["decision"], indicator_set["scoring"],
                           indicator_set.get("formula_source", ""), indicator_set.get("points_source", ""),
                           scorecard(indicator_set, total, recorded.complete(kept, scope.ids)),
                           len(scope.ids), scope.reporting, rows, kept.months)


def _procedures_by(scope: report.Scope, group_by: str, paid: dict[int, int]) -> dict[int, tuple[int, int, int, int]]:
    """{unit or branch id: (procedures, offering an online service, with a fee, paid online)}: the first three on each
    unit's last computed day, the last over the period (`paid`, per unit); a branch sums its units'."""
    out: dict[int, tuple[int, int, int, int]] = {}
    for unit_id, branch, count, online, with_fee in zip(scope.ids, scope.branches, scope.procedures,
                                                        scope.procedures_online, scope.procedures_with_fee,
                                                        strict=True):
        key = unit_id if group_by == report.UNIT else branch
        before = out.get(key, (0, 0, 0, 0))
        out[key] = (before[0] + count, before[1] + online, before[2] + with_fee, before[3] + paid.get(unit_id, 0))
    return out


def _with_procedures(figures: Figures, procedures: int, online: int, with_fee: int = 0,
                     paid_online: int = 0) -> IndicatorFigures:
    return IndicatorFigures(**asdict(figures), procedures=procedures, procedures_online=online,
                            procedures_with_fee=with_fee, procedures_paid_online=paid_online)


def unit_indicators(unit, kind: str, year: int, number: int = 1) -> IndicatorReport:
    """The unit's own indicators over a month, a quarter or a year."""
    return _build(unit, kind, year, number, below=False, group_by=None)


def rollup_indicators(unit, kind: str, year: int, number: int = 1, group_by: str = report.CHILD) -> IndicatorReport:
    """The unit and every unit below it (the province: the whole tree), with a row per unit below (CHILD: each
    with its own subtree) or per unit of the tree (UNIT)."""
    if group_by not in (report.CHILD, report.UNIT):
        raise ReportError("INVALID_ARGUMENT", _("Không nhóm theo %(g)s được.") % {"g": group_by}, "groupBy")
    return _build(unit, kind, year, number, below=True, group_by=group_by)
