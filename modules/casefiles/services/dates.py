"""The dates the law puts on a file: its transfer deadline and the end of its retention period.

The transfer rule is versioned data: the rule in force on the day the work ended applies, so the next law is one
more row here, not a rewrite.
- Law on Archives 01/2011/QH13 (from 1 July 2012): within one year from the DAY the work ended.
- Law on Archives 33/2024/QH15 (from 1 July 2025): at most one year counted from the YEAR the work ended, read as
  "by 31 December of the following year".
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TransferRule:
    valid_from: date
    basis: str
    years: int
    from_year: bool  # True: counted from the year the work ended (to 31 December); False: from the day


TRANSFER_RULES = (
    TransferRule(date(2012, 7, 1), "Luật Lưu trữ 01/2011/QH13", 1, from_year=False),
    TransferRule(date(2025, 7, 1), "Luật Lưu trữ 33/2024/QH15", 1, from_year=True),
)


def years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def transfer_rule(work_ended_on: date) -> TransferRule:
    in_force = [r for r in TRANSFER_RULES if r.valid_from <= work_ended_on]
    return in_force[-1] if in_force else TRANSFER_RULES[0]


def transfer_due_on(work_ended_on: date) -> date:
    """The last day a file whose work ended on `work_ended_on` may reach the unit's current archive."""
    rule = transfer_rule(work_ended_on)
    if rule.from_year:
        return date(work_ended_on.year + rule.years, 12, 31)
    return years_after(work_ended_on, rule.years)


def retention_ends_on(work_ended_on: date | None, retention_years: int | None) -> date | None:
    """The day a file's retention period runs out, counted from the end of the work; None for a permanent file
    (vĩnh viễn) or one still open."""
    if work_ended_on is None or retention_years is None:
        return None
    return years_after(work_ended_on, retention_years)
