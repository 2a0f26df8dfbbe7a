"""The fleet migration and units ended by a reorganisation: an ended unit is migrated with the live ones (read-only for
people, its schema still follows the code so its archive reads through the current code); a unit archived without an
end date keeps the state it was archived in."""

from datetime import date

from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from test_fleet_migrate import COLUMN_ADDED_LATER, OUTBOX, check, columns, rewind, run_migrate

from tenants.models import Unit, UnitStatus
from tenants.services.schema_migrations import schema_fingerprints, unit_fingerprint
from tenants.services.units_over_time import write_refusal


def test_an_ended_unit_is_migrated_and_a_unit_archived_without_an_end_is_not(make_committed_unit):
    ended, archived, live = (make_committed_unit("91311"), make_committed_unit("91312"),
                             make_committed_unit("91313"))
    Unit.objects.filter(pk=ended.pk).update(status=UnitStatus.ARCHIVED, ended_on=date(2026, 11, 1))
    Unit.objects.filter(pk=archived.pk).update(status=UnitStatus.ARCHIVED)
    for unit in (ended, archived):
        rewind(unit.schema_name)

    status, out = check()
    assert status == 1 and "units behind: 1" in out and "91311" in out and "91312" not in out

    out = run_migrate(parallel=1)
    assert "Migrated 1 units." in out
    fingerprints = schema_fingerprints([ended.schema_name, archived.schema_name, live.schema_name])
    assert fingerprints[ended.schema_name] == fingerprints[live.schema_name] == unit_fingerprint()
    assert COLUMN_ADDED_LATER in columns(ended.schema_name, OUTBOX)
    assert fingerprints[archived.schema_name] != unit_fingerprint()  # left as it was archived
    assert COLUMN_ADDED_LATER not in columns(archived.schema_name, OUTBOX)
    # Still an ended, read-only unit after its migration.
    ended = Unit.objects.get(pk=ended.pk)
    assert (ended.status, ended.ended_on) == (UnitStatus.ARCHIVED, date(2026, 11, 1)) and write_refusal(ended)
