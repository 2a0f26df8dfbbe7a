"""Migrating the fleet: the public schema, then the template, then only the units that are behind."""

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Q

from tenants.models import Unit, UnitStatus
from tenants.services.schema_migrations import code_fingerprint, migrate_schema, schema_fingerprints

# Units whose schema exists and must follow the code. A unit ended by a reorganisation (archived with an end date) is
# migrated too: it stays readable (its own members, its successors' administrators) through the current code, so its
# schema must follow the code; writes stay refused at its door (units_over_time.write_refusal), a migration is not
# one. A unit archived without an end date is taken out of service and keeps the state it was archived in.
MIGRATED_STATUSES = [UnitStatus.READY, UnitStatus.SUSPENDED]


def migrated_units():
    return Unit.objects.filter(Q(status__in=MIGRATED_STATUSES) | Q(status=UnitStatus.ARCHIVED, ended_on__isnull=False))


@dataclass
class FleetReport:
    behind: list[str] = field(default_factory=list)
    migrated: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def units_behind() -> list[tuple[str, str]]:
    """(code, schema) of every unit in service or ended by a reorganisation whose applied migrations differ from the
    code's, in one catalogue read."""
    units = list(migrated_units().order_by("code").values_list("code", "schema_name"))
    target = code_fingerprint()
    applied = schema_fingerprints([schema for _, schema in units])
    return [(code, schema) for code, schema in units if applied[schema] != target]


def _migrate_one(code: str, schema: str) -> tuple[str, str | None]:
    """Runs in a worker process: migrate one schema, record it on the unit. Returns (code, error or None)."""
    try:
        migrate_schema(schema)
        Unit.objects.filter(code=code).update(migration_fingerprint=code_fingerprint(), failure_reason="")
        return code, None
    except Exception as exc:  # noqa: BLE001 - reported to the parent, the unit stays behind and is retried next run
        Unit.objects.filter(code=code).update(failure_reason=f"migrate: {type(exc).__name__}: {exc}")
        return code, f"{type(exc).__name__}: {exc}"
    finally:
        connections.close_all()


def migrate_units(behind: list[tuple[str, str]], parallel: int = 2,
                  on_done: Callable[[str, str | None], None] | None = None) -> FleetReport:
    report = FleetReport(behind=[code for code, _ in behind])
    if not behind:
        return report
    results = []
    if parallel <= 1:
        results = [_migrate_one(code, schema) for code, schema in behind]
        for code, error in results:
            on_done and on_done(code, error)
    else:
        connections.close_all()  # children must open their own connections, never share the parent's socket
        with ProcessPoolExecutor(max_workers=parallel, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_migrate_one, code, schema) for code, schema in behind]
            for future in as_completed(futures):
                code, error = future.result()
                results.append((code, error))
                on_done and on_done(code, error)
    for code, error in results:
        if error:
            report.failed[code] = error
        else:
            report.migrated.append(code)
    return report


