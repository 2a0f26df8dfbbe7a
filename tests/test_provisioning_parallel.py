"""`egov provision --parallel N`: worker processes side by side, each unit ready exactly once with a complete schema of
its own; one unit's failure leaves the others alone and the same command resumes it; a spare is taken by one unit."""

import psycopg2
import pytest
from committed import transactional_db_committed  # noqa: F401 - fixture
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from modules_support import enable_modules
from schema_catalogue import describe_schema, differences

from core.accounts.models import Invitation, Role
from core.accounts.roles import all_role_specs
from tenants.models import Domain, Unit, UnitStatus
from tenants.services import entered
from tenants.services.provisioning import Method, provision_unit, schema_exists
from tenants.services.schema_migrations import schema_fingerprints, unit_fingerprint
from tenants.services.spares import drop_spares, make_spares, spare_schemas
from tenants.services.units import UnitRecord, record_units

DISTRICT = "915"
COMMUNES = [f"915{i:02d}" for i in range(1, 20)]
CODES = [DISTRICT, *COMMUNES]  # 20 units
DEBRIS = "u_91507"  # a schema left under one unit's name: that unit fails, the others go on


def _units_file(tmp_path):
    lines = ["code,name,kind,parent_code", f"{DISTRICT},Huyện Song Song,district,"]
    lines += [f"{code},Xã Song Song {code[-2:]},commune,{DISTRICT}" for code in COMMUNES]
    path = tmp_path / "units.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _provision(path, capsys) -> tuple[str, str]:
    try:
        call_command("provision", file=path, parallel=2, verbosity=0)
    except CommandError as exc:
        out, err = capsys.readouterr()
        return out, err + str(exc)
    return capsys.readouterr()


@pytest.fixture
def leftovers():
    """Spares and debris this test makes are dropped whatever happens (committed data)."""
    yield
    with connection.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{DEBRIS}" CASCADE')


def test_two_processes_make_every_unit_ready_exactly_once_and_resume_a_failure(transactional_db, tmp_path, capsys,
                                                                             leftovers):
    drop_spares()
    assert make_spares(2) == 2
    spares_before = set(spare_schemas())
    with connection.cursor() as cur:
        cur.execute(f'CREATE SCHEMA "{DEBRIS}"')
    path = _units_file(tmp_path)

    out, err = _provision(path, capsys)
    assert "Provisioned 19 (19 by clone); already ready 0; failed 1." in out
    assert "FAILED 91507: ProvisioningError: schema u_91507 already exists but the unit is not ready" in err
    units = {u.code: u for u in Unit.objects.filter(code__in=CODES)}
    assert units["91507"].status == UnitStatus.FAILED and "already exists" in units["91507"].failure_reason
    ready = [u for code, u in units.items() if code != "91507"]
    assert all(u.status == UnitStatus.READY and u.provisioned_method == "clone" for u in ready)

    # Exactly once: one schema, one domain, one invitation and each role once per unit; the two spares went to two
    # units (a spare taken twice would have failed the second rename), and the pool was topped up afterwards.
    assert all(schema_exists(u.schema_name) for u in ready)
    for unit in ready:
        assert Domain.objects.filter(tenant=unit).count() == 1
        assert Invitation.objects.filter(unit=unit).count() == 1
        codes = list(Role.objects.filter(unit=unit).values_list("code", flat=True))
        assert sorted(codes) == sorted(spec.code for spec in all_role_specs())
    assert not spares_before & set(spare_schemas()) and len(spare_schemas()) == settings.EGOV_SPARE_SCHEMAS

    # Clones made side by side are whole copies of the template's kernel tables (a module's come on enabling).
    first = describe_schema(units[DISTRICT].schema_name)
    for code in ("91501", "91519"):
        assert differences(first, describe_schema(units[code].schema_name)) == []
    assert schema_fingerprints([units[DISTRICT].schema_name])[units[DISTRICT].schema_name] == unit_fingerprint()

    # Fix the cause, run the same command: the failed unit is done, the others are left as they are.
    with connection.cursor() as cur:
        cur.execute(f'DROP SCHEMA "{DEBRIS}"')
    out, err = _provision(path, capsys)
    assert "Provisioned 1 (1 by clone); already ready 19; failed 0." in out and "FAILED" not in err
    assert Unit.objects.filter(code__in=CODES, status=UnitStatus.READY).count() == 20

    # The units' schemas are apart: a row written in one unit is not seen from another.
    first, second = (Unit.objects.get(code=c) for c in ("91501", "91502"))
    for unit in (first, second):
        enable_modules(unit, "documents")
    with entered(first), connection.cursor() as cur:
        cur.execute("INSERT INTO documents_series (code, name, direction, type_codes, confidential, copies, position, active) "
                    "VALUES ('SS', 'Sổ song song', 'in', '[]', false, false, 0, true)")
    with entered(second), connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM documents_series WHERE code = 'SS'")
        assert cur.fetchone()[0] == 0
    with entered(first), connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM documents_series WHERE code = 'SS'")
        assert cur.fetchone()[0] == 1


def test_parallel_must_be_positive(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="--parallel must be 1 or more"):
        call_command("provision", file=_units_file(tmp_path), parallel=0, verbosity=0)
    assert not Unit.objects.filter(code__in=CODES).exists()


@pytest.fixture
def cloning_elsewhere(db):
    """Another session in the middle of a clone: it holds the template lock shared until its transaction ends."""
    conn = psycopg2.connect(**connection.get_connection_params())
    with conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock_shared(hashtext('egov-template'))")
    yield conn
    conn.rollback()
    conn.close()


def test_a_clone_goes_ahead_beside_another_while_the_templates_upkeep_waits(cloning_elsewhere):
    record_units([UnitRecord("91520", "Xã Cùng Lúc", "commune")])
    unit = Unit.objects.get(code="91520")
    with connection.cursor() as cur:
        cur.execute("SET LOCAL lock_timeout = '300ms'")
    assert provision_unit(unit) == Method.CLONE  # clones share the lock: no wait
    assert Unit.objects.get(pk=unit.pk).status == UnitStatus.READY
    with pytest.raises(OperationalError, match="lock timeout"):
        make_spares(settings.EGOV_SPARE_SCHEMAS + 1)  # upkeep takes it exclusively: it waits for the clone
