"""The whole country (`EGOV_BENCH_COUNTRY=vn-2025 python -m benchmarks country`; docs/ict/benchmarks.md):

(a) `egov provision --dataset D --parallel P`, run as the ICT officer runs it (a new process, start-up included) on
    the benchmark's new database: time, units per second, units made ready per minute (by `ready_at`) and the last
    full minute against the first (the issue's "rate at the end within 20 % of the rate at the start");
(b) `egov migrate` with nothing to apply over the whole country: in this process and as a new process, and
    `egov migrate --check`;
(c) one unit backed up and restored under a new code (`egov units backup` / `restore --as`), median of REPEAT;
(d) what the country leaves in the database: its size and the catalogue's rows;
(e) GraphQL over IN_TURN units picked evenly across the country's units (in code order, first to last), the portal
    enabled in each, addressed in turn by their hosts through gunicorn as deployed, IN_TURN_ROUNDS rounds
    (benchmarks/units_in_turn.py): p50 / p95 / max (target p95 < 50 ms), errors, and the memory of the workers and
    of their PostgreSQL backends from start to end; twice, with the deploy's recycling of workers and with workers
    recycled every IN_TURN_RECYCLED requests. It runs after (d), so (d) is the country as provisioned.

It takes minutes (two-level) to most of an hour (three-level), so it runs only when EGOV_BENCH_COUNTRY names a
dataset (vn-2025: 3,355 units, target < 5 min; vn-2023: 11,367 units, target < 20 min); EGOV_BENCH_COUNTRY_PARALLEL
sets P (default 4); EGOV_BENCH_IN_TURN_UNITS, _ROUNDS, _WORKERS and _RECYCLED set (e)'s units (500), rounds (3),
gunicorn workers (2) and recycling (every 250 requests). `EGOV_BENCH_KEEP=1` keeps the database afterwards (benchmarks/__main__.py) to measure more on it.
"""

import io
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import connection

from benchmarks.timing import timed, verdict
from benchmarks.units_in_turn import enable_modules, measure, rows
from tenants.models import Unit, UnitStatus
from tenants.services import schema_migrations
from tenants.services.unit_backup import backup_unit
from tenants.services.unit_restore import restore_unit

DATASET = os.environ.get("EGOV_BENCH_COUNTRY") or ""
PARALLEL = int(os.environ.get("EGOV_BENCH_COUNTRY_PARALLEL") or 4)
TARGET_MIN = {"vn-2025": 5, "vn-2023": 20}
TARGET_MIGRATE_S = 5
TARGET_BACKUP_S = 5
REPEAT = 3
IN_TURN = int(os.environ.get("EGOV_BENCH_IN_TURN_UNITS") or 500)
IN_TURN_ROUNDS = int(os.environ.get("EGOV_BENCH_IN_TURN_ROUNDS") or 3)
IN_TURN_WORKERS = int(os.environ.get("EGOV_BENCH_IN_TURN_WORKERS") or 2)
IN_TURN_RECYCLED = int(os.environ.get("EGOV_BENCH_IN_TURN_RECYCLED") or max(IN_TURN // 2, 10))
TARGET_IN_TURN_P95_MS = 50


def _egov(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "core.cli", *args], capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"`egov {' '.join(args)}` failed: {proc.stderr[-2000:]}")
    return proc


def provision() -> list[tuple[str, str]]:
    load = os.getloadavg()[0]
    seconds, _ = timed(lambda: _egov("provision", "--dataset", DATASET, "--parallel", str(PARALLEL)))
    ready = Unit.objects.filter(status=UnitStatus.READY).count()
    failed = Unit.objects.filter(status=UnitStatus.FAILED).count()
    with connection.cursor() as cur:
        cur.execute("WITH s AS (SELECT min(ready_at) AS t0 FROM tenants_unit WHERE status = 'ready') "
                    "SELECT floor(extract(epoch FROM ready_at - t0) / 60)::int, count(*) FROM tenants_unit, s "
                    "WHERE status = 'ready' GROUP BY 1 ORDER BY 1")
        per_minute = [n for _minute, n in cur.fetchall()]
    full = per_minute[:-1]  # the last minute is cut short by the end of the run
    target = TARGET_MIN.get(DATASET)
    rows = [
        (f"(a) `egov provision --dataset {DATASET} --parallel {PARALLEL}`: units ready, failed", f"{ready}, {failed}"),
        ("(a) time (min), units/s, load average at its start",
         f"{seconds / 60:.1f}, {ready / seconds:.2f}, {load:.1f} "
         + (verdict(seconds / 60 < target, f"< {target} min") if target else "")),
        ("(a) units ready per minute", ", ".join(map(str, per_minute))),
    ]
    if len(full) >= 2:
        ratio = full[-1] / full[0]
        rows.append(("(a) last full minute against the first",
                     f"{ratio:.2f}x {verdict(ratio >= 0.8, 'within 20 %')}"))
    if len(full) >= 3:  # the first minute runs while shared_buffers is still empty: no buffer to write back yet
        rows.append(("(a) last full minute against the second", f"{full[-1] / full[1]:.2f}x"))
    return rows


def migrate() -> list[tuple[str, str]]:
    units = Unit.objects.filter(status=UnitStatus.READY).count()
    for name in ("migration_graph", "code_migrations", "unit_apps", "unit_fingerprint"):  # as a new process would
        clear = getattr(getattr(schema_migrations, name), "cache_clear", None)
        if clear:
            clear()
    here_s, _ = timed(lambda: call_command("migrate", verbosity=0, stdout=io.StringIO()))
    new_s, _ = timed(lambda: _egov("migrate", "-v0"))
    check_s, _ = timed(lambda: _egov("migrate", "--check"))
    return [
        (f"(b) `egov migrate`, nothing to apply, {units} units, in this process (s)",
         f"{here_s:.2f} {verdict(here_s < TARGET_MIGRATE_S, f'< {TARGET_MIGRATE_S} s')}"),
        ("(b) the same as a new process, start-up included (s)", f"{new_s:.2f}"),
        ("(b) `egov migrate --check` as a new process (s)", f"{check_s:.2f}"),
    ]


def backup() -> list[tuple[str, str]]:
    unit = Unit.objects.filter(status=UnitStatus.READY).order_by("code").first()
    backups, restores = [], []
    with tempfile.TemporaryDirectory() as folder:
        for i in range(REPEAT):
            path = Path(folder) / f"{unit.code}-{i}.tar.gz"
            backups.append(timed(lambda path=path: backup_unit(unit, path))[0])
            restores.append(timed(lambda path=path, i=i: restore_unit(path, as_code=f"BC-{i}"))[0])
        size = path.stat().st_size
    b, r = statistics.median(backups), statistics.median(restores)
    units = Unit.objects.count()
    return [
        (f"(c) unit {unit.code} backed up / restored as a new code, {units} units (s, median of {REPEAT})",
         f"{b:.2f} / {r:.2f} {verdict(b + r < TARGET_BACKUP_S, f'backup + restore < {TARGET_BACKUP_S} s')}"),
        ("(c) backup file (KB)", f"{size / 1024:.0f}"),
    ]


def catalogue() -> list[tuple[str, str]]:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database())), "
                    "(SELECT count(*) FROM pg_class), (SELECT count(*) FROM pg_attribute)")
        size, classes, attributes = cur.fetchone()
    return [("(d) database size; pg_class rows; pg_attribute rows", f"{size}; {classes:,}; {attributes:,}")]


def in_turn() -> list[tuple[str, str]]:
    ready = list(Unit.objects.filter(status=UnitStatus.READY).order_by("code"))
    n = min(IN_TURN, len(ready))
    units = [ready[i * len(ready) // n] for i in range(n)]  # first to last, evenly
    enable_modules(units)
    deployed = measure(units, IN_TURN_ROUNDS, IN_TURN_WORKERS)
    recycled = measure(units, IN_TURN_ROUNDS, IN_TURN_WORKERS, max_requests=IN_TURN_RECYCLED)
    return (rows(deployed, f"(e) of {len(ready)} units: ", TARGET_IN_TURN_P95_MS)
            + rows(recycled, "(e) recycled: ", TARGET_IN_TURN_P95_MS))


def run() -> list[tuple[str, str]]:
    if not DATASET:
        return [("not run", "set EGOV_BENCH_COUNTRY=vn-2025 (3,355 units) or vn-2023 (11,367 units)")]
    return provision() + migrate() + backup() + catalogue() + in_turn()
