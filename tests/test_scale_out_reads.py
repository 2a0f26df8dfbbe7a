"""Scale-out: what reads many units counts a unit on a second database server (tests/shard_support.py) - its daily
facts gathered to the platform and rolled up with the others, `egov check-references` and its repair, `egov messages
failed`, `egov audit verify`, and a reorganisation's dry run and carry (work after the effective date, messages in flight re-addressed).
Nothing of one unit shows as another's. docs/ict/scale-out.md."""

import io
import json
from datetime import date, timedelta

import pytest
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from onestop_support import PROC, open_office
from reorganisation_support import NOTE, write_plan
from shard_support import SHARD, check_references, place_unit, schema_on, shard_server  # noqa: F401 - fixtures

from core.accounts.models import User
from core.audit.services import record as audit
from core.modules.services import enable
from modules.onestop.services.intake import Application, receive
from modules.statistics.models import DailyFact
from modules.statistics.services.report import UNIT, rollup_report
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage
from tenants.models import Unit, UnitStatus
from tenants.services import entered
from tenants.services.reorganisation import carry_out, dry_run, load_plan_file

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)


def _receive(unit, clerk, names) -> None:
    with entered(unit):
        for name in names:
            receive(Application(PROC, "counter", name, applicant_phone="0912345678"), actor=clerk)


def test_facts_of_a_unit_on_the_second_server_are_gathered_and_rolled_up_with_the_others(place):
    province = place("91560", server="default", kind="province")
    there = place("91561", server=SHARD, parent=province.code)
    here = place("91562", server="default", parent=province.code)
    _receive(there, open_office(there)["receiving_officer"], ["Nguyễn Văn An", "Trần Thị Bình"])
    _receive(here, open_office(here, catalogue=False)["receiving_officer"], ["Lê Văn Cường"])
    for unit in (there, here):
        enable(unit, "statistics")

    out = io.StringIO()
    call_command("statistics", "refresh", "--unit", there.code, "--unit", here.code, "--day", TODAY.isoformat(),
                 stdout=out)
    assert f"{there.code}: 1 rows" in out.getvalue() and f"{here.code}: 1 rows" in out.getvalue()
    # The facts are on the platform's server, one unit's apart from the other's.
    received = dict(DailyFact.objects.filter(day=TODAY, procedure_code=PROC).values_list("unit__code",
                                                                                          "received_counter"))
    assert received == {there.code: 2, here.code: 1}
    with connections[SHARD].cursor() as cur:  # the second server holds none of the platform's rows itself
        cur.execute("SELECT relkind FROM pg_class WHERE relname = 'statistics_dailyfact' "
                    "AND relnamespace = 'public'::regnamespace")
        assert cur.fetchone() == ("f",)
    report = rollup_report(province, TODAY, TODAY, group_by=UNIT)
    assert report.total.received == 3 and report.units_reporting == 2
    assert {row.key: row.figures.received for row in report.rows} == {province.code: 0, there.code: 2, here.code: 1}

    # Computed again: the day's rows replaced, not added to.
    call_command("statistics", "refresh", "--unit", there.code, "--day", TODAY.isoformat(), stdout=io.StringIO())
    assert DailyFact.objects.get(unit=there, day=TODAY, procedure_code=PROC).received_counter == 2


def test_check_references_reads_and_repairs_units_on_every_server(place):
    there, here = place("91563", server=SHARD), place("91564", server="default")
    gone = User.objects.create_user("gone-91563")
    permission = Permission.objects.get(codename="view_role")
    for unit in (there, here):
        with entered(unit), connection.cursor() as cur:  # a person's object permission in each unit
            cur.execute("INSERT INTO objectperms_unituserobjectpermission (user_id, permission_id, content_type_id, "
                        "object_pk) VALUES (%s, %s, %s, 'x')", [gone.pk, permission.pk, permission.content_type_id])
    User.objects.filter(pk=gone.pk).delete()  # no repair task runs here (no worker): both are left dangling

    found = check_references()
    assert set(found) >= {there.schema_name, here.schema_name}
    assert [(i["kind"], i["count"], i["missing"]) for i in found[there.schema_name]] == [
        ("dangling", 1, [str(gone.pk)])]

    check_references("--repair")  # each unit repaired on its own server
    for unit in (there, here):
        with entered(unit), connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM objectperms_unituserobjectpermission")
            assert cur.fetchone()[0] == 0
    assert not {there.schema_name, here.schema_name} & set(check_references())



def test_failed_messages_of_a_sender_on_the_second_server_are_listed(place):
    there, here = place("91565", server=SHARD), place("91566", server="default")
    with entered(there):
        lost = messaging.send(here.code, NOTE, {"code": "T-1"})
    with entered(here):
        kept = messaging.send(there.code, NOTE, {"code": "H-1"})  # pending: not listed
    messaging.mark_failed(there.schema_name, str(lost.id))

    out = io.StringIO()
    call_command("messages", "failed", "--json", stdout=out)
    listed = [m for m in json.loads(out.getvalue()) if m["sender"] in (there.code, here.code)]
    assert [(m["sender"], m["receiver"], m["code"], m["id"]) for m in listed] == [
        (there.code, here.code, "T-1", str(lost.id))]
    assert str(kept.id) not in out.getvalue()
    assert messaging.outbox_totals()["failed"] >= 1


def test_the_audit_chains_of_units_on_every_server_are_verified(place):
    there, here = place("91567", server=SHARD), place("91568", server="default")
    for unit, n in ((there, 2), (here, 1)):
        with entered(unit):
            for i in range(n):
                audit("test.work", object_type="test", object_id=str(i))
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    lines = {line.split(" ", 1)[0]: line for line in out.getvalue().splitlines()}
    assert lines[there.code].startswith(f"{there.code} OK") and lines[here.code].startswith(f"{here.code} OK")
    with entered(there), connection.cursor() as cur:  # the log refuses changes: its chain broken by hand
        cur.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cur.execute("UPDATE audit_auditentry SET action = 'test.forged' WHERE seq = 1")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=out)
    lines = {line.split(" ", 1)[0]: line for line in out.getvalue().splitlines()}
    assert "BROKEN at entry #1" in lines[there.code] and lines[here.code].startswith(f"{here.code} OK")


def _plan(tmp_path, effective: date, olds: list[str]):
    return load_plan_file(write_plan(tmp_path / "plan.json", {
        "effective_on": effective.isoformat(), "decision": "Nghị quyết 9/2026/NQ-UBTVQH", "units": [
            {"code": "91579", "name": "Xã Hợp Nhất", "kind": "commune", "parent_code": "",
             "old_units": [{"code": code, "succession": "full"} for code in olds]}]}))


def test_a_reorganisation_reads_and_readdresses_units_on_the_second_server(place, tmp_path):
    ending_there, ending_here = place("91571", server=SHARD), place("91572", server="default")
    sender, bystander = place("91573", server=SHARD), place("91574", server="default")
    with entered(ending_there):
        audit("test.work", object_type="test")  # worked today, on the second server
    # Yesterday as the effective date: refused, the work on the second server is seen.
    report = dry_run(_plan(tmp_path, TODAY - timedelta(days=1), ["91571", "91572"]), TODAY)
    assert any("91571" in p and "còn làm việc sau ngày đó" in p for p in report.problems), report.problems

    with entered(sender):  # messages in flight from the second server to the ending unit, and to a bystander
        to_ending = messaging.send(ending_here.code, NOTE, {"code": "M-1"})
        to_bystander = messaging.send(bystander.code, NOTE, {"code": "M-2"})
    plan = _plan(tmp_path, TODAY, ["91571", "91572"])
    report = dry_run(plan, TODAY)
    assert report.problems == []
    [new] = report.units
    in_flight = [line.count for line in new.lines if "Thư giữa các đơn vị" in line.what]
    assert in_flight == [1]

    outcome = carry_out(plan, TODAY)
    assert outcome.failed == {} and sorted(outcome.done) == ["91571", "91572"]
    for code in ("91571", "91572"):
        assert Unit.objects.get(code=code).status == UnitStatus.ARCHIVED
    assert schema_on(SHARD, ending_there.schema_name)  # the archive stays where it was
    with entered(sender):
        assert dict(OutboxMessage.objects.values_list("id", "receiver_code")) == {
            to_ending.id: "91579", to_bystander.id: bystander.code}
