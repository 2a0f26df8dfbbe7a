"""A unit cloned from the template and a unit built by running migrations are the same schema."""

import psycopg2
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from schema_catalogue import describe_schema, differences

from core.modules.services import enable
from tenants.models import Unit, UnitStatus
from tenants.services import entered, provisioning, schema_clone
from tenants.services.provisioning import provision_unit, schema_exists
from tenants.services.schema_migrations import (
    code_fingerprint,
    migrate_schema,
    schema_apps,
    schema_fingerprints,
    schemas_current,
    unit_app_labels,
    unit_apps,
    unit_fingerprint,
)
from tenants.services.unit_tables import make_app_tables
from tenants.services.units import UnitRecord, record_units

TEMPLATE = settings.EGOV_TEMPLATE_SCHEMA
LOCK_SQL = "SELECT pg_try_advisory_xact_lock(hashtext('egov-template'))"


@pytest.fixture(autouse=True)
def _clone_script_read_afresh():
    """The clone script is cached per template fingerprint; tests here change the template by hand, so drop it."""
    schema_clone._cache.clear()
    yield
    schema_clone._cache.clear()


@pytest.fixture
def other_session(db):
    """A second session on the test database, as another worker or `egov provision` would have."""
    conn = psycopg2.connect(**connection.get_connection_params())  # host, port or socket as Django connects
    yield conn
    conn.rollback()
    conn.close()


def test_clone_and_migrate_give_identical_schemas(make_unit):
    cloned = make_unit("91201", method="clone")
    migrated = make_unit("91202", method="migrate")
    assert (cloned.provisioned_method, migrated.provisioned_method) == ("clone", "migrate")

    by_clone, by_migrate = describe_schema(cloned.schema_name), describe_schema(migrated.schema_name)
    assert by_clone["relations"] and by_clone["columns"] and by_clone["indexes"] and by_clone["migrations"]
    # A migration edited in place keeps its name, so the template (built from the old text) still looks current:
    # with --reuse-db that shows up here first; --create-db rebuilds it.
    assert differences(by_clone, by_migrate) == [], "the template differs from what the migrations build"
    fingerprints = schema_fingerprints([cloned.schema_name, migrated.schema_name])
    assert set(fingerprints.values()) == {unit_fingerprint()}
    # A new unit holds the kernel's tables only; the template every unit app's.
    assert schema_apps(cloned.schema_name) == unit_apps() < unit_app_labels() == schema_apps(TEMPLATE)
    assert schema_fingerprints([TEMPLATE])[TEMPLATE] == code_fingerprint()


def test_module_tables_made_later_by_clone_or_by_migrations_are_the_templates(make_unit):
    """A module's tables made on its first enabling - from the clone script, or by its migrations when the template
    is behind - are the template's: a unit with every module is the template."""
    cloned, migrated = make_unit("91210"), make_unit("91211", method="migrate")
    every = unit_app_labels()
    with entered(cloned):
        assert make_app_tables(cloned.schema_name, every) == every - unit_apps()
        assert make_app_tables(cloned.schema_name, every) == frozenset()  # nothing twice
    migrate_schema(migrated.schema_name, every)  # what make_app_tables runs when the template is behind
    template = describe_schema(TEMPLATE)
    assert differences(template, describe_schema(cloned.schema_name)) == []
    assert differences(template, describe_schema(migrated.schema_name)) == []
    assert schemas_current([cloned.schema_name, migrated.schema_name]) == {
        cloned.schema_name: True, migrated.schema_name: True}


def test_a_cloned_unit_can_record_further_rows(make_unit):
    """Identity sequences continue after the copied rows: the next migration recorded does not collide."""
    unit = make_unit("91203")
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {unit.schema_name}.django_migrations (app, name, applied) "
                    "VALUES ('kernel_test', '0001_next', now()) RETURNING id")
        new_id = cur.fetchone()[0]
        cur.execute(f"SELECT max(id) FROM {unit.schema_name}.django_migrations WHERE app <> 'kernel_test'")
        assert new_id > cur.fetchone()[0]


def test_a_stale_template_makes_provisioning_run_migrations(make_unit):
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TEMPLATE}.django_migrations WHERE app = 'guardian' AND name = "
                    f"(SELECT max(name) FROM {TEMPLATE}.django_migrations WHERE app = 'guardian')")
        assert cur.rowcount == 1
    unit = make_unit("91204")
    assert unit.status == UnitStatus.READY and unit.provisioned_method == "migrate"
    assert schema_fingerprints([unit.schema_name])[unit.schema_name] == unit_fingerprint()
    # and a module enabled while it is behind gets its tables from its migrations
    enable(unit, "signatures")
    assert "signatures" in schema_apps(unit.schema_name)
    assert schemas_current([unit.schema_name]) == {unit.schema_name: True}


@pytest.fixture
def no_spares(db):
    """The on-demand clone path: the spares made ahead of time are dropped inside the test's transaction."""
    from tenants.services.spares import spare_schemas

    with connection.cursor() as cur:
        for schema in spare_schemas():
            cur.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_a_template_with_objects_the_clone_cannot_copy_makes_provisioning_run_migrations(no_spares, make_unit):
    with connection.cursor() as cur:
        cur.execute(f"CREATE VIEW {TEMPLATE}.kernel_test_view AS SELECT app, name FROM {TEMPLATE}.django_migrations")
    unit = make_unit("91205")
    assert unit.status == UnitStatus.READY and unit.provisioned_method == "migrate"
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_views WHERE schemaname = %s", [unit.schema_name])
        assert cur.fetchone()[0] == 0
    assert schema_fingerprints([unit.schema_name])[unit.schema_name] == unit_fingerprint()


def test_no_other_session_can_take_the_template_lock_while_a_clone_runs(no_spares, other_session, monkeypatch):
    seen = []
    real_clone = provisioning.clone_schema

    def clone_while_probing(schema_name, fingerprint, holding):
        with other_session.cursor() as cur:
            cur.execute(LOCK_SQL)
            seen.append(cur.fetchone()[0])
        other_session.rollback()
        real_clone(schema_name, fingerprint, holding)

    monkeypatch.setattr(provisioning, "clone_schema", clone_while_probing)
    record_units([UnitRecord("91206", "Xã Khoá", "commune")])
    assert provision_unit(Unit.objects.get(code="91206")) == provisioning.Method.CLONE
    assert seen == [False]


def test_a_clone_waits_while_another_session_holds_the_template_lock(db, other_session):
    record_units([UnitRecord("91207", "Xã Chờ", "commune")])
    unit = Unit.objects.get(code="91207")
    with other_session.cursor() as cur:  # e.g. `egov migrate` bringing the template up to date
        cur.execute(LOCK_SQL)
        assert cur.fetchone()[0] is True
    with connection.cursor() as cur:
        cur.execute("SET LOCAL lock_timeout = '300ms'")
    with pytest.raises(OperationalError, match="lock timeout"):
        provision_unit(unit)
    unit.refresh_from_db()
    assert unit.status == UnitStatus.FAILED and not schema_exists(unit.schema_name)

    other_session.rollback()  # the other session's transaction ends: the lock is free
    assert provision_unit(unit) == provisioning.Method.CLONE
    assert Unit.objects.get(pk=unit.pk).status == UnitStatus.READY


def test_a_unit_takes_a_spare_made_ahead_and_stale_spares_are_replaced(no_spares, make_unit):
    from tenants.services.spares import drop_stale_spares, make_spares, spare_schemas

    assert make_spares(2) == 2 and make_spares(2) == 0  # topped up, then nothing to do
    before = spare_schemas()
    unit = make_unit("91208")
    assert unit.provisioned_method == "clone"
    (taken,) = set(before) - set(spare_schemas())  # renamed: the spare is gone, the unit's schema is there
    assert not schema_exists(taken) and schema_exists(unit.schema_name)
    assert differences(describe_schema(make_unit("91212", method="migrate").schema_name), describe_schema(unit.schema_name)) == []
    (left,) = spare_schemas()
    with connection.cursor() as cur:  # a migration the code ships is missing from the remaining spare: stale
        cur.execute(f'DELETE FROM "{left}".django_migrations WHERE id = (SELECT max(id) FROM "{left}".django_migrations)')
    assert drop_stale_spares() == 1 and spare_schemas() == []
    assert make_unit("91209").provisioned_method == "clone"  # cloned on demand when no spare is left


def test_constraints_go_inside_create_table_and_what_cannot_comes_after(no_spares, make_unit):
    """Tables made in the order of their foreign keys, each with its constraints; a cycle of keys, a key on a plain
    unique index and a constraint not validated are added at the end: the clone is still the template."""
    with connection.cursor() as cur:
        cur.execute(f"""
            CREATE TABLE {TEMPLATE}.kernel_test_a (id int PRIMARY KEY, b_id int, code text);
            CREATE TABLE {TEMPLATE}.kernel_test_b (id int PRIMARY KEY, a_id int REFERENCES {TEMPLATE}.kernel_test_a,
                                                 parent_id int REFERENCES {TEMPLATE}.kernel_test_b);
            ALTER TABLE {TEMPLATE}.kernel_test_a ADD CONSTRAINT kernel_test_a_b FOREIGN KEY (b_id)
                REFERENCES {TEMPLATE}.kernel_test_b;
            CREATE UNIQUE INDEX kernel_test_a_code ON {TEMPLATE}.kernel_test_a (code);
            CREATE TABLE {TEMPLATE}.kernel_test_c (code text REFERENCES {TEMPLATE}.kernel_test_a (code));
            ALTER TABLE {TEMPLATE}.kernel_test_c ADD CONSTRAINT kernel_test_c_short CHECK (length(code) < 9) NOT VALID;
        """)
    script = schema_clone.clone_script(TEMPLATE, code_fingerprint())
    later = script[script.index("CREATE INDEX"):]
    assert ("kernel_test_a_b" in later) != ("kernel_test_b_a_id_fkey" in later)  # one key of the cycle after
    assert "kernel_test_c_code_fkey" in later and "kernel_test_c_short" in later
    assert "kernel_test_b_parent_id_fkey" not in later  # a key to its own table: inside
    unit = make_unit("91209")
    assert unit.provisioned_method == "clone"
    with entered(unit):  # the tables of no app go with the kernel's; then every module's
        make_app_tables(unit.schema_name, unit_app_labels())
    assert differences(describe_schema(TEMPLATE), describe_schema(unit.schema_name)) == []
