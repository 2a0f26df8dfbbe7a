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

