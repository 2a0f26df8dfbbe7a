"""Statistics figures: the province roll-up over 500 units and a year of daily facts.

A province with DISTRICTS districts and their communes, UNITS units in all (rows of tenants_unit only: the roll-up
reads nothing of the units' schemas), each with a year of facts, PROCEDURES_PER_DAY procedures a day on average,
written with COPY straight into the facts table, as the units' nightly tasks would have. Then the province's roll-up,
the one query the platform page and `statisticsRollup` run, is timed RUNS times per period and grouping (median, and
the slowest), and the page's whole data (the report by unit below, the daily series of its chart) likewise.
"""

import io
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from django.db import connection

from modules.catalogue.models import Sector
from modules.statistics.models import COUNTERS, DailyFact, FactsDay
from modules.statistics.services import dashboard, report
from tenants.models import Unit
from tenants.services.units import UnitRecord, record_units

UNITS = 500
DISTRICTS = 24
DAYS = 365
PROCEDURES_PER_DAY = 5  # on average, from 2 to 8
PROCEDURES = 120         # distinct procedure codes across the province
RUNS = 7
TARGET_S = 1.0
LAST_DAY = date(2026, 10, 31)


def _units() -> Unit:
    records = [UnitRecord("BS", "Tỉnh đo thống kê", "province")]
    records += [UnitRecord(f"BS{d:02}", f"Huyện đo {d}", "district", "BS") for d in range(DISTRICTS)]
    communes = UNITS - 1 - DISTRICTS
    records += [UnitRecord(f"BS{i % DISTRICTS:02}{i:04}", f"Xã đo {i}", "commune", f"BS{i % DISTRICTS:02}")
                for i in range(communes)]
    record_units(records)
    return Unit.objects.get(code="BS")


def _copy(table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cur:
        cur.cursor.copy_from(buffer, table, columns=columns)


def _facts(province: Unit) -> int:
    rng = random.Random(61)
    unit_ids = list(Unit.objects.filter(code__startswith="BS").values_list("pk", flat=True))
    assert len(unit_ids) == UNITS, len(unit_ids)
    sectors = [Sector.objects.get_or_create(name=f"Lĩnh vực đo {i}")[0].pk for i in range(12)]
    procedures = [(f"9.{i:06}", sectors[i % len(sectors)]) for i in range(PROCEDURES)]
    days = [LAST_DAY - timedelta(days=i) for i in range(DAYS)]
    computed = datetime(2026, 11, 1, 0, 30, tzinfo=UTC)
    _copy(FactsDay._meta.db_table, ["unit_id", "day", "computed_at"],
          ((u, d, computed.isoformat()) for u in unit_ids for d in days))
    columns = ["unit_id", "day", "procedure_code", "sector_id", *COUNTERS]
    count = 0

    def rows():
        nonlocal count
        for u in unit_ids:
            for d in days:
                for code, sector in rng.sample(procedures, rng.randint(2, 2 * PROCEDURES_PER_DAY - 2)):
                    values = [rng.randint(0, 6), rng.randint(0, 6), rng.randint(0, 1), rng.randint(0, 3),
                              rng.randint(0, 4), rng.randint(0, 1), rng.randint(0, 8), rng.randint(0, 2),
                              rng.randint(0, 1), rng.randint(0, 1)]
                    paid = rng.randint(0, 5)
                    rated = rng.randint(0, 3)
                    values += [paid, rng.randint(0, paid), rated, rated * rng.randint(3, 5)]
                    count += 1
                    yield (u, d, code, sector, *values)

    _copy(DailyFact._meta.db_table, columns, rows())
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {DailyFact._meta.db_table}")
        cur.execute(f"ANALYZE {FactsDay._meta.db_table}")
    return count


def _time(fn) -> tuple[float, float]:
    fn()  # warm: the first run reads the table from disk
    samples = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), max(samples)


def run() -> list[tuple[str, str]]:
    province = _units()
    t0 = time.perf_counter()
    rows = _facts(province)
    loaded = time.perf_counter() - t0
    figures = [("units in the province (levels: province, district, commune)", str(UNITS)),
               ("fact rows (units x days x procedures)", f"{rows:,}"),
               ("load facts with COPY (s)", f"{loaded:.1f}")]
    year = (LAST_DAY - timedelta(days=DAYS - 1), LAST_DAY)
    month = (LAST_DAY.replace(day=1), LAST_DAY)
    checks = {}
    for label, (first, last), group in [("year, by unit below", year, report.CHILD),
                                        ("year, by sector", year, report.SECTOR),
                                        ("year, by each unit", year, report.UNIT),
                                        ("year, by day", year, report.DAY),
                                        ("month, by unit below", month, report.CHILD)]:
        median, slowest = _time(lambda first=first, last=last, group=group: report.rollup_report(
            province, first, last, group))
        checks[label] = median
        figures.append((f"roll-up {label}: median / slowest of {RUNS} (ms)", f"{median * 1000:.0f} / {slowest * 1000:.0f}"))
    asked = dashboard.Request(year[0], year[1], report.CHILD)
    median, slowest = _time(lambda: dashboard.context(province, asked, dashboard.build(province, asked, True), True))
    checks["page"] = median
    figures.append(("province page data, a year (report, charts): median / slowest (ms)",
                    f"{median * 1000:.0f} / {slowest * 1000:.0f}"))
    total = report.rollup_report(province, *year, report.CHILD)
    assert total.units == UNITS and total.units_reporting == UNITS
    figures.append(("dossiers received in the year (checks the sum)", f"{total.total.received:,}"))
    worst = max(checks.values())
    figures.append((f"target: every roll-up under {TARGET_S:.0f} s", "met" if worst < TARGET_S else
                    f"MISSED ({worst:.2f} s)"))
    return figures
