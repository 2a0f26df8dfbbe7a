"""Migrating the fleet: the public schema, then the template, then only the units that are behind."""

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from itertools import zip_longest

from django.db import connections, transaction
from django.db.models import Q

from tenants.database_servers import DEFAULT, unit_servers
from tenants.models import Unit, UnitStatus
from tenants.services.schema_migrations import (
    code_fingerprint,
    migrate_schema,
    only_records_missing,
    record_platform_migrations,
    schemas_current,
)
from tenants.services.unit_context import on_server

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


def units_behind(verify: bool = False) -> list[tuple[str, str, str]]:
    """(code, schema, server) of every unit in service or ended by a reorganisation whose applied migrations differ
    from the code's for the apps its schema holds (tenants.services.schema_migrations); the servers' units
    interleaved, so that parallel processes keep every server busy.

    The registry first: every path that makes or changes a unit's schema (provisioning, `egov migrate`, a restore)
    records the schema's fingerprint on the unit, so only units recorded at another fingerprint have their schema
    read (one catalogue read per server); the registry records the code's fingerprint a schema was made current
    with. Reading all 11,367 schemas of a country took 4.6 s of a no-op run.
    `verify=True` (`egov migrate --verify`, `--check`) reads every unit's schema: a schema changed by hand behind
    the registry's back is found there."""
    target = code_fingerprint()
    per_server = []
    for alias in unit_servers():
        units = migrated_units().filter(database=alias)
        if not verify:
            units = units.exclude(migration_fingerprint=target)
        units = list(units.order_by("code").values_list("code", "schema_name"))
        with on_server(alias):
            current = schemas_current([schema for _, schema in units])
        per_server.append([(code, schema, alias) for code, schema in units if not current[schema]])
    return [unit for batch in zip_longest(*per_server) for unit in batch if unit is not None]


def _migrate_one(code: str, schema: str, server: str = DEFAULT) -> tuple[str, str | None]:
    """Runs in a worker process: migrate one schema on its server, record it on the unit. Returns (code, error or
    None)."""
    try:
        with on_server(server):
            migrate_schema(schema)
        Unit.objects.filter(code=code).update(migration_fingerprint=code_fingerprint(), failure_reason="")
        return code, None
    except Exception as exc:  # noqa: BLE001 - reported to the parent, the unit stays behind and is retried next run
        Unit.objects.filter(code=code).update(failure_reason=f"migrate: {type(exc).__name__}: {exc}")
        return code, f"{type(exc).__name__}: {exc}"
    finally:
        connections.close_all()


def _record_only(behind: list[tuple[str, str, str]]) -> list[str]:
    """The codes of the units behind only in the platform's apps, brought current by recording those migrations
    (tenants.services.schema_migrations): one transaction per server, the registry updated with it."""
    target, done = code_fingerprint(), []
    for alias in dict.fromkeys(server for *_, server in behind):
        codes = {schema: code for code, schema, server in behind if server == alias}
        with on_server(alias), transaction.atomic():
            schemas = only_records_missing(list(codes))
            record_platform_migrations(schemas)
            current = [s for s, ok in schemas_current(schemas).items() if ok]
        Unit.objects.filter(schema_name__in=current).update(migration_fingerprint=target, failure_reason="")
        done += [codes[s] for s in current]
    return done


def migrate_units(behind: list[tuple[str, str, str]], parallel: int = 2,
                  on_done: Callable[[str, str | None], None] | None = None) -> FleetReport:
    report = FleetReport(behind=[code for code, *_ in behind])
    if not behind:
        return report
    recorded = set(_record_only(behind))
    for code in sorted(recorded):
        report.migrated.append(code)
        on_done and on_done(code, None)
    behind = [unit for unit in behind if unit[0] not in recorded]
    if not behind:
        return report
    results = []
    if parallel <= 1:
        results = [_migrate_one(*unit) for unit in behind]
        for code, error in results:
            on_done and on_done(code, error)
    else:
        connections.close_all()  # children must open their own connections, never share the parent's socket
        with ProcessPoolExecutor(max_workers=parallel, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_migrate_one, *unit) for unit in behind]
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


