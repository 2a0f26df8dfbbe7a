"""The intake rules as data (models IntakeRule and CodeFormat), read on the receipt day: which cut-off hour a
procedure's channel has, whether the unit counts its days in another kind than the catalogue states, and the dossier
code's format.

Decree 118/2025/NĐ-CP has no general 15:00 cut-off: a procedure (or the unit, by a rule for all its procedures) sets
its own, and these rules are the only cut-off there is. Where none is in force, a dossier received in office hours
counts from then and one received after them or on a day off from the next working day's opening; its time counts in
the kind the catalogue states.
"""

from dataclasses import dataclass
from datetime import date, time

from modules.onestop.models import CodeFormat, IntakeRule


@dataclass(frozen=True)
class ClockRule:
    cutoff: time | None = None          # None: no cut-off (only office hours and days off move the start)
    day_kind: str = ""                  # "": as the catalogue states; DayKind.WORKING or CALENDAR: the unit's reading


NO_RULE = ClockRule()


def clock_rule(procedure_code: str, channel: str, day: date) -> ClockRule:
    """The most specific rule in force on `day`: procedure and channel, procedure, channel, then the whole unit; the
    latest of them when several are in force."""
    rules = IntakeRule.objects.filter(procedure_code__in=[procedure_code, ""], channel__in=[channel, ""],
                                      effective_from__lte=day)
    best = max(rules, key=lambda r: (bool(r.procedure_code), bool(r.channel), r.effective_from), default=None)
    if best is None:
        return NO_RULE
    return ClockRule(cutoff=best.cutoff, day_kind=best.day_kind)


def code_pattern(day: date) -> str:
    """The code format in force on `day` (the 2018 format when the unit set none)."""
    chosen = CodeFormat.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    return chosen.pattern if chosen else CodeFormat.DEFAULT
