"""What a new unit's schema costs, and what enabling each module adds (docs/ict/benchmarks.md, "Cả nước").

A new unit gets the kernel's tables from the template (tenants.services.schema_clone.clone_schema); a module's tables
are made when it is first enabled there (clone_apps, through tenants.services.unit_tables). This group times, one
transaction each, median of ROUNDS, the schemas dropped at the end: a new unit's schema; a schema holding every
module's tables (what every unit cost before, and still the template); and for each module, the tables its first
enabling adds to a new unit (with the modules it depends on) - the database server's CPU too.
"""

import statistics
import time

from django.db import connection, transaction

from benchmarks.server_cpu import backend_cpu
from core.modules.registry import all_manifests
from tenants.services.schema_clone import clone_apps, clone_schema
from tenants.services.schema_migrations import unit_app_labels, unit_apps
from tenants.services.template import ensure_template, template_fingerprint
from tenants.services.unit_tables import module_app_labels

ROUNDS = 20
PREFIX = "u_bench_tables_"


def _timed(step) -> tuple[float, float]:
    before, started = backend_cpu(), time.perf_counter()
    step()
    return time.perf_counter() - started, backend_cpu() - before


def _costs(fingerprint: str, modules: dict[str, frozenset[str]]) -> dict[str, tuple[float, float]]:
    """{label: (median wall time, the database server's CPU per copy)} in ms, interleaved so that drift and the
    catalogue's size hit every case alike; each schema dropped at once."""
    cases = ["kernel", "every"] + list(modules)
    wall: dict[str, list[float]] = {label: [] for label in cases}
    cpu = dict.fromkeys(cases, 0.0)
    for n in range(ROUNDS):
        for label in cases:
            schema = f"{PREFIX}{n}_{label}"
            with transaction.atomic():
                if label in modules:  # the module's first enabling in a new unit: its tables only are timed
                    clone_schema(schema, fingerprint)
                    took = _timed(lambda schema=schema, label=label: clone_apps(schema, fingerprint, modules[label]))
                else:
                    holding = unit_app_labels() if label == "every" else frozenset()
                    took = _timed(lambda schema=schema, holding=holding: clone_schema(schema, fingerprint, holding))
            wall[label].append(took[0])
            cpu[label] += took[1]
            with connection.cursor() as cur:
                cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return {label: (1000 * statistics.median(wall[label]), 1000 * cpu[label] / ROUNDS) for label in cases}


def run() -> list[tuple[str, str]]:
    ensure_template()
    fingerprint = template_fingerprint()
    modules = {}
    for mid in all_manifests():  # shared modules' tables live in public: nothing to make in a unit
        added = unit_apps(module_app_labels([mid])) - unit_apps()
        if added:
            modules[mid] = added
    costs = _costs(fingerprint, modules)
    (wall, cpu), (every_wall, every_cpu) = costs["kernel"], costs["every"]
    rows = [
        (f"a new unit's schema, the kernel's tables: wall (median of {ROUNDS}), server CPU (ms)", f"{wall:.1f}, {cpu:.1f}"),
        ("a schema holding every module's tables (the template): wall, server CPU (ms)",
         f"{every_wall:.1f}, {every_cpu:.1f} ({every_cpu / max(cpu, 0.1):.1f}x the CPU)"),
    ]
    for mid, added in modules.items():
        rows.append((f"first enabling of {mid} ({', '.join(sorted(added))}): wall, server CPU (ms)",
                     f"{costs[mid][0]:.1f}, {costs[mid][1]:.1f}"))
    return rows


if __name__ == "__main__":
    import django

    django.setup()
    for name, value in run():
        print(f"{name}: {value}")
