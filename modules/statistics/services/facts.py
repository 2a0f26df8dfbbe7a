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

For the rest of Decision 766/QĐ-TTg's indicators, as the national public service portal's description of its 766
dashboard computes them (services/indicators.py):

- received_synced: of the dossiers received that day, those filed on the national portal whose receipt was sent back
  to it (the only dossiers the system synchronises with the portal); received_population: those with a component
  taken from the national population database; received_with_fee: those whose procedure version states a fee above 0.
- dossiers_paid_online: dossiers with at least one fee paid online that day.
- ended_on_time_766: dossiers that ended that day (a result made, refused, withdrawn, stopped) by their due time and
  asked to supplement at most once (a second request makes a dossier late, as the description says);
  in_progress_on_time_766: dossiers in progress at the end of the day, not overdue and asked at most once (a stock).
- resolved_digitised: of the dossiers resolved that day, those digitised at receipt (as received_digitised) whose
  result is electronic or exempt from digitisation; results_exempt: those whose result was recorded as exempt (made
  during processing, confidential).
- received_full_service: of the dossiers received that day, those of a procedure whose catalogue version in force at
  the end of the day offers a full online service ("toàn trình"); received_online_full_service: those of them
  received online (the full-online dossiers of the maxima the portal publishes with its 766 dashboard).

Each day's row of the facts-day table (FactsDay) also keeps the unit's procedures then (active in the procedures
module), how many of them the catalogue version in force at the end of the day offers as an online service, and how
many of them it states a fee above 0 for.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.calendar.deadlines import PauseReason
from core.calendar.status import DeadlineStatus, classify
from core.errors import ServiceError
from core.modules.services import holds_tables
from modules.catalogue.services import (
    FULL_ONLINE_SERVICE,
    ONLINE_SERVICE_LEVELS,
    online_levels,
    procedure_sectors,
    procedures_with_fee,
    versions_with_fee,
)
from modules.onestop.services import deadlines, reads
from modules.onestop.services.reads import Channel, Status
from modules.payments.services import fees_paid_between
from modules.procedures.services import ProcessConfigError, unit_procedures
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


def supplement_requests(deadline) -> int:
    """How many times the dossier was sent back to be supplemented: the supplements received, and the one it is
    waiting for."""
    waiting = deadline.paused_at is not None and deadline.pause_reason == PauseReason.SUPPLEMENT
    return deadline.supplements + (1 if waiting else 0)


def _ended_on_time(dossier, ended_at: datetime) -> bool:
    """Ended (result, refusal, withdrawal, stop) by its due time, the clock read where it stopped when paused, and
    asked to supplement at most once (Decision 766's on-time rule as the national portal's description gives it)."""
    if not dossier.deadline:  # no clock kept: its appointment only
        return classify(dossier.due_at, completed_at=ended_at) != DeadlineStatus.LATE
    deadline = deadlines.load(dossier)
    if deadline.paused_at is not None and deadline.paused_at < ended_at:
        ended_at = deadline.paused_at
    return (classify(deadline.due_at, completed_at=ended_at) != DeadlineStatus.LATE
            and supplement_requests(deadline) <= 1)


def count_day(day: date, now: datetime | None = None) -> dict[str, dict[str, int]]:
    """{procedure code: {counter: value}} of the current unit for one day; procedures with nothing are left out."""
    now = now or timezone.now()
    start, end = day_bounds(day)
    as_of = min(end, now)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    # The dossiers this unit counts: those it received itself, not those other units transferred to it.
    own = connection.tenant.code

    received_channels = reads.own_received_between(own, start, end)
    levels = online_levels({procedure for procedure, _c in received_channels}, end - timedelta(microseconds=1))
    for procedure, channel in received_channels:
        if channel in _RECEIVED:
            counts[procedure][_RECEIVED[channel]] += 1
        if levels.get(procedure) == FULL_ONLINE_SERVICE:  # the version in force at the day's end: full online
            counts[procedure]["received_full_service"] += 1
            counts[procedure]["received_online_full_service"] += 1 if channel == Channel.ONLINE else 0

    received = reads.own_received_links_between(own, start, end)
    with_fee = versions_with_fee({version for _p, version, _s, _pop in received})
    for procedure, version, synced, population in received:
        counts[procedure]["received_synced"] += 1 if synced else 0
        counts[procedure]["received_population"] += 1 if population else 0
        counts[procedure]["received_with_fee"] += 1 if version in with_fee else 0

    for procedure, digitised, reused in reads.own_digitisation_between(own, start, end):
        counts[procedure]["received_digitised"] += 1 if digitised else 0
        counts[procedure]["received_reusing_data"] += 1 if reused else 0
    for procedure in reads.own_results_electronic_between(own, start, end):
        counts[procedure]["results_electronic"] += 1

    for procedure, _channel in reads.received_for_others_between(own, start, end):
        counts[procedure]["received_for_others"] += 1

    # ended without a result: counted on the day it was closed, below
    completed = [d for d in reads.own_completed_between(own, start, end)
                 if not (d.status in _CLOSED_UNRESOLVED and d.closed_at == d.completed_at)]
    digitisation = reads.digitisation_of([d.code for d in completed])
    for dossier in completed:
        row = counts[dossier.procedure_code]
        row[_RESOLVED[deadlines.status_of(dossier)]] += 1
        row["ended_on_time_766"] += 1 if _ended_on_time(dossier, dossier.completed_at) else 0
        at_receipt, electronic, exempt = digitisation.get(dossier.code, (False, False, False))
        row["results_exempt"] += 1 if exempt else 0
        row["resolved_digitised"] += 1 if at_receipt and (electronic or exempt) else 0
    for dossier in reads.own_closed_dossiers_between(own, _CLOSED_UNRESOLVED, start, end):
        row = counts[dossier.procedure_code]
        row[_CLOSED_UNRESOLVED[dossier.status]] += 1
        row["ended_on_time_766"] += 1 if _ended_on_time(dossier, dossier.closed_at) else 0

    for dossier in reads.own_open_at(own, as_of):
        status = _open_status(dossier, as_of)
        row = counts[dossier.procedure_code]
        row["in_progress_overdue" if status == DeadlineStatus.OVERDUE else "in_progress_on_time"] += 1
        if status != DeadlineStatus.OVERDUE and supplement_requests(deadlines.load(dossier)) <= 1:
            row["in_progress_on_time_766"] += 1

    # Fees and ratings where the unit holds those modules' tables (enabled now or once: rows kept when disabled).
    paid = fees_paid_between(start, end) if holds_tables(connection.tenant, "payments") else []
    rated = ratings_between(start, end) if holds_tables(connection.tenant, "tracking") else []
    procedure_of = reads.own_procedures_of(own, {code for code, _ in paid} | {code for code, _ in rated})
    for code, reference in paid:
        if code in procedure_of:
            counts[procedure_of[code]]["fees_paid"] += 1
            counts[procedure_of[code]]["fees_paid_online"] += 1 if reference else 0
    for code in {code for code, reference in paid if reference}:
        if code in procedure_of:
            counts[procedure_of[code]]["dossiers_paid_online"] += 1
    for code, score in rated:
        if code in procedure_of:
            counts[procedure_of[code]]["ratings"] += 1
            counts[procedure_of[code]]["rating_points"] += score
            counts[procedure_of[code]]["ratings_unsatisfied"] += 1 if score <= UNSATISFIED_AT_MOST else 0
    return {procedure: values for procedure, values in counts.items() if any(values.values())}


def procedures_offered(unit, day: date) -> tuple[int, int, int]:
    """(the unit's procedures, those of them whose catalogue version in force at the end of `day` offers an online
    service, partial or full, and those whose version then states a fee above 0). The unit's procedures are those it
    handles when this runs (the procedures module keeps no history of them); (0, 0, 0) for a unit without its
    procedures set up."""
    try:
        codes = [p.code for p in unit_procedures(unit)]
    except ProcessConfigError:
        return 0, 0, 0
    at = day_bounds(day)[1] - timedelta(microseconds=1)
    levels = online_levels(codes, at)
    return (len(codes), sum(1 for code in codes if levels.get(code) in ONLINE_SERVICE_LEVELS),
            len(procedures_with_fee(codes, at)))


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
    procedures, procedures_online, with_fee = procedures_offered(unit, day)
    sectors = procedure_sectors(counts)
    rows = [DailyFact(unit_id=unit.pk, day=day, procedure_code=procedure, sector_id=sectors.get(procedure), **values)
            for procedure, values in sorted(counts.items())]
    # On the platform's connection, where the facts are, whichever server holds the unit (its tables were read above).
    with platform_atomic():
        with platform_connection().cursor() as cur:  # two refreshes of a unit never interleave delete and insert
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, unit.pk])
        DailyFact.objects.filter(unit_id=unit.pk, day=day).delete()
        DailyFact.objects.bulk_create(rows)
        FactsDay.objects.update_or_create(unit_id=unit.pk, day=day, defaults={
            "computed_at": now, "procedures": procedures, "procedures_online": procedures_online,
            "procedures_with_fee": with_fee})
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
