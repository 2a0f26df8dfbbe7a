import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from core.accounts import receivers
from core.accounts.models import Invitation, Role
from core.accounts.roles import all_role_specs
from tenants.models import Domain, Unit, UnitStatus
from tenants.naming import schema_name_for
from tenants.services.datasets import UnitsFileError, load_dataset, load_file
from tenants.services.provisioning import provision_many, provision_unit, schema_exists
from tenants.services.units import InvalidUnits, UnitRecord, record_units


def test_schema_name_is_derived_from_the_code_and_validated():
    assert schema_name_for("40") == "u_40"
    assert schema_name_for("000.00.13.H40") == "u_000_00_13_h40"
    for bad in ["", "x; DROP SCHEMA public", "a b", "../etc", "é40", "1" * 41]:
        with pytest.raises(ValidationError):
            schema_name_for(bad)


def test_a_new_unit_is_ready_with_roles_invitation_and_domain(make_unit):
    unit = make_unit("91100", kind="commune")
    assert unit.status == UnitStatus.READY and unit.provisioned_method == "clone"
    assert schema_exists(unit.schema_name)
    assert set(Role.objects.filter(unit=unit).values_list("code", flat=True)) >= {
        "administrator", "receiving_officer", "specialist", "leader", "result_officer"}
    invitation = Invitation.objects.get(unit=unit)
    assert invitation.role.code == "administrator" and invitation.is_open
    assert unit.domains.get().domain == "u-91100.localhost"


def test_a_host_added_before_provisioning_gives_way_to_the_default_one(db):
    """An ICT officer may add a unit's own host while the unit is only recorded: provisioning makes the default host
    the primary one (the unit's pages link to it) and keeps the other as an alias; a taken default host is left."""
    record_units([UnitRecord("91102", "Xã Có Tên Miền", "commune", "")])
    unit = Unit.objects.get(code="91102")
    Domain.objects.create(domain="xacotenmien.gov.vn", tenant=unit, is_primary=True)
    provision_unit(unit)
    assert dict(unit.domains.values_list("domain", "is_primary")) == {
        "xacotenmien.gov.vn": False, "u-91102.localhost": True}

    record_units([UnitRecord("91103", "Xã Đặt Trước", "commune", "")])
    early = Unit.objects.get(code="91103")
    Domain.objects.create(domain="u-91103.localhost", tenant=early, is_primary=False)
    Domain.objects.create(domain="xadattruoc.gov.vn", tenant=early, is_primary=True)
    provision_unit(early)
    assert dict(early.domains.values_list("domain", "is_primary")) == {
        "u-91103.localhost": False, "xadattruoc.gov.vn": True}


def test_provisioning_again_changes_nothing(make_unit):
    unit = make_unit("91101")
    assert provision_unit(unit) is None
    assert Role.objects.filter(unit=unit).count() == len(all_role_specs())
    assert Invitation.objects.filter(unit=unit).count() == 1


def test_a_failing_unit_leaves_no_schema_and_records_the_reason(db, monkeypatch):
    record_units([UnitRecord("91102", "Xã Hỏng", "commune")])
    unit = Unit.objects.get(code="91102")

    def broken(unit):
        raise RuntimeError("roles table unavailable")

    monkeypatch.setattr(receivers, "create_default_roles", broken)
    with pytest.raises(RuntimeError):
        provision_unit(unit)
    unit.refresh_from_db()
    assert unit.status == UnitStatus.FAILED and "roles table unavailable" in unit.failure_reason
    assert not schema_exists(unit.schema_name)
    monkeypatch.undo()
    assert provision_unit(unit).value == "clone"  # resumes once the cause is gone
    assert Unit.objects.get(code="91102").status == UnitStatus.READY


def test_bulk_provisioning_reports_one_failure_at_the_end_and_goes_on(db, monkeypatch):
    record_units([UnitRecord("910", "Huyện Thử", "district"), UnitRecord("91103", "Xã 1", "commune", "910"),
                  UnitRecord("91104", "Xã 2", "commune", "910")])
    real = receivers.create_admin_invitation

    def fail_for_one(unit, email=""):
        if unit.code == "91103":
            raise RuntimeError("mail server down")
        return real(unit, email)

    monkeypatch.setattr(receivers, "create_admin_invitation", fail_for_one)
    units = list(Unit.objects.filter(code__in=["910", "91103", "91104"]).order_by("code"))
    report = provision_many(units)
    assert sorted(report.provisioned) == ["910", "91104"]
    assert list(report.failed) == ["91103"] and "mail server down" in report.failed["91103"]
    assert not schema_exists("u_91103")
    monkeypatch.undo()
    again = provision_many(list(Unit.objects.filter(code__in=["910", "91103", "91104"]).order_by("code")))
    assert again.provisioned == ["91103"] and sorted(again.already_ready) == ["910", "91104"]


def test_invalid_lists_record_nothing_and_name_every_error(db):
    records = [
        UnitRecord("92000", "Tỉnh", "province"),
        UnitRecord("92001", "Xã", "no_such_kind", "92000"),
        UnitRecord("92002", "Xã", "commune", "99999"),
        UnitRecord("92000", "Trùng", "province"),
        UnitRecord("bad code!", "Xã", "commune"),
    ]
    with pytest.raises(InvalidUnits) as err:
        record_units(records)
    text = "\n".join(err.value.messages)
    assert "no_such_kind" in text and "99999" in text and "trùng" in text and "bad code!" in text
    assert not Unit.objects.filter(code__startswith="920").exists()


def test_units_files_in_three_formats_and_malformed_ones(tmp_path):
    (tmp_path / "u.csv").write_text("code,name,kind,parent_code\n93000,Tỉnh A,province,\n93001,Xã B,commune,93000\n")
    (tmp_path / "u.json").write_text('{"units": [{"code": "93000", "name": "Tỉnh A", "kind": "province"}]}')
    (tmp_path / "u.yaml").write_text("- {code: '93000', name: Tỉnh A, kind: province}\n")
    assert [r.code for r in load_file(tmp_path / "u.csv")] == ["93000", "93001"]
    assert load_file(tmp_path / "u.json")[0].name == "Tỉnh A"
    assert load_file(tmp_path / "u.yaml")[0].kind == "province"
    (tmp_path / "bad.json").write_text('{"units": [{"code": "1"')
    (tmp_path / "bad.csv").write_text("id;title\n1;x\n")
    (tmp_path / "nokind.yaml").write_text("- {code: '1', name: X}\n")
    (tmp_path / "u.txt").write_text("x")
    for name in ["bad.json", "bad.csv", "nokind.yaml", "u.txt", "missing.csv"]:
        with pytest.raises(UnitsFileError):
            load_file(tmp_path / name)


def test_shipped_datasets_select_a_province_with_everything_under_it():
    nghe_an = load_dataset("vn-2023", "40")
    kinds = {r.kind for r in nghe_an}
    assert nghe_an[0].code == "40" and len(nghe_an) == 482
    assert {"province", "district", "commune"} <= kinds
    two_level = load_dataset("vn-2025", "40")
    assert {r.parent_code for r in two_level[1:]} == {"40"}
    with pytest.raises(UnitsFileError):
        load_dataset("vn-1999")
    with pytest.raises(UnitsFileError):
        load_dataset("vn-2023", "00")


def test_provision_command_from_a_file_is_idempotent(db, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text("code,name,kind,parent_code\n94000,Tỉnh C,province,\n94001,Xã D,commune,94000\n")
    call_command("provision", file=str(path))
    assert set(Unit.objects.filter(code__startswith="940").values_list("status", flat=True)) == {"ready"}
    call_command("provision", file=str(path))
    out = capsys.readouterr().out
    assert "0 new, 2 already recorded" in out and "Provisioned 0" in out


def test_provision_command_rejects_bad_input_clearly(db, tmp_path):
    with pytest.raises(CommandError, match="vn-1999"):
        call_command("provision", dataset="vn-1999")
    bad = tmp_path / "units.csv"
    bad.write_text("code,name,kind,parent_code\n95001,Xã,commune,404\n")
    with pytest.raises(CommandError, match="nothing was recorded"):
        call_command("provision", file=str(bad))
    assert not Unit.objects.filter(code="95001").exists()


def test_roles_of_existing_units_get_what_modules_add_later(make_unit, monkeypatch):
    from core.accounts import roles
    from core.accounts.roles import RoleSpec
    from core.accounts.services import sync_roles

    unit = make_unit("91105")
    monkeypatch.setattr(roles, "_extra", [RoleSpec("archivist", "Văn thư lưu trữ", ("accounts.view_role",))])
    monkeypatch.setattr(roles, "DEFAULT_ROLES", [
        RoleSpec(r.code, r.name, r.permissions + (("accounts.view_invitation",) if r.code == "leader" else ()))
        for r in roles.DEFAULT_ROLES])
    assert sync_roles() >= 2
    leader = Role.objects.get(unit=unit, code="leader")
    assert leader.permissions.filter(codename="view_invitation").exists()
    assert Role.objects.get(unit=unit, code="archivist").permissions.filter(codename="view_role").exists()
    assert sync_roles() == 0  # nothing left to add


def test_a_sync_with_no_new_declaration_reads_and_writes_nothing_per_unit(make_unit, monkeypatch,
                                                                          django_assert_max_num_queries):
    """`egov migrate` tops up only roles whose declaration changed: with nothing new, a constant number of queries and
    no insert, whatever the number of units; an administrator's removal of a permission stands until then."""
    from core.accounts import roles
    from core.accounts.roles import RoleSpec
    from core.accounts.services import sync_roles

    first = make_unit("91107")
    assert sync_roles() == 0
    make_unit("91108")
    make_unit("91109")
    leader = Role.objects.get(unit=first, code="leader")
    removed = leader.permissions.first()
    leader.permissions.remove(removed)
    with django_assert_max_num_queries(8) as queries:
        assert sync_roles() == 0
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert not leader.permissions.filter(pk=removed.pk).exists()

    assert sync_roles(every_role=True) >= 1  # `egov migrate --verify`: every role as declared
    assert leader.permissions.filter(pk=removed.pk).exists()
    leader.permissions.remove(removed)
    monkeypatch.setattr(roles, "DEFAULT_ROLES", [
        RoleSpec(r.code, r.name, r.permissions + (("accounts.view_invitation",) if r.code == "leader" else ()))
        for r in roles.DEFAULT_ROLES])
    assert sync_roles() >= 3  # the leader's declaration changed: its roles in the three units are topped up
    assert leader.permissions.filter(pk=removed.pk).exists()
    assert Role.objects.filter(code="leader", permissions__codename="view_invitation").count() >= 3


def test_the_ict_department_suspends_resumes_and_archives_a_unit(make_unit, capsys):
    from django.test import Client

    unit = make_unit("91106")
    client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT="91106")
    call_command("units", "suspend", "91106")
    assert client.get("/health/").status_code == 403
    call_command("units", "resume", "91106")
    assert client.get("/health/").status_code == 200
    call_command("units", "archive", "91106")
    assert client.get("/health/").status_code == 410
    with pytest.raises(CommandError, match="Không thể chuyển"):
        call_command("units", "resume", "91106")  # an archived unit stays archived
    assert Unit.objects.get(pk=unit.pk).status == UnitStatus.ARCHIVED
    with pytest.raises(CommandError, match="no unit"):
        call_command("units", "suspend", "00000")
