"""Migration state of schemas: what the code expects, what each schema has, and migrating one schema."""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from tenants.naming import validate_schema_name
from tenants.services.across_schemas import across_schemas
from tenants.services.unit_context import in_schema


def _fingerprint(names) -> str:
    return hashlib.md5("\n".join(sorted(names)).encode()).hexdigest()


@lru_cache(maxsize=1)
def code_migrations() -> tuple[str, ...]:
    """Every migration the code ships, as sorted "app.name" (Django's migration graph, built once per process)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return tuple(sorted(f"{app}.{name}" for app, name in loader.graph.nodes))


def code_fingerprint() -> str:
    return _fingerprint(code_migrations())


# md5 over the sorted "app.name" lines the code knows, byte order (COLLATE "C") to match Python's sort. Rows of
# migrations the code no longer ships (a plug-in taken away) do not make a schema look behind for ever.
_SCHEMA_FP = (
    "SELECT md5(string_agg(app || '.' || name, E'\\n' ORDER BY app || '.' || name COLLATE \"C\")) "
    'FROM "{schema}".django_migrations WHERE app || \'.\' || name = ANY(%(known)s)'
)


def schema_fingerprints(schemas: list[str]) -> dict[str, str | None]:
    """Fingerprint of each schema's applied migrations (None: no schema or no table): one catalogue read, then
    one statement per batch of schemas (tenants.services.across_schemas)."""
    result: dict[str, str | None] = dict.fromkeys(schemas)
    if not schemas:
        return result
    rows = across_schemas(schemas, "SELECT '{schema}', (" + _SCHEMA_FP + ")",
                          {"known": list(code_migrations())}, table="django_migrations")
    result.update(dict(rows))
    return result


def migrate_schema(schema_name: str) -> None:
    """Apply every pending migration to one unit schema (tenant apps only; shared apps are recorded, not applied)."""
    if schema_name != settings.EGOV_TEMPLATE_SCHEMA:
        validate_schema_name(schema_name)
    with connection.cursor() as cur:
        cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema_name}"')
    with in_schema(schema_name, include_public=False):
        # The recorder's table must be created in this schema, not found in public.
        MigrationRecorder(connection).ensure_schema()
    with in_schema(schema_name):
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        executor.migrate(targets, plan=executor.migration_plan(targets))


# --- A release that changes only the platform's apps --------------------------------------------------------------
# The platform's own apps (in SHARED_APPS, not in TENANT_APPS) have no tables in units' schemas: migrating a unit only
# records their migrations there (django-tenants' router applies none of their operations, RunPython included). A
# release that adds one of those made every unit go through Django's executor, about 0.1 s of Python a unit: 13 min
# for the 11,370 units of the three-level country on 2 processes. Such units get the records by SQL instead.

@lru_cache(maxsize=1)
def _unit_app_labels() -> frozenset[str]:
    from django.apps import apps

    return frozenset(c.label for c in apps.get_app_configs() if c.name in settings.TENANT_APPS)


def platform_only_migrations() -> list[str]:
    """The code's migrations of apps with no tables in units' schemas, as "app.name"."""
    return [m for m in code_migrations() if m.split(".", 1)[0] not in _unit_app_labels()]


def only_records_missing(schemas: list[str]) -> list[str]:
    """Those of `schemas` whose migrations of the apps living in units are exactly the code's: what they lack can only
    be records of the platform's apps."""
    unit_part = [m for m in code_migrations() if m.split(".", 1)[0] in _unit_app_labels()]
    rows = across_schemas(schemas, "SELECT '{schema}', (" + _SCHEMA_FP + ")", {"known": unit_part},
                          table="django_migrations")
    target = _fingerprint(unit_part)
    return [schema for schema, fingerprint in rows if fingerprint == target]


_RECORD = (
    'INSERT INTO "{schema}".django_migrations (app, name, applied) '
    "SELECT split_part(m, '.', 1), substr(m, strpos(m, '.') + 1), now() FROM unnest(%(missing)s::text[]) AS m "
    'WHERE NOT EXISTS (SELECT 1 FROM "{schema}".django_migrations d WHERE d.app || \'.\' || d.name = m)'
)


def record_platform_migrations(schemas: list[str], per_statement: int = 50) -> None:
    """Record the platform apps' migrations each schema lacks, as Django's executor would (names read back from the
    catalogue by `only_records_missing`, or checked by the caller); call inside a transaction."""
    missing = platform_only_migrations()
    with connection.cursor() as cur:
        for start in range(0, len(schemas), per_statement):
            cur.execute("; ".join(_RECORD.format(schema=s) for s in schemas[start:start + per_statement]),
                        {"missing": missing})
