"""What each module's tables cost every unit when it is provisioned (docs/ict/benchmarks.md, "Cả nước", third series).

A unit's schema is a copy of the template (tenants.services.schema_clone): every table of every module the
installation loads, enabled or not. This group times that copy - one transaction each, median of ROUNDS, the schemas
dropped at the end - for the whole script, for the kernel's tables only (the unit apps that are not modules, and
Django's migration records), and for the kernel plus each module (with the modules it depends on): the milliseconds
each module adds to every unit, and the lever measured by the "module tables made when first enabled" design that
docs/ict/provisioning.md describes as not built.
"""

import re
import statistics
import time

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from benchmarks.server_cpu import backend_cpu
from core.modules.registry import all_manifests
from tenants.services.schema_clone import _PLACEHOLDER, clone_script
from tenants.services.template import ensure_template, template_fingerprint

ROUNDS = 20
PREFIX = "bench_tables_"
_TABLE = re.compile(r'"' + re.escape(_PLACEHOLDER) + r'"\."?([A-Za-z0-9_]+)')


def _tables_of(app_names) -> set[str]:
    """The tables of these Django apps (their models and the many-to-many tables Django makes for them)."""
    tables = set()
    for name in app_names:
        config = next(c for c in apps.get_app_configs() if c.name == name)
        tables |= {m._meta.db_table for m in config.get_models(include_auto_created=True)}
    return tables


def _statements(script: str) -> list[tuple[str, str]]:
    """(statement, the table it makes or changes: "" for the schema itself)."""
    out = []
    for statement in script.split(";\n"):
        found = _TABLE.search(statement)
        out.append((statement, found.group(1) if found else ""))
    return out


def _limited(statements, tables: set[str]) -> str:
    return ";\n".join(s for s, table in statements if table == "" or table in tables)


def _with_dependencies(module_id: str, manifests) -> list[str]:
    seen: list[str] = []

    def visit(mid):
        for dep in manifests[mid].depends:
            visit(dep)
        if mid not in seen:
            seen.append(mid)

    visit(module_id)
    return seen


def _costs(scripts: dict[str, str]) -> dict[str, tuple[float, float]]:
    """{label: (median wall time, the database server's CPU per copy)} in ms. The CPU bounds provisioning many units
    side by side; one copy's wall time also waits for the disk (each index build is fsynced up to PostgreSQL 16).
    Interleaved, each copy dropped at once: drift and the catalogue's size hit every script alike."""
    wall: dict[str, list[float]] = {label: [] for label in scripts}
    cpu = dict.fromkeys(scripts, 0.0)
    for _round in range(ROUNDS):
        for label, script in scripts.items():
            before, started = backend_cpu(), time.perf_counter()
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(script.replace(_PLACEHOLDER, PREFIX + label))
            wall[label].append(time.perf_counter() - started)
            cpu[label] += backend_cpu() - before
            with connection.cursor() as cur:
                cur.execute(f'DROP SCHEMA "{PREFIX}{label}" CASCADE')
    return {label: (1000 * statistics.median(wall[label]), 1000 * cpu[label] / ROUNDS) for label in scripts}


def _drop() -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [PREFIX + "%"])
        for (name,) in cur.fetchall():
            cur.execute(f'DROP SCHEMA "{name}" CASCADE')


def run() -> list[tuple[str, str]]:
    ensure_template()
    manifests = all_manifests()  # shared modules' tables live in public: none in the script
    statements = _statements(clone_script(settings.EGOV_TEMPLATE_SCHEMA, template_fingerprint()))
    module_apps = {m.app for m in manifests.values()}
    kernel = _tables_of([a for a in settings.TENANT_APPS if a not in module_apps]) | {"django_migrations"}
    full_tables = {table for _s, table in statements if table}
    scripts = {"all": ";\n".join(s for s, _t in statements), "kernel": _limited(statements, kernel)}
    owned = {}
    for mid in manifests:
        own = _tables_of([manifests[mid].app]) & full_tables
        if own:
            owned[mid] = len(own)
            scope = kernel | _tables_of([manifests[m].app for m in _with_dependencies(mid, manifests)])
            scripts[mid] = _limited(statements, scope)
    try:
        costs = _costs(scripts)
        (wall, cpu), (base_wall, base_cpu) = costs["all"], costs["kernel"]
        rows = [
            (f"one unit's schema, every table ({len(full_tables)}): wall (median of {ROUNDS}), server CPU (ms)",
             f"{wall:.1f}, {cpu:.1f}"),
            (f"the kernel's tables only ({len(kernel & full_tables)}): wall, server CPU (ms)",
             f"{base_wall:.1f}, {base_cpu:.1f} ({cpu / max(base_cpu, 0.1):.1f}x less CPU)"),
        ]
        for mid, count in owned.items():
            tables = f"{count} table{'s' if count > 1 else ''}"
            rows.append((f"+ {mid} ({tables}, with the modules it depends on): wall, server CPU (ms)",
                         f"{costs[mid][0] - base_wall:+.1f}, {costs[mid][1] - base_cpu:+.1f}"))
        return rows
    finally:
        _drop()


if __name__ == "__main__":
    import django

    django.setup()
    for name, value in run():
        print(f"{name}: {value}")
