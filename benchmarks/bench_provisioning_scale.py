"""Provisioning at national scale (`python -m benchmarks provisioning_scale`; docs/ict/benchmarks.md):

(a) SAMPLE units of vn-2023 provisioned one after the other (one process), then SAMPLE with PARALLEL processes: the
    ratio of the two rates, in the same run;
(b) UNITS more with PARALLEL processes (`egov provision --parallel`): units per second over the first and the last
    WINDOW units, and the database's CPU per unit over the same windows (the CPU time of each worker's backend, read
    from /proc: the database server must be on this machine; elsewhere it reads as 0);
(c) SAMPLE units one after the other again at the end: the single process's rate and CPU, start against end;
(d) the catalogue the units leave (pg_class and pg_attribute rows) and the whole country extrapolated from the
    rate at the end;
(e) where a clone's database CPU goes: the clone script run CLONES times in transactions rolled back (no commit, no
    unit row), whole, without its separate indexes, its tables only, and its tables without foreign keys and identity
    columns.

Every unit is cloned on demand (spares dropped first). EGOV_BENCH_SCALE_UNITS and EGOV_BENCH_SCALE_PARALLEL set UNITS
and PARALLEL. The units stay: this group runs last.
"""

import os
import re
import statistics
import sys
import tempfile
import time

from django.conf import settings
from django.db import connection, transaction

from benchmarks.server_cpu import backend_cpu
from tenants.models import Unit, UnitStatus
from tenants.services import parallel_provisioning
from tenants.services.datasets import load_dataset
from tenants.services.provisioning import provision_many
from tenants.services.schema_clone import _PLACEHOLDER, clone_script
from tenants.services.spares import drop_spares
from tenants.services.template import ensure_template
from tenants.services.units import record_units

DATASET = "vn-2023"
UNITS = int(os.environ.get("EGOV_BENCH_SCALE_UNITS") or 1000)
PARALLEL = int(os.environ.get("EGOV_BENCH_SCALE_PARALLEL") or 4)
SAMPLE = 20
CLONES = 20
WINDOW = 100
COUNTRY = {"three-level (vn-2023)": 11_367, "two-level (vn-2025)": 3_355}
TARGETS_MIN = {"three-level (vn-2023)": 20, "two-level (vn-2025)": 5}
_log = os.path.join(tempfile.gettempdir(), f"egov-bench-provisioning-{os.getpid()}.log")
_real_one = parallel_provisioning._provision_one


def _measured_one(pk, method, server):
    """A worker's unit, with its backend's CPU written down (the worker keeps its connection from unit to unit)."""
    before = backend_cpu()
    result = _real_one(pk, method, server)
    with open(_log, "a") as log:
        log.write(f"{pk} {backend_cpu() - before:.4f}\n")
    return result


def _catalogue() -> tuple[int, int]:
    with connection.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM pg_class), (SELECT count(*) FROM pg_attribute)")
        return cur.fetchone()


def _server() -> str:
    """What a unit's clone costs the server: its tables and indexes (TOAST included), and the WAL mode."""
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FILTER (WHERE relkind = 'r'), count(*) FILTER (WHERE relkind = 'i'), "
                    "current_setting('wal_level') FROM pg_class WHERE relnamespace = %s::regnamespace",
                    [settings.EGOV_TEMPLATE_SCHEMA])
        tables, indexes, wal_level = cur.fetchone()
        cur.execute("SELECT count(*) FROM pg_class t JOIN pg_class c ON c.reltoastrelid = t.oid "
                    "WHERE c.relnamespace = %s::regnamespace", [settings.EGOV_TEMPLATE_SCHEMA])
        toast = cur.fetchone()[0]
    return f"{tables} tables, {indexes} indexes + {toast} TOAST tables and their indexes; wal_level = {wal_level}"


def _serial(units: list[Unit]) -> tuple[float, float]:
    """Units one after the other in this process: (units per second, database CPU ms per unit)."""
    cpu, started = backend_cpu(), time.perf_counter()
    report = provision_many(units)
    seconds, cpu = time.perf_counter() - started, backend_cpu() - cpu
    if report.failed:
        raise RuntimeError(f"failed: {report.failed}")
    return len(units) / seconds, 1000 * cpu / len(units)


def _parallel(units: list[Unit]) -> list[tuple[float, int]]:
    """Units with PARALLEL processes: (seconds since the start, pk) as each one ends."""
    ended: list[tuple[float, int]] = []
    started = time.perf_counter()

    def progress(unit):
        ended.append((time.perf_counter() - started, unit.pk))
        if len(ended) % WINDOW == 0:
            print(f"  {len(ended)} units, {time.perf_counter() - started:.0f} s, load "
                  f"{os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)

    parallel_provisioning._provision_one = _measured_one
    try:
        report = provision_many(units, parallel=PARALLEL, on_progress=progress)
    finally:
        parallel_provisioning._provision_one = _real_one
    if report.failed:
        raise RuntimeError(f"{len(report.failed)} failed, e.g. {next(iter(report.failed.items()))}")
    return ended


def _window(ended: list[tuple[float, int]], cpu: dict[int, float], first: bool) -> tuple[float, float]:
    """(units per second, database CPU ms per unit) over the first or the last WINDOW units to end."""
    if first:
        part, since = ended[:WINDOW], 0.0
    else:
        part, since = ended[-WINDOW:], ended[-WINDOW - 1][0]
    rate = len(part) / (part[-1][0] - since)
    return rate, 1000 * statistics.mean(cpu.get(pk, 0.0) for _, pk in part)


_FOREIGN_KEY = re.compile(r', CONSTRAINT "[^"]+" FOREIGN KEY \([^)]*\) REFERENCES [^()]+\([^)]*\)'
                          r'(?: ON DELETE [A-Z ]+?)?(?: DEFERRABLE INITIALLY DEFERRED)?(?=[,)])')


def _ddl_breakdown() -> list[tuple[str, str]]:
    """(e): the database CPU of parts of the clone script, per clone."""
    lines = clone_script(settings.EGOV_TEMPLATE_SCHEMA, "bench").split("\n")
    tables = [line for line in lines if line.startswith(("CREATE SCHEMA", "CREATE TABLE"))]
    bare = [_FOREIGN_KEY.sub("", line).replace(" GENERATED BY DEFAULT AS IDENTITY", "") for line in tables]
    parts = {
        "whole script": lines,
        "without its separate indexes": [line for line in lines if not re.match(r"CREATE (UNIQUE )?INDEX", line)],
        "its CREATE TABLEs only (constraints inside)": tables,
        "CREATE TABLEs without foreign keys or identity columns": bare,
    }

    def clones(script: str, n: int) -> None:
        for i in range(n):
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(script.replace(_PLACEHOLDER, f"egov_bench_ddl_{i}"))
                transaction.set_rollback(True)

    clones("\n".join(lines), 3)  # the backend's catalogue caches warmed first
    rows = []
    for name, part in parts.items():
        before = backend_cpu()
        clones("\n".join(part), CLONES)
        rows.append((f"(e) one clone's DDL, rolled back: {name}: database CPU ms",
                     f"{1000 * (backend_cpu() - before) / CLONES:.0f}"))
    return rows


def run() -> list[tuple[str, str]]:
    records = load_dataset(DATASET)[: UNITS + 3 * SAMPLE]
    if Unit.objects.filter(code__in=[r.code for r in records]).exists():
        raise RuntimeError("units of the dataset are already in this database: the figures would be wrong")
    record_units(records)
    ensure_template()
    drop_spares()
    breakdown = _ddl_breakdown()
    by_code = {u.code: u for u in Unit.objects.filter(code__in=[r.code for r in records])}
    units = [by_code[r.code] for r in records]
    serial_first, parallel_first = units[:SAMPLE], units[SAMPLE:2 * SAMPLE]
    bulk, serial_last = units[2 * SAMPLE:-SAMPLE], units[-SAMPLE:]
    load_start = os.getloadavg()[0]

    rate_1, cpu_1 = _serial(serial_first)
    started = time.perf_counter()
    ended = _parallel(parallel_first)
    rate_p = len(parallel_first) / (time.perf_counter() - started)

    open(_log, "w").close()
    load_bulk = os.getloadavg()[0]
    started = time.perf_counter()
    ended = _parallel(bulk)
    bulk_s = time.perf_counter() - started
    load_bulk_end = os.getloadavg()[0]
    with open(_log) as log:
        cpu = {int(pk): float(s) for pk, s in (line.split() for line in log)}
    os.unlink(_log)
    start_rate, start_cpu = _window(ended, cpu, first=True)
    end_rate, end_cpu = _window(ended, cpu, first=False)

    rate_1_end, cpu_1_end = _serial(serial_last)
    ready = Unit.objects.filter(status=UnitStatus.READY).count()
    classes, attributes = _catalogue()
    rows = [
        ("the template, cloned for every unit; the server", _server()),
        ("machine load average: start / bulk start / bulk end / end",
         f"{load_start:.1f} / {load_bulk:.1f} / {load_bulk_end:.1f} / {os.getloadavg()[0]:.1f}"),
        (f"(a) {SAMPLE} units, one process: units/s; database CPU ms/unit", f"{rate_1:.2f}; {cpu_1:.0f}"),
        (f"(a) {SAMPLE} units, {PARALLEL} processes: units/s; faster than one process by",
         f"{rate_p:.2f}; {rate_p / rate_1:.1f}x"),
        (f"(b) {len(bulk)} units, {PARALLEL} processes (s); units/s", f"{bulk_s:.0f}; {len(bulk) / bulk_s:.2f}"),
        (f"(b) first {WINDOW} units: units/s; database CPU ms/unit", f"{start_rate:.2f}; {start_cpu:.0f}"),
        (f"(b) last {WINDOW} units (up to {ready - SAMPLE} in the database): units/s; database CPU ms/unit",
         f"{end_rate:.2f}; {end_cpu:.0f}"),
        ("(b) end against start: rate; database CPU per unit",
         f"{end_rate / start_rate:.2f}x; {end_cpu / start_cpu if start_cpu else 0:.2f}x (target: rate within 20 %)"),
        (f"(c) {SAMPLE} units, one process, at the end: units/s; database CPU ms/unit; CPU against the start",
         f"{rate_1_end:.2f}; {cpu_1_end:.0f}; {cpu_1_end / cpu_1 if cpu_1 else 0:.2f}x"),
        (f"(d) catalogue with {ready} units: pg_class / pg_attribute rows", f"{classes:,} / {attributes:,}"),
    ]
    for country, n in COUNTRY.items():
        minutes = n / end_rate / 60
        rows.append((f"(d) {country}, {n:,} units, at the rate at the end (extrapolated, minutes)",
                     f"{minutes:.0f} (target < {TARGETS_MIN[country]}: {'met' if minutes < TARGETS_MIN[country] else 'MISSED'})"))
    return rows + breakdown

