"""A unit's daily facts: counted from its own dossiers, fees and ratings, written to the shared facts table.

Runs in the unit's schema (a unit task, or `egov statistics refresh`): it reads only the current unit's tables and
writes only the current unit's rows of the public facts table.

What a day's row of a procedure counts (all days are Vietnam calendar days, 00:00 to 24:00):

- received_*: dossiers received that day, by channel. A dossier transferred from another unit (liên thông) is counted
  once for the citizen, at the unit that first received it (`origin_unit_code` is this unit), never at the units it
  was sent to (`transferred_from` set there).
  A citizen's own online submission still waiting for its applicant to confirm the phone or e-mail is not
  received: it counts, here and everywhere below, from the day it is confirmed, and never if the confirmation expires
  (modules.onestop.services.unconfirmed).
- resolved_*: dossiers whose result was made that day (`completed_at`), early / on time / late against the
  appointment, as the one-stop module classifies them (modules.onestop.services.deadlines.status_of).
- returned: dossiers refused and handed back to the applicant that day (trả lại, từ chối giải quyết).
- withdrawn: dossiers the applicant withdrew that day.
- stopped: dossiers whose processing the agency stopped that day (Circular 03/2025/TT-VPCP form 05).
- received_for_others: dossiers this unit received that day for another unit of the province to decide (receipt
  regardless of administrative boundary); they are counted, received and resolved, at that unit only.
- in_progress_*: dossiers received and not finished at the end of the day (now, for today), on time or overdue
  (a paused clock is read where it stopped). A stock: the report reads it on the last day of a period.
- fees_paid, fees_paid_online: fees paid that day, and those of them paid through an online gateway.
- ratings, rating_points: satisfaction ratings (1 to 5) given that day, and the sum of their scores;
  ratings_unsatisfied: those of 1 or 2.
- received_digitised, received_reusing_data: of the dossiers received that day, those filed online or with every
  paper component scanned, exempt or taken from a shared database, and those with a component taken from one.
- results_electronic: of the dossiers resolved that day, those whose result was issued electronically.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.calendar.status import DeadlineStatus, classify
from core.errors import ServiceError
from modules.catalogue.services import procedure_sectors
from modules.onestop.services import deadlines, reads
from modules.onestop.services.reads import Channel, Status
from modules.payments.services import fees_paid_between
from modules.statistics.models import COUNTERS, DailyFact, FactsDay
from modules.tracking.services import ratings_between
from tenants.services import platform_atomic, platform_connection

UNSATISFIED_AT_MOST = 2  # of 5: "không hài lòng" (Decision 766/QĐ-TTg's satisfaction rate; our reading)
_LOCK_NAMESPACE = 7_453_001  # pg_advisory_xact_lock(namespace, unit id): one refresh of a unit at a time
_RECEIVED = {Channel.COUNTER: "received_counter", Channel.ONLINE: "received_online", Channel.POST: "received_post"}
_RESOLVED = {DeadlineStatus.EARLY: "resolved_early", DeadlineStatus.ON_TIME: "resolved_on_time",
             DeadlineStatus.LATE: "resolved_late"}
_CLOSED_UNRESOLVED = {Status.REFUSED: "returned", Status.WITHDRAWN: "withdrawn", Status.STOPPED: "stopped"}


class FactsCode(StrEnum):
    CANNOT_REFRESH = "CANNOT_REFRESH"


class FactsError(ServiceError, ValueError):
    """A refresh that cannot be done (a day in the future, no unit schema)."""

    codes = FactsCode

    def __init__(self, message: str):
        super().__init__(FactsCode.CANNOT_REFRESH, message)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def today() -> date:
    return timezone.localtime(timezone.now(), local_zone()).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a calendar day in Vietnam time."""
    zone = local_zone()
    return datetime.combine(day, time.min, zone), datetime.combine(day + timedelta(days=1), time.min, zone)


def _open_status(dossier, at: datetime) -> DeadlineStatus:
    """On time or overdue at `at`, the clock read where it stopped when it was paused before then."""
    deadline = deadlines.load(dossier)
    now = at
    if deadline.paused_at is not None and deadline.paused_at < at:
        now = deadline.paused_at
    return classify(deadline.due_at, now=now)


def count_day(day: date, now: datetime | None = None) -> dict[str, dict[str, int]]:
    """{procedure code: {counter: value}} of the current unit for one day; procedures with nothing are left out."""
    now = now or timezone.now()
    start, end = day_bounds(day)
    as_of = min(end, now)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    # The dossiers this unit counts: those it received itself, not those other units transferred to it.
    own = connection.tenant.code

    for procedure, channel in reads.own_received_between(own, start, end):
        if channel in _RECEIVED:
            counts[procedure][_RECEIVED[channel]] += 1

    for procedure, digitised, reused in reads.own_digitisation_between(own, start, end):
        counts[procedure]["received_digitised"] += 1 if digitised else 0
        counts[procedure]["received_reusing_data"] += 1 if reused else 0
    for procedure in reads.own_results_electronic_between(own, start, end):
        counts[procedure]["results_electronic"] += 1

    for procedure, _channel in reads.received_for_others_between(own, start, end):
        counts[procedure]["received_for_others"] += 1

    for dossier in reads.own_completed_between(own, start, end):
        if dossier.status in _CLOSED_UNRESOLVED and dossier.closed_at == dossier.completed_at:
            continue  # ended without a result: counted on the day it was closed, below
        counts[dossier.procedure_code][_RESOLVED[deadlines.status_of(dossier)]] += 1
    for procedure, status in reads.own_closed_between(own, _CLOSED_UNRESOLVED, start, end):
        counts[procedure][_CLOSED_UNRESOLVED[status]] += 1

    for dossier in reads.own_open_at(own, as_of):
        status = _open_status(dossier, as_of)
        counts[dossier.procedure_code][
            "in_progress_overdue" if status == DeadlineStatus.OVERDUE else "in_progress_on_time"] += 1

    paid = fees_paid_between(start, end)
    rated = ratings_between(start, end)
    procedure_of = reads.own_procedures_of(own, {code for code, _ in paid} | {code for code, _ in rated})
    for code, reference in paid:
        if code in procedure_of:
            counts[procedure_of[code]]["fees_paid"] += 1
            counts[procedure_of[code]]["fees_paid_online"] += 1 if reference else 0
    for code, score in rated:
        if code in procedure_of:
            counts[procedure_of[code]]["ratings"] += 1
            counts[procedure_of[code]]["rating_points"] += score
            counts[procedure_of[code]]["ratings_unsatisfied"] += 1 if score <= UNSATISFIED_AT_MOST else 0
    return {procedure: values for procedure, values in counts.items() if any(values.values())}


def _current_unit():
    unit = connection.tenant
    if not getattr(unit, "pk", None) or unit.schema_name != connection.schema_name:
        raise FactsError("statistics facts are computed inside a unit's schema (a unit task)")
    return unit


def refresh_day(day: date, now: datetime | None = None) -> int:
    """Recompute the current unit's facts of `day`: its rows of that day are replaced, never added to.
    Returns how many rows it has now. Raises FactsError for a day after today."""
    unit = _current_unit()
    now = now or timezone.now()
    if day > timezone.localtime(now, local_zone()).date():
        raise FactsError(f"{day.isoformat()} is in the future")
    if unit.ended_on is not None and day >= unit.ended_on:
        # An ended unit's history stays as it was: it has no days after its end (its successors count them).
        return DailyFact.objects.filter(unit_id=unit.pk, day=day).count()
    counts = count_day(day, now)
    sectors = procedure_sectors(counts)
    rows = [DailyFact(unit_id=unit.pk, day=day, procedure_code=procedure, sector_id=sectors.get(procedure), **values)
            for procedure, values in sorted(counts.items())]
    # On the platform's connection, where the facts are, whichever server holds the unit (its tables were read above).
    with platform_atomic():
        with platform_connection().cursor() as cur:  # two refreshes of a unit never interleave delete and insert
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, unit.pk])
        DailyFact.objects.filter(unit_id=unit.pk, day=day).delete()
        DailyFact.objects.bulk_create(rows)
        FactsDay.objects.update_or_create(unit_id=unit.pk, day=day, defaults={"computed_at": now})
    return len(rows)


def refresh_days(days, now: datetime | None = None) -> dict[date, int]:
    """refresh_day for each day, in order; {day: rows}."""
    now = now or timezone.now()
    return {day: refresh_day(day, now) for day in sorted(set(days))}


def recent_days(count: int, until: date | None = None) -> list[date]:
    """The `count` days ending with `until` (today by default)."""
    until = until or today()
    return [until - timedelta(days=i) for i in range(count - 1, -1, -1)]


def days_between(first: date, last: date) -> list[date]:
    if first > last:
        raise FactsError("the first day is after the last")
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
