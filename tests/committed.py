"""Committed data, for tests whose data other connections must see (`egov migrate`'s processes, a Celery worker).

    from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures

    def test_something(make_committed_unit):       # or (transactional_db) when no unit is needed
        unit = make_committed_unit("91301")        # recorded and provisioned, committed

In the modules that import it, `transactional_db` is this one rather than pytest-django's: the test runs in
autocommit and may fork processes or start threads; afterwards the schemas it created (units', and the spares
provisioning makes) are dropped and every row it added to the public tables is deleted, so the database is again as
migrations left it. A unit a crashed earlier run left under a code the test asks for is removed first. pytest-django's own
empties the public tables with a TRUNCATE, which would also remove what migrations put there (unit kinds,
permissions, content types) and leave the template's and units' references to those rows dangling (they are kept
without foreign keys: tenants.services.references). Such a test must not also ask for `db` (conftest's make_unit, unit_a, unit_b do).
"""

import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, router, transaction

from tenants.models import Unit
from tenants.services.provisioning import provision_unit
from tenants.services.units import UnitRecord, record_units


def _public_tables() -> dict[str, str]:
    """db_table -> SQL of its primary key as text, for every table of the public schema's models."""
    existing = set(connection.introspection.table_names())
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table not in existing:
            continue
        if not router.allow_migrate_model(DEFAULT_DB_ALIAS, model):
            continue
        columns = ", ".join(connection.ops.quote_name(f.column) for f in opts.pk_fields)
        tables[opts.db_table] = f"ROW({columns})::text"
    return tables


def _rows() -> dict[str, set[str]]:
    rows = {}
    with connection.cursor() as cur:
        for table, key in _public_tables().items():
            cur.execute(f"SELECT {key} FROM {connection.ops.quote_name(table)}")
            rows[table] = {row[0] for row in cur.fetchall()}
    return rows


def _schemas() -> set[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'")  # not sessions' temp schemas
        return {row[0] for row in cur.fetchall()}


def _delete_rows_added_since(snapshot: dict[str, set[str]]) -> None:
    # Django's foreign keys are deferred: delete in any order, checked once at commit.
    with transaction.atomic(), connection.cursor() as cur:
        for table, key in _public_tables().items():
            cur.execute(f"DELETE FROM {connection.ops.quote_name(table)} WHERE NOT ({key} = ANY(%s))",
                        [list(snapshot.get(table, ()))])


@pytest.fixture(name="transactional_db")
def transactional_db_committed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        rows_before, schemas_before = _rows(), _schemas()
        try:
            yield
        finally:
            connection.set_schema_to_public()
            with connection.cursor() as cur:
                for schema in sorted(_schemas() - schemas_before):
                    cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            _delete_rows_added_since(rows_before)


@pytest.fixture(name="make_committed_unit")
def make_committed_unit_fixture(transactional_db):
    def make(code: str, name: str | None = None, kind: str = "commune", parent: str = "", method: str = "clone") -> Unit:
        """A ready unit (cloned from the template by default), committed."""
        _remove_leftover(code)
        record_units([UnitRecord(code, name or f"Đơn vị {code}", kind, parent)])
        unit = Unit.objects.get(code=code)
        provision_unit(unit, method)
        unit.refresh_from_db()
        return unit

    return make


def _remove_leftover(code: str) -> None:
    """A unit committed under this code by an earlier run that died before its clean-up (a killed pytest)."""
    leftover = Unit.objects.filter(code=code).first()
    if leftover is None:
        return
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{leftover.schema_name}" CASCADE')
        leftover.delete()
