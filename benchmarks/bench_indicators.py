"""Decision 766/QĐ-TTg indicators: the province's scorecard over 500 units and a year of daily facts.

The province of bench_statistics (UNITS units: province, districts, communes; rows of tenants_unit only), each unit
with a year of facts written with COPY, every counter filled (the digitisation and satisfaction ones included, and
the counters of the portal's 766 description: synchronised, population data, fees, on time, digitised; the
full-online dossiers) and its procedures, some of them online, some with a fee, on each computed day. Then the
province's indicators for the year, with a row per unit below and with a row per unit (the scorecard of each of the
500), and for a month, are timed RUNS times (median, and the slowest): first without recorded values, then with every
recordable indicator recorded for every unit and month of the year (services/recorded.py: 500 x 12 x 12 rows), on the
same facts, so the year is scored in full.
"""

import random
from datetime import UTC, date, datetime, timedelta

from django.db import connection

from benchmarks.bench_statistics import DAYS, PROCEDURES, PROCEDURES_PER_DAY, RUNS, UNITS, _copy, _time, _units
from modules.statistics.models import COUNTERS, DailyFact, FactsDay, RecordedValue
from modules.statistics.services import indicators, recorded, report
from tenants.models import Unit

TARGET_S = 1.0
DESCRIPTION_COUNTERS = ("received_synced", "received_population", "received_with_fee", "dossiers_paid_online",
                        "ended_on_time_766", "in_progress_on_time_766", "resolved_digitised", "results_exempt")
FULL_SERVICE_COUNTERS = ("received_full_service", "received_online_full_service")
LAST_DAY = date(2026, 12, 31)


def _values(rng: random.Random, extra: random.Random, full: random.Random) -> list[int]:
    v = {name: rng.randint(0, 5) for name in COUNTERS if name not in DESCRIPTION_COUNTERS + FULL_SERVICE_COUNTERS}
    received = v["received_counter"] + v["received_online"] + v["received_post"]
    resolved = v["resolved_early"] + v["resolved_on_time"] + v["resolved_late"]
    v["received_digitised"] = rng.randint(0, received)
    v["received_reusing_data"] = rng.randint(0, received)
    v["results_electronic"] = rng.randint(0, resolved)
    v["fees_paid_online"] = rng.randint(0, v["fees_paid"])
    v["ratings_unsatisfied"] = rng.randint(0, v["ratings"])
    v["rating_points"] = v["ratings"] * rng.randint(1, 5)
    # The counters of the portal's description, drawn apart: the rows are the same as before they were added.
    ended = resolved + v["returned"] + v["withdrawn"] + v["stopped"]
    v["received_synced"] = extra.randint(0, v["received_online"])
    v["received_population"] = extra.randint(0, received)
    v["received_with_fee"] = extra.randint(0, received)
    v["dossiers_paid_online"] = extra.randint(0, v["fees_paid_online"])
    v["ended_on_time_766"] = extra.randint(0, ended)
    v["in_progress_on_time_766"] = extra.randint(0, v["in_progress_on_time"])
    v["resolved_digitised"] = extra.randint(0, resolved)
    v["results_exempt"] = extra.randint(0, resolved - v["results_electronic"])
    # The full-online dossiers (the 12 points of the portal's maxima), drawn apart again: the other counters as before.
    v["received_full_service"] = full.randint(0, received)
    v["received_online_full_service"] = full.randint(0, min(v["received_full_service"], v["received_online"]))
    return [v[name] for name in COUNTERS]


def _facts() -> int:
    rng, extra, full = random.Random(766), random.Random(7660), random.Random(76612)
    unit_ids = list(Unit.objects.filter(code__startswith="BS").values_list("pk", flat=True))
    assert len(unit_ids) == UNITS, len(unit_ids)
    with connection.cursor() as cur:  # bench_statistics may have filled the table first: start afresh
        cur.execute(f"DELETE FROM {DailyFact._meta.db_table} WHERE unit_id = ANY(%s)", [unit_ids])
        cur.execute(f"DELETE FROM {FactsDay._meta.db_table} WHERE unit_id = ANY(%s)", [unit_ids])
    days = [LAST_DAY - timedelta(days=i) for i in range(DAYS)]
    computed = datetime(2027, 1, 1, 0, 30, tzinfo=UTC)
    offered = {u: extra.randint(60, 160) for u in unit_ids}  # each unit's procedures, some of them online
    online = {u: extra.randint(0, offered[u]) for u in unit_ids}
    fee = random.Random(7665)  # drawn apart: the rows as before
    with_fee = {u: fee.randint(0, offered[u]) for u in unit_ids}  # of them with a fee
    _copy(FactsDay._meta.db_table, ["unit_id", "day", "computed_at", "procedures", "procedures_online",
                                    "procedures_with_fee"],
          ((u, d, computed.isoformat(), offered[u], online[u], with_fee[u]) for u in unit_ids for d in days))
    codes = [f"9.{i:06}" for i in range(PROCEDURES)]
    count = 0

    def rows():
        nonlocal count
        for u in unit_ids:
            for d in days:
                for code in rng.sample(codes, rng.randint(2, 2 * PROCEDURES_PER_DAY - 2)):
                    count += 1
                    yield (u, d, code, *_values(rng, extra, full))

    _copy(DailyFact._meta.db_table, ["unit_id", "day", "procedure_code", *COUNTERS], rows())
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {DailyFact._meta.db_table}")
        cur.execute(f"ANALYZE {FactsDay._meta.db_table}")
    return count


def _recorded() -> int:
    """Every recordable indicator recorded for every unit and month of the year (written with COPY)."""
    rng = random.Random(7667)
    unit_ids = list(Unit.objects.filter(code__startswith="BS").values_list("pk", flat=True))
    codes = sorted(recorded.recordable_codes(indicators.set_for(LAST_DAY)))
    at = datetime(2027, 1, 2, tzinfo=UTC).isoformat()
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {RecordedValue._meta.db_table} WHERE unit_id = ANY(%s)", [unit_ids])
    rows = [(u, date(LAST_DAY.year, m, 1), code, n, n + rng.randint(0, 20), f"Cổng DVC quốc gia, tháng {m}", "bench",
             at) for u in unit_ids for m in range(1, 13) for code in codes for n in [rng.randint(0, 50)]]
    _copy(RecordedValue._meta.db_table, ["unit_id", "month", "indicator", "numerator", "denominator", "source",
                                         "recorded_by", "recorded_at"], rows)
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {RecordedValue._meta.db_table}")
    return len(rows)


def _timings(province, figures: list, checks: dict, what: str) -> None:
    for label, kind, number, group in [("year, a row per unit below", indicators.YEAR, 1, report.CHILD),
                                       ("year, a row per unit (500 scorecards)", indicators.YEAR, 1, report.UNIT),
                                       ("month, a row per unit below", indicators.MONTH, 12, report.CHILD)]:
        median, slowest = _time(lambda kind=kind, number=number, group=group: indicators.rollup_indicators(
            province, kind, LAST_DAY.year, number, group))
        checks[f"{label}, {what}"] = median
        figures.append((f"province indicators, {label}, {what}: median / slowest of {RUNS} (ms)",
                        f"{median * 1000:.0f} / {slowest * 1000:.0f}"))


def run() -> list[tuple[str, str]]:
    province = _units()
    rows = _facts()
    unit_ids = list(Unit.objects.filter(code__startswith="BS").values_list("pk", flat=True))
    with connection.cursor() as cur:  # a run before: start without recorded values
        cur.execute(f"DELETE FROM {RecordedValue._meta.db_table} WHERE unit_id = ANY(%s)", [unit_ids])
    figures = [("units in the province", str(UNITS)), ("fact rows (units x days x procedures)", f"{rows:,}")]
    checks = {}
    _timings(province, figures, checks, "no recorded values")
    figures.append(("recorded values (units x months x recordable indicators)", f"{_recorded():,}"))
    _timings(province, figures, checks, "every recordable value recorded")
    result = indicators.rollup_indicators(province, indicators.YEAR, LAST_DAY.year, 1, report.UNIT)
    assert result.units == UNITS and len(result.rows) == UNITS
    figures.append(("points scored of 100 (with the recorded values)",
                    f"{result.card.scored:.2f} of {result.card.scored_points}; total "
                    f"{result.card.score if result.card.score is not None else 'not given'}"))
    measured = [i for g in result.card.groups for i in g.indicators if i.ratio is not None]
    figures.append(("indicators with a figure (of those listed)",
                    f"{len(measured)} of {sum(len(g.indicators) for g in result.card.groups)}"))
    worst = max(checks.values())
    figures.append((f"target: the year under {TARGET_S:.0f} s", "met" if worst < TARGET_S else
                    f"MISSED ({worst:.2f} s)"))
    return figures
