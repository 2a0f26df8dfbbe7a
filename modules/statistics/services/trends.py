"""Trends across an administrative reorganisation: a unit's figures with its predecessors' history attributed to it.

The ended units' facts stay as they were (their rows in the facts table are never rewritten after they end). A
successor's trend adds, for each day, its own facts and each predecessor's facts times the part the mapping gives
it (tenants.models.UnitSuccession):

- full: all of the predecessor's figures;
- partial: the succession's `share` (0-1) of them; a partial succession without a share gets an equal part of what
  the predecessor's other partial successions leave (1 minus their shares).

Predecessors of predecessors count too, their weights multiplied. Weighted figures are exact decimals, never
rounded, so the successors' trends of a period add up to the old units' totals (when the shares of each split unit
add up to 1, which the plan's validation checks).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from modules.statistics.models import COUNTERS, DailyFact
from tenants.models import SuccessionKind, Unit
from tenants.services.forwarding import predecessors_of, successions_of

ONE = Decimal(1)
_MAX_DEPTH = 10


def _weight(succession) -> Decimal:
    if succession.kind == SuccessionKind.FULL:
        return ONE
    if succession.share is not None:
        return Decimal(succession.share)
    siblings = [s for s in successions_of(succession.predecessor) if s.kind == SuccessionKind.PARTIAL]
    given = sum((Decimal(s.share) for s in siblings if s.share is not None), Decimal(0))
    missing = sum(1 for s in siblings if s.share is None) or 1
    return max(ONE - given, Decimal(0)) / missing


def attribution(unit: Unit) -> dict[int, Decimal]:
    """{unit id: weight} of the unit itself (1) and every unit whose history it carries on, at any depth."""
    weights: dict[int, Decimal] = defaultdict(Decimal)
    weights[unit.pk] = ONE

    def walk(current: Unit, factor: Decimal, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        for succession in predecessors_of(current):
            weight = factor * _weight(succession)
            weights[succession.predecessor_id] += weight
            walk(succession.predecessor, weight, depth + 1)

    walk(unit, ONE, 0)
    return dict(weights)


@dataclass
class TrendDay:
    day: date
    figures: dict[str, Decimal] = field(default_factory=dict)  # counter -> weighted sum (COUNTERS)
    inherited: dict[str, Decimal] = field(default_factory=dict)  # of which from predecessors

    def total(self, *counters: str) -> Decimal:
        return sum((self.figures.get(c, Decimal(0)) for c in counters), Decimal(0))


def trend(unit: Unit, first: date, last: date) -> list[TrendDay]:
    """The unit's figures for each day from `first` to `last` (days with no facts anywhere left out), its
    predecessors' history attributed by the mapping."""
    weights = attribution(unit)
    rows = (DailyFact.objects.filter(unit_id__in=list(weights), day__gte=first, day__lte=last)
            .values("day", "unit_id").annotate(**{c: Sum(c) for c in COUNTERS}).order_by("day", "unit_id"))
    days: dict[date, TrendDay] = {}
    for row in rows:
        point = days.setdefault(row["day"], TrendDay(row["day"], dict.fromkeys(COUNTERS, Decimal(0)),
                                                     dict.fromkeys(COUNTERS, Decimal(0))))
        weight = weights[row["unit_id"]]
        for counter in COUNTERS:
            value = Decimal(row[counter] or 0) * weight
            point.figures[counter] += value
            if row["unit_id"] != unit.pk:
                point.inherited[counter] += value
    return [days[d] for d in sorted(days)]


def totals(points: list[TrendDay], counters=COUNTERS) -> dict[str, Decimal]:
    """The flows of a trend summed over its days (a stock such as in_progress is not a sum: read one day)."""
    return {c: sum((p.figures[c] for p in points), Decimal(0)) for c in counters}


__all__ = ["TrendDay", "attribution", "totals", "trend"]
