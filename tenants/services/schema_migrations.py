"""Migration state of schemas: what the code expects, what each schema has, and migrating one schema.

A unit's schema holds the kernel's tables (the unit apps that are no module's) and the tables of each module ever
enabled there (tenants.services.unit_tables makes them on enabling; disabling keeps them). Which of the unit apps a
schema holds is read from its own migration records, so "current" means: every migration of the code for the apps it
holds (and the apps those depend on), and the records of the platform's apps. The template holds every unit app.
"""

import hashlib
from functools import cache, lru_cache

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
def migration_graph():
    """Django's migration graph of the code, built once per process."""
    return MigrationLoader(None, ignore_no_migrations=True).graph


@lru_cache(maxsize=1)
def code_migrations() -> tuple[str, ...]:
    """Every migration the code ships, as sorted "app.name"."""
    return tuple(sorted(f"{app}.{name}" for app, name in migration_graph().nodes))


def code_fingerprint() -> str:
    """Every migration of the code: what the template has applied when current."""
    return _fingerprint(code_migrations())


@lru_cache(maxsize=1)
def app_labels() -> dict[str, str]:
    """{app's dotted name: its label} of the installed apps (fixed once Django is set up)."""
    from django.apps import apps

    return {c.name: c.label for c in apps.get_app_configs()}


@lru_cache(maxsize=1)
def unit_app_labels() -> frozenset[str]:
    """The apps with tables in units' schemas (settings.TENANT_APPS, those with migrations), by label."""
    migrated = {app for app, _name in migration_graph().nodes}
    return frozenset(label for name, label in app_labels().items() if name in settings.TENANT_APPS and label in migrated)


@cache
def unit_apps(holding: frozenset[str] = frozenset()) -> frozenset[str]:
    """The unit apps a schema holding `holding` (labels) must have: those, the kernel's (every unit app that is no
    module's) and every unit app their migrations, or the platform's, depend on."""
    from core.modules.registry import module_apps

    label_of = app_labels()
    modules = {label_of[name] for name in module_apps(shared=False) if name in label_of}
    labels = unit_app_labels()
    graph = migration_graph()
    wanted = (labels - modules) | (frozenset(holding) & labels)
    while True:
        roots = [leaf for leaf in graph.leaf_nodes() if leaf[0] in wanted or leaf[0] not in labels]
        grown = wanted | {app for leaf in roots for app, _name in graph.forwards_plan(leaf) if app in labels}
        if grown == wanted:
            return frozenset(wanted)
        wanted = grown


@cache
def unit_fingerprint(holding: frozenset[str] = frozenset()) -> str:
    """The fingerprint of a current schema holding these unit apps (`unit_apps`); of a new unit's: no argument."""
    have = unit_apps(holding)
    labels = unit_app_labels()
    return _fingerprint(m for m in code_migrations() if m.split(".", 1)[0] in have or m.split(".", 1)[0] not in labels)


# md5 over the sorted "app.name" lines the code knows, byte order (COLLATE "C") to match Python's sort. Rows of
# migrations the code no longer ships (a plug-in taken away) do not make a schema look behind for ever.
_SCHEMA_FP = (
    "SELECT md5(string_agg(app || '.' || name, E'\\n' ORDER BY app || '.' || name COLLATE \"C\")) "
    'FROM "{schema}".django_migrations WHERE app || \'.\' || name = ANY(%(known)s)'
)


def schema_fingerprints(schemas: list[str]) -> dict[str, str | None]:
    """Fingerprint of each schema's applied migrations (None: no schema or no table): one catalogue read, then
    one statement per batch of schemas (tenants.services.across_schemas)."""
    return {schema: state[0] if state else None for schema, state in schema_states(schemas).items()}


_SCHEMA_APPS = (
    'SELECT array_agg(DISTINCT app) FROM "{schema}".django_migrations WHERE app = ANY(%(units)s)'
)


def schema_states(schemas: list[str]) -> dict[str, tuple[str, frozenset[str]] | None]:
    """(fingerprint, the unit apps it holds) of each schema (None: no schema or no migration table)."""
    result: dict[str, tuple[str, frozenset[str]] | None] = dict.fromkeys(schemas)
    if not schemas:
        return result
    rows = across_schemas(schemas, "SELECT '{schema}', (" + _SCHEMA_FP + "), (" + _SCHEMA_APPS + ")",
                          {"known": list(code_migrations()), "units": sorted(unit_app_labels())},
                          table="django_migrations")
    result.update({schema: (fingerprint, frozenset(held or ())) for schema, fingerprint, held in rows})
    return result


def is_current(state: tuple[str, frozenset[str]] | None) -> bool:
    """Whether a schema in this state (`schema_states`) has every migration the code has for the apps it holds."""
    return state is not None and state[0] == unit_fingerprint(state[1])


def schemas_current(schemas: list[str]) -> dict[str, bool]:
    return {schema: is_current(state) for schema, state in schema_states(schemas).items()}


def schema_apps(schema: str) -> frozenset[str]:
    """The unit apps whose tables an existing schema holds (by its migration records): one small query, asked on
    requests (core.modules.services.holds_tables)."""
    quoted = '"' + schema.replace('"', '""') + '"'
    with connection.cursor() as cur:
        cur.execute(f"SELECT DISTINCT app FROM {quoted}.django_migrations WHERE app = ANY(%s)", [sorted(unit_app_labels())])
        return frozenset(row[0] for row in cur.fetchall())


def migrate_schema(schema_name: str, holding: frozenset[str] | None = None) -> None:
    """Apply the pending migrations of one schema's apps (shared apps are recorded, not applied): the apps it holds
    already and `holding` (labels) - `unit_apps`; a new schema's: the kernel's. The template: every unit app."""
    if schema_name != settings.EGOV_TEMPLATE_SCHEMA:
        validate_schema_name(schema_name)
    with connection.cursor() as cur:
        cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema_name}"')
    with in_schema(schema_name, include_public=False):
        # The recorder's table must be created in this schema, not found in public.
        MigrationRecorder(connection).ensure_schema()
    if schema_name == settings.EGOV_TEMPLATE_SCHEMA:
        holding = unit_app_labels()
    wanted = unit_apps(schema_apps(schema_name) | (holding or frozenset()))
    labels = unit_app_labels()
    with in_schema(schema_name):
        executor = MigrationExecutor(connection)
        targets = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] in wanted or leaf[0] not in labels]
        executor.migrate(targets, plan=executor.migration_plan(targets))


# --- A release that changes only the platform's apps --------------------------------------------------------------
# The platform's own apps (in SHARED_APPS, not in TENANT_APPS) have no tables in units' schemas: migrating a unit only
# records their migrations there (django-tenants' router applies none of their operations, RunPython included). A
# release that adds one of those made every unit go through Django's executor, about 0.1 s of Python a unit: 13 min
# for the 11,370 units of the three-level country on 2 processes. Such units get the records by SQL instead.

def platform_only_migrations() -> list[str]:
    """The code's migrations of apps with no tables in units' schemas, as "app.name"."""
    return [m for m in code_migrations() if m.split(".", 1)[0] not in unit_app_labels()]


def only_records_missing(schemas: list[str]) -> list[str]:
    """Those of `schemas` whose migrations of the unit apps they hold are exactly the code's: what they lack can only
    be records of the platform's apps."""
    labels = unit_app_labels()
    unit_part = [m for m in code_migrations() if m.split(".", 1)[0] in labels]
    rows = across_schemas(schemas, "SELECT '{schema}', (" + _SCHEMA_FP + "), (" + _SCHEMA_APPS + ")",
                          {"known": unit_part, "units": sorted(labels)}, table="django_migrations")

    def target(held) -> str:
        have = unit_apps(frozenset(held or ()))
        return _fingerprint(m for m in unit_part if m.split(".", 1)[0] in have)

    return [schema for schema, fingerprint, held in rows if fingerprint == target(held)]


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
