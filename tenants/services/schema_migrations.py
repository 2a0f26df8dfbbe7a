"""Migration state of schemas: what the code expects, what each schema has, and migrating one schema."""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from tenants.naming import validate_schema_name


def _fingerprint(names) -> str:
    return hashlib.md5("\n".join(sorted(names)).encode()).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Fingerprint of every migration the code ships (built from Django's migration graph once per process)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return _fingerprint(f"{app}.{name}" for app, name in loader.graph.nodes)


# md5 over the sorted "app.name" lines, byte order (COLLATE "C") to match Python's sort.
_SCHEMA_FP = (
    "SELECT md5(string_agg(app || '.' || name, E'\\n' ORDER BY app || '.' || name COLLATE \"C\")) "
    'FROM "{schema}".django_migrations'
)


def schemas_with_migrations(schema_names: list[str]) -> set[str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'django_migrations' "
            "AND table_schema = ANY(%s)",
            [list(schema_names)],
        )
        return {row[0] for row in cur.fetchall()}


def schema_fingerprints(schema_names: list[str]) -> dict[str, str | None]:
    """Fingerprint of each schema's applied migrations, in one query over all of them (None: no schema/table)."""
    result: dict[str, str | None] = dict.fromkeys(schema_names)
    present = [s for s in schema_names if s in schemas_with_migrations(schema_names)]
    if not present:
        return result
    sql = " UNION ALL ".join(f"SELECT '{s}', ({_SCHEMA_FP.format(schema=s)})" for s in present)
    with connection.cursor() as cur:
        cur.execute(sql)
        result.update(dict(cur.fetchall()))
    return result


def migrate_schema(schema_name: str) -> None:
    """Apply every pending migration to one unit schema (tenant apps only; shared apps are recorded, not applied)."""
    if schema_name != settings.EGOV_TEMPLATE_SCHEMA:
        validate_schema_name(schema_name)
    with connection.cursor() as cur:
        cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema_name}"')
    connection.set_schema(schema_name, include_public=False)
    try:
        # The recorder's table must be created in this schema, not found in public.
        MigrationRecorder(connection).ensure_schema()
        connection.set_schema(schema_name)
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        executor.migrate(targets, plan=executor.migration_plan(targets))
    finally:
        connection.set_schema_to_public()

