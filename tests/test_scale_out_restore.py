"""Scale-out: `egov units restore CODE --from FILE [--as NEWCODE] [--server ALIAS]` restores a unit onto the server
asked for (tests/shard_support.py: a second PostgreSQL cluster) - a unit of the platform's server onto the second one
and back - its dossiers and members with it, apart from the original; a server unknown or not ready refuses and
nothing is made. docs/ict/scale-out.md, docs/ict/backups.md."""

import io

import pytest
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from onestop_support import PROC, open_office
from shard_support import SHARD, place_unit, schema_on, shard_server  # noqa: F401 - fixtures

from core.accounts.models import Membership
from modules.onestop.models import Dossier
from modules.onestop.services.intake import Application, receive
from tenants.models import Unit
from tenants.naming import schema_name_for
from tenants.services import entered
from tenants.services.unit_backup import backup_unit


def _receive(unit, clerk, name: str) -> str:
    with entered(unit):
        return receive(Application(PROC, "counter", name, applicant_phone="0912345678"), actor=clerk).code


def _dossiers(unit) -> list[str]:
    with entered(unit):
        return sorted(Dossier.objects.values_list("applicant_name", flat=True))


def test_a_unit_is_restored_onto_the_server_asked_for_and_back(place, tmp_path):
    original = place("91581", server="default")
    clerk = open_office(original)["receiving_officer"]
    _receive(original, clerk, "Nguyễn Văn An")
    path = tmp_path / "91581.egov-unit.tar.gz"
    backup_unit(original, path)

    out = io.StringIO()
    call_command("units", "restore", original.code, "--from", str(path), "--as", "91582", "--server", SHARD,
                 stdout=out)
    copy = Unit.objects.get(code="91582")
    assert f"restored ({copy.schema_name} on {SHARD})" in out.getvalue()
    assert copy.database == SHARD and schema_on(SHARD, copy.schema_name)
    assert not schema_on("default", copy.schema_name)
    assert _dossiers(copy) == ["Nguyễn Văn An"]
    assert Membership.objects.filter(unit=copy, user=clerk, is_active=True).exists()
    # Apart from the original: a dossier received in the copy is not the original's, and the other way round.
    _receive(copy, clerk, "Trần Thị Bình")
    assert _dossiers(copy) == ["Nguyễn Văn An", "Trần Thị Bình"] and _dossiers(original) == ["Nguyễn Văn An"]

    # A backup of the unit on the second server, restored onto the platform's.
    back = tmp_path / "91582.egov-unit.tar.gz"
    backup_unit(copy, back)
    call_command("units", "restore", copy.code, "--from", str(back), "--as", "91583", "--server", "default",
                 stdout=io.StringIO())
    again = Unit.objects.get(code="91583")
    assert again.database == "default" and schema_on("default", again.schema_name)
    assert not schema_on(SHARD, again.schema_name)
    assert _dossiers(again) == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_a_restore_onto_an_unknown_or_unprepared_server_is_refused_and_makes_nothing(place, tmp_path):
    original = place("91584", server=SHARD)
    path = tmp_path / "91584.egov-unit.tar.gz"
    backup_unit(original, path)
    with pytest.raises(CommandError, match="UNKNOWN_SERVER"):
        call_command("units", "restore", original.code, "--from", str(path), "--as", "91585", "--server", "shard9")
    template = settings.EGOV_TEMPLATE_SCHEMA
    with connections[SHARD].cursor() as cur:  # the second server's template gone: not ready for units
        cur.execute(f'ALTER SCHEMA "{template}" RENAME TO "{template}_away"')
        try:
            with pytest.raises(CommandError, match="SERVER_NOT_READY"):
                call_command("units", "restore", original.code, "--from", str(path), "--as", "91585",
                             "--server", SHARD)
        finally:
            cur.execute(f'ALTER SCHEMA "{template}_away" RENAME TO "{template}"')
    assert not Unit.objects.filter(code="91585").exists()
    assert not schema_on("default", schema_name_for("91585")) and not schema_on(SHARD, schema_name_for("91585"))
    # The code in use, on whichever server: refused there too.
    with pytest.raises(CommandError, match="CODE_TAKEN"):
        call_command("units", "restore", original.code, "--from", str(path), "--server", "default")
    assert Unit.objects.get(code=original.code).database == SHARD
