"""`egov units backup` / `egov units restore`: one unit into a file and back, as a new code beside the original;
refusals (code in use, corrupt file, another migration state) leave nothing behind."""

import io
import json
import tarfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tenants.utils import tenant_context
from documents_support import issue_one, open_registry
from onestop_support import open_office, receive_at

from core.accounts.models import Membership
from core.modules.services import is_enabled
from modules.documents.models import Document
from modules.onestop.models import Dossier
from tenants.models import Unit, UnitStatus
from tenants.services.provisioning import schema_exists
from tenants.services.unit_backup import backup_unit
from tenants.services.unit_restore import Code, RestoreRefused, restore_unit

HN = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 12, 7, 9, 0, tzinfo=HN)


@pytest.fixture
def office_with_papers(unit_a):
    people = open_office(unit_a)
    clerk = people["receiving_officer"]
    codes = [receive_at(unit_a, clerk, AT).code, receive_at(unit_a, clerk, AT, name="Trần Thị Bình").code]
    with tenant_context(unit_a):
        registry = open_registry(unit_a)
        document = issue_one(registry, at=AT)
    return unit_a, clerk, codes, document


def _rewrite(path, change) -> None:
    """Rewrite the backup at `path`, `change(members)` altering its members in place."""
    with tarfile.open(path, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    change(members)
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_a_unit_restored_under_a_new_code_has_its_data_apart_from_the_original(office_with_papers, tmp_path):
    unit, clerk, codes, document = office_with_papers
    path = tmp_path / "a.tar.gz"
    manifest = backup_unit(unit, path)
    assert manifest["tables"]["onestop_dossier"]["rows"] == 2

    copy = restore_unit(path, as_code="91009")

    assert copy.status == UnitStatus.READY and copy.schema_name == "u_91009" and copy.domains.count() == 1
    assert is_enabled(copy, "onestop") and is_enabled(copy, "documents")
    assert Membership.objects.get(unit=copy, user=clerk).roles.filter(code="receiving_officer").exists()
    with tenant_context(copy):
        assert sorted(Dossier.objects.values_list("code", flat=True)) == sorted(codes)
        assert Document.objects.get(pk=document.pk).number == document.number
        # Sequences continue after the restored rows: a new dossier gets the next number, not a clash.
        new = receive_at(copy, clerk, AT, name="Lê Văn Cường")
        assert new.code not in codes
    with tenant_context(unit):
        assert Dossier.objects.count() == 2  # the original knows nothing of the copy's new dossier
    assert Membership.objects.filter(unit=unit, user=clerk).count() == 1


def test_a_restore_onto_a_code_in_use_is_refused(office_with_papers, tmp_path):
    unit, *_ = office_with_papers
    path = tmp_path / "a.tar.gz"
    backup_unit(unit, path)
    with pytest.raises(RestoreRefused) as refused:
        restore_unit(path)
    assert refused.value.code == Code.CODE_TAKEN
    with pytest.raises(CommandError, match="CODE_TAKEN"):
        call_command("units", "restore", unit.code, "--from", str(path))


def test_a_corrupt_file_is_refused_and_nothing_is_created(office_with_papers, tmp_path):
    unit, *_ = office_with_papers
    path = tmp_path / "a.tar.gz"
    backup_unit(unit, path)

    def damage(members):
        members["schema/onestop_dossier.copy"] = members["schema/onestop_dossier.copy"][:-3] + b"xyz"

    _rewrite(path, damage)
    with pytest.raises(RestoreRefused) as refused:
        restore_unit(path, as_code="91009")
    assert refused.value.code == Code.CORRUPT
    assert not Unit.objects.filter(code="91009").exists() and not schema_exists("u_91009")

    path.write_bytes(b"not a backup")
    with pytest.raises(RestoreRefused) as refused:
        restore_unit(path, as_code="91009")
    assert refused.value.code == Code.UNREADABLE


def test_a_file_from_another_migration_state_is_refused(office_with_papers, tmp_path):
    unit, *_ = office_with_papers
    path = tmp_path / "a.tar.gz"
    backup_unit(unit, path)

    def older(members):
        manifest = json.loads(members["manifest.json"])
        manifest["fingerprint"] = "0" * 32
        members["manifest.json"] = json.dumps(manifest).encode()

    _rewrite(path, older)
    with pytest.raises(RestoreRefused) as refused:
        restore_unit(path, as_code="91009")
    assert refused.value.code == Code.INCOMPATIBLE
    assert not Unit.objects.filter(code="91009").exists()


def test_the_commands_back_up_and_restore(office_with_papers, tmp_path):
    unit, *_ = office_with_papers
    path = tmp_path / "a.tar.gz"
    out = io.StringIO()
    call_command("units", "backup", unit.code, "--to", str(path), stdout=out)
    assert str(path) in out.getvalue()
    call_command("units", "restore", unit.code, "--from", str(path), "--as", "91009", stdout=out)
    assert "91009" in out.getvalue()
    with tenant_context(Unit.objects.get(code="91009")):
        assert Dossier.objects.count() == 2
