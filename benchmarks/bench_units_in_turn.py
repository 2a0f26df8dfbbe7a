"""GraphQL over many units in turn (`python -m benchmarks units_in_turn`; docs/ict/benchmarks.md):

UNITS units of vn-2025 (its provinces, then communes, in the dataset's order: parents before their units) provisioned
with PARALLEL processes and the portal enabled in each, then gunicorn as deployed (WORKERS workers) answering ROUNDS rounds of the portal's public
procedure query sent to each unit's host in turn by one client (benchmarks/units_in_turn.py): p50 / p95 / max, errors,
and the memory of the workers and of their PostgreSQL backends from the start to the end. Twice: with the deploy's
recycling (a worker after EGOV_WEB_MAX_REQUESTS, 2000, requests) and with workers recycled every RECYCLED requests,
to see whether memory grows with the units touched and whether recycling bounds it.

EGOV_BENCH_IN_TURN_UNITS (500), _ROUNDS (3), _WORKERS (2), _RECYCLED (UNITS / 2), _PARALLEL (4) set them.
"""

import os

from benchmarks.timing import timed
from benchmarks.units_in_turn import enable_modules, measure, rows
from tenants.models import Unit, UnitStatus
from tenants.services.datasets import load_dataset
from tenants.services.provisioning import provision_many
from tenants.services.units import record_units

DATASET = "vn-2025"
UNITS = int(os.environ.get("EGOV_BENCH_IN_TURN_UNITS") or 500)
ROUNDS = int(os.environ.get("EGOV_BENCH_IN_TURN_ROUNDS") or 3)
WORKERS = int(os.environ.get("EGOV_BENCH_IN_TURN_WORKERS") or 2)
RECYCLED = int(os.environ.get("EGOV_BENCH_IN_TURN_RECYCLED") or max(UNITS // 2, 10))
PARALLEL = int(os.environ.get("EGOV_BENCH_IN_TURN_PARALLEL") or 4)
TARGET_P95_MS = 50


def provision(n: int) -> list[Unit]:
    """The first n units of the dataset, ready, with the portal on; a prefix of it holds every unit's parent."""
    records = load_dataset(DATASET)[:n]
    record_units(records)
    units = list(Unit.objects.filter(code__in=[r.code for r in records]).order_by("code"))
    report = provision_many(units, parallel=PARALLEL)
    if report.failed:
        raise RuntimeError(f"{len(report.failed)} failed, e.g. {next(iter(report.failed.items()))}")
    ready = list(Unit.objects.filter(code__in=[r.code for r in records], status=UnitStatus.READY).order_by("code"))
    enable_modules(ready)
    return ready


def run() -> list[tuple[str, str]]:
    seconds, units = timed(lambda: provision(UNITS))
    result = [(f"{len(units)} units of {DATASET} provisioned (--parallel {PARALLEL}), the portal on (s)", f"{seconds:.1f}")]
    result += rows(measure(units, ROUNDS, WORKERS), "", TARGET_P95_MS)
    result += rows(measure(units, ROUNDS, WORKERS, max_requests=RECYCLED), "recycled: ", TARGET_P95_MS)
    return result
