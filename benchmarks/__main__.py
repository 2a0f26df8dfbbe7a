"""`make bench` (`python -m benchmarks [NAME ...]`): the platform's figures, measured on a database made for the run.

The runner creates the database `egov_bench` (EGOV_BENCH_DATABASE overrides the name) on DATABASE_URL's server, or on
the embedded PostgreSQL when DATABASE_URL is unset; points Django at it; migrates; runs `run()` of every benchmark
module (benchmarks/bench_*.py, or those named on the command line: `python -m benchmarks provisioning`); prints one
table; and drops the database, also when a benchmark fails (EGOV_BENCH_KEEP=1 keeps it, to measure more on it).

A benchmark module has `run() -> list[tuple[str, str]]` (figure, value). bench_provisioning runs last: it leaves more
than 1,000 units in the database.
"""

import importlib
import os
import sys
import time
import traceback
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

FIRST = ["bench_calendar", "bench_graphql"]  # then any other bench_*.py in name order
LAST = ["bench_provisioning", "bench_provisioning_scale", "bench_country"]  # fill the database with units: last
BENCH_DATABASE = os.environ.get("EGOV_BENCH_DATABASE") or "egov_bench"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from core.dbserver import embedded_database_url  # starts the embedded server under .data/pg if needed

    return embedded_database_url()


def _admin(url: str, *statements: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(statement)
    finally:
        conn.close()


def _all_modules() -> list[str]:
    from pathlib import Path

    present = sorted(p.stem for p in Path(__file__).resolve().parent.glob("bench_*.py"))
    middle = [n for n in present if n not in FIRST + LAST]
    return [n for n in FIRST if n in present] + middle + [n for n in LAST if n in present]


def _load(names: list[str]):
    """The benchmark modules present; a module that is absent is skipped, one that fails to import is an error."""
    modules = []
    for name in names:
        dotted = f"benchmarks.{name}"
        try:
            modules.append((name, importlib.import_module(dotted)))
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
    return modules


def main(argv: list[str]) -> int:
    names = [n if n.startswith("bench_") else f"bench_{n}" for n in argv] or _all_modules()
    server = _server_url()
    bench_url = _with_database(server, BENCH_DATABASE)
    quoted = '"' + BENCH_DATABASE.replace('"', '""') + '"'
    _admin(server, f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", f"CREATE DATABASE {quoted}")
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    started, started_at = time.perf_counter(), datetime.now().astimezone()
    rows: list[tuple[str, str, str]] = []
    failed = 0
    server_version = "?"
    try:
        import django

        django.setup()
        modules = _load(names)  # before migrating: a module that cannot be imported stops the run here
        from django.core.management import call_command
        from django.db import connections
        from rich.console import Console

        console = Console(stderr=True)
        server_version = str(connections["default"].pg_version // 10000)
        rows.append(("runner", "machine load average at start (1 min)", f"{os.getloadavg()[0]:.1f}"))
        with console.status(f"Migrating {BENCH_DATABASE}"):
            t0 = time.perf_counter()
            call_command("migrate", verbosity=0)
            rows.append(("runner", "migrate a new database (s)", f"{time.perf_counter() - t0:.1f}"))
        for name, module in modules:
            with console.status(f"Running {name}"):
                t0 = time.perf_counter()
                try:
                    figures = module.run()
                except Exception:  # noqa: BLE001 - the other benchmarks still run; the exit status reports it
                    failed += 1
                    console.print(f"[red]{name} failed:[/red]\n{traceback.format_exc()}")
                    rows.append((name, "FAILED (see above)", ""))
                    continue
            rows += [(name, str(label), str(value)) for label, value in figures]
            console.print(f"{name}: {time.perf_counter() - t0:.1f} s")
        rows.append(("runner", "machine load average at the end (1 min)", f"{os.getloadavg()[0]:.1f}"))
        connections.close_all()
    finally:
        if os.environ.get("EGOV_BENCH_KEEP") != "1":
            _admin(server, f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
    _print(rows, time.perf_counter() - started, server_version, started_at)
    return 1 if failed else 0


def _print(rows: list[tuple[str, str, str]], total: float, server_version: str, started_at: datetime) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"egov benchmarks - {started_at:%Y-%m-%d %H:%M %Z}, {os.cpu_count()} CPUs, "
                        f"PostgreSQL {server_version}")
    table.add_column("benchmark")
    table.add_column("figure")
    table.add_column("value", justify="right")
    previous = None
    for bench, label, value in rows:
        table.add_row(bench if bench != previous else "", label, value)
        previous = bench
    console = Console(width=max(Console().width, 120))
    console.print(table)
    console.print(f"Total {total:.0f} s.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
