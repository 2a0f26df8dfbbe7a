"""`egov migrate` on a fleet: up-to-date units are skipped, units behind are found and migrated, failures resume."""

import io

import pytest
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from schema_catalogue import describe_schema, differences

from tenants.models import Unit
from tenants.services import fleet, schema_migrations
from tenants.services.schema_migrations import code_fingerprint, schema_apps, schema_fingerprints, unit_fingerprint
from tenants.services.template import ensure_template, template_is_current

TEMPLATE = settings.EGOV_TEMPLATE_SCHEMA
# A release behind: before the outbox between units recorded its last attempt.
PREVIOUS = ("messaging", "0001_initial")
# The column messaging 0002 adds; a stray column under this name makes that migration fail in a unit.
COLUMN_ADDED_LATER = "last_attempt_at"
OUTBOX = "messaging_outboxmessage"


def rewind(schema: str, target=PREVIOUS, record: bool = True) -> None:
    """Migrate a schema back to `target`, as if the previous release had migrated it and this one had not yet: the
    unit's registry then holds that release's fingerprint. `record=False`: behind the registry's back (by hand)."""
    connection.set_schema(schema)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([target])
    finally:
        connection.set_schema_to_public()
    if record:
        Unit.objects.filter(schema_name=schema).update(migration_fingerprint=schema_fingerprints([schema])[schema])


def run_migrate(**options) -> str:
    out = io.StringIO()
    call_command("migrate", stdout=out, stderr=out, **options)
    return out.getvalue()


def check(**options) -> tuple[int, str]:
    """`egov migrate --check`: (exit status, output)."""
    out = io.StringIO()
    try:
        call_command("migrate", check_unapplied=True, stdout=out, **options)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def columns(schema: str, table: str) -> set[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s",
                    [schema, table])
        return {row[0] for row in cur.fetchall()}


def test_up_to_date_units_are_skipped(unit_a, unit_b, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("a unit that is up to date was migrated")

    monkeypatch.setattr(fleet, "migrate_schema", must_not_run)
    out = run_migrate(parallel=1)
    assert "Units behind: 0" in out and "Migrated" not in out
    status, out = check()
    assert status == 0 and "units behind: 0" in out


def test_a_unit_behind_is_found_by_check_and_migrated(make_committed_unit):
    behind, current = make_committed_unit("91301"), make_committed_unit("91302")
    rewind(behind.schema_name)
    assert COLUMN_ADDED_LATER not in columns(behind.schema_name, OUTBOX)

    status, out = check()
    assert status == 1 and "units behind: 1" in out and "91301" in out and "91302" not in out

    out = run_migrate(parallel=1)
    assert "Units behind: 1" in out and "Migrated 1 units." in out
    assert schema_fingerprints([behind.schema_name])[behind.schema_name] == unit_fingerprint()
    assert differences(describe_schema(behind.schema_name), describe_schema(current.schema_name)) == []
    assert Unit.objects.get(pk=behind.pk).migration_fingerprint == code_fingerprint()
    assert check()[0] == 0


def test_a_failed_run_reports_the_unit_and_the_next_run_resumes_with_it_alone(make_committed_unit):
    units = [make_committed_unit(code) for code in ("91311", "91312", "91313")]
    for unit in units:
        rewind(unit.schema_name)
    broken = units[1]
    with connection.cursor() as cur:  # e.g. a column someone added by hand under the name a migration needs
        cur.execute(f'ALTER TABLE "{broken.schema_name}".{OUTBOX} ADD COLUMN {COLUMN_ADDED_LATER} text')

    with pytest.raises(CommandError, match="1 of 3 units failed"):
        run_migrate(parallel=2)
    fingerprints = schema_fingerprints([u.schema_name for u in units])
    assert [fingerprints[u.schema_name] == unit_fingerprint() for u in units] == [True, False, True]
    broken.refresh_from_db()
    assert broken.failure_reason.startswith("migrate:") and COLUMN_ADDED_LATER in broken.failure_reason
    assert check()[0] == 1

    with connection.cursor() as cur:  # the cause is removed
        cur.execute(f'ALTER TABLE "{broken.schema_name}".{OUTBOX} DROP COLUMN {COLUMN_ADDED_LATER}')
    out = run_migrate(parallel=2)
    assert "Units behind: 1" in out and "Migrated 1 units." in out
    broken.refresh_from_db()
    assert broken.failure_reason == "" and broken.migration_fingerprint == code_fingerprint()
    assert differences(describe_schema(broken.schema_name), describe_schema(units[0].schema_name)) == []
    assert check()[0] == 0


def test_a_schema_rewound_behind_the_registrys_back_is_found_by_check_and_verify(make_committed_unit, monkeypatch):
    """A no-op run trusts the registry (each unit's recorded fingerprint) and reads no unit's schema; `--check` and
    `--verify` read every schema, so a schema changed by hand is reported and migrated there."""
    meddled = make_committed_unit("91321")
    rewind(meddled.schema_name, record=False)
    read = []
    real = fleet.schemas_current
    monkeypatch.setattr(fleet, "schemas_current", lambda schemas: read.extend(schemas) or real(schemas))

    out = run_migrate(parallel=1)
    assert "Units behind: 0" in out and read == []  # the registry says current: no schema read
    assert COLUMN_ADDED_LATER not in columns(meddled.schema_name, OUTBOX)

    status, out = check()
    assert status == 1 and "91321" in out and meddled.schema_name in read

    out = run_migrate(parallel=1, verify=True)
    assert "Units behind: 1" in out and "Migrated 1 units." in out
    assert COLUMN_ADDED_LATER in columns(meddled.schema_name, OUTBOX)
    assert check()[0] == 0


def test_units_behind_only_in_the_platforms_apps_get_the_records_without_the_executor(make_committed_unit,
                                                                                     monkeypatch):
    """A release that adds only a platform app's migration (no table in units): the units' schemas get its record by
    SQL, not one run of Django's executor per unit; a unit behind in its own tables still goes through it."""
    platform_only = [m for m in schema_migrations.platform_only_migrations() if m.startswith("accounts.")][-1]
    app, name = platform_only.split(".", 1)
    recorded_only, behind = make_committed_unit("91331"), make_committed_unit("91332")
    with connection.cursor() as cur:
        cur.execute(f'DELETE FROM "{recorded_only.schema_name}".django_migrations WHERE app = %s AND name = %s',
                    [app, name])
    rewind(behind.schema_name)
    Unit.objects.filter(pk=recorded_only.pk).update(
        migration_fingerprint=schema_fingerprints([recorded_only.schema_name])[recorded_only.schema_name])
    assert Unit.objects.get(pk=recorded_only.pk).migration_fingerprint != code_fingerprint()
    executed = []
    real = fleet.migrate_schema
    monkeypatch.setattr(fleet, "migrate_schema", lambda schema: executed.append(schema) or real(schema))

    out = run_migrate(parallel=1)
    assert "Units behind: 2" in out and "Migrated 2 units." in out
    assert executed == [behind.schema_name]
    fingerprints = schema_fingerprints([recorded_only.schema_name, behind.schema_name])
    assert set(fingerprints.values()) == {unit_fingerprint()}
    assert set(Unit.objects.filter(pk__in=[recorded_only.pk, behind.pk])
               .values_list("migration_fingerprint", flat=True)) == {code_fingerprint()}
    with connection.cursor() as cur:
        cur.execute(f'SELECT count(*) FROM "{recorded_only.schema_name}".django_migrations WHERE app = %s AND name = %s',
                    [app, name])
        assert cur.fetchone()[0] == 1
    assert check()[0] == 0


@pytest.fixture
def template_restored(transactional_db):
    """A test that puts the template behind leaves it current again, whatever happens."""
    yield
    ensure_template()


@pytest.mark.usefixtures("template_restored")
def test_a_template_behind_is_migrated_first_and_cloned_from_again(make_committed_unit):
    rewind(TEMPLATE)
    assert not template_is_current()
    assert make_committed_unit("91321").provisioned_method == "migrate"  # never cloned from a stale template

    out = run_migrate(parallel=1)
    assert "Template schema migrated." in out and "Units behind: 0" in out
    assert template_is_current()
    cloned = make_committed_unit("91322")
    assert cloned.provisioned_method == "clone"
    assert differences(describe_schema(cloned.schema_name), describe_schema("u_91321")) == []


def test_each_unit_is_migrated_for_the_modules_it_holds(make_committed_unit):
    """A release changing a module's tables migrates the units holding them (the module enabled there once); a unit
    that never enabled it is current without them and gets none."""
    from core.modules.services import enable

    holder, other = make_committed_unit("91341"), make_committed_unit("91342")
    for module_id in ("doctypes", "documents", "worktasks"):  # dependencies first
        enable(holder, module_id)
    held = schema_apps(holder.schema_name)
    assert {"worktasks", "documents"} <= held and "worktasks" not in schema_apps(other.schema_name)
    rewind(holder.schema_name, ("worktasks", _second("worktasks")))
    assert check()[0] == 1

    out = run_migrate(parallel=1)
    assert "Units behind: 1" in out and "Migrated 1 units." in out
    assert schema_apps(holder.schema_name) == held and "worktasks" not in schema_apps(other.schema_name)
    assert schema_fingerprints([holder.schema_name])[holder.schema_name] == unit_fingerprint(held)
    assert check()[0] == 0


def _second(app: str) -> str:
    names = sorted(n for a, n in schema_migrations.migration_graph().nodes if a == app)
    return names[1]
