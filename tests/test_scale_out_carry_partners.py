"""Scale-out: a reorganisation step re-points the old unit's liên thông partners on a server that holds neither the old
unit nor its successor inside the step (tenants.services.reorganisation.carry_out._carry opens a transaction on every
server). The old unit and its successor on one server, the partner on the other (both ways): the step carried, the
partner's copies name the successor; a module failing after the re-pointing leaves the partner's copies naming the old
unit and nothing else half-done, and the re-run carries each dossier once. docs/ict/scale-out.md."""

from datetime import date

import pytest
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.db import connections
from onestop_support import PROC, open_office
from reorganisation_support import platform_commit_failing_after_the_step, receiver_added_last, write_plan
from shard_support import SHARD, place_unit, shard_server  # noqa: F401 - fixtures

from core.modules.reorganisation import reorganisation_carry
from modules.onestop.models import Dossier, Status
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.transfers import transfer
from tenants.database_servers import DEFAULT
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage, OutboxStatus
from tenants.models import Forwarding, ReorganisationStep, Unit, UnitStatus
from tenants.services import entered, provisioning
from tenants.services.reorganisation import carry_out, load_plan_file

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)


def _sent_on(sender, staff, receiver) -> str:
    """A dossier received by `sender`, started and sent on to `receiver` (delivered): its code."""
    with entered(sender):
        code = receive(Application(PROC, "counter", "Trần Thị Bình", applicant_phone="0912345678"),
                       actor=staff["receiving_officer"]).code
        perform(code, "start", actor=staff["receiving_officer"])
        transfer(code, actor=staff["specialist"], to_unit_code=receiver.code, note="Chuyển liên thông")
        pending = [str(m.pk) for m in OutboxMessage.objects.filter(status=OutboxStatus.PENDING)]
    assert [messaging.deliver(sender.schema_name, pk) for pk in pending] == [OutboxStatus.DELIVERED]
    return code


def _rows(unit, columns: str = "code, status, holder_unit_code, transferred_from") -> list[tuple]:
    """The unit's dossiers, read on its server's own connection (no transaction of the step's)."""
    with connections[unit.database or DEFAULT].cursor() as cur:
        cur.execute(f'SELECT {columns} FROM "{unit.schema_name}".onestop_dossier ORDER BY code')
        return cur.fetchall()


@pytest.mark.parametrize("units_on, partner_on, codes", [
    pytest.param(DEFAULT, SHARD, ("91770", "91771", "91772"), id="units-on-platform-partner-on-second"),
    pytest.param(SHARD, DEFAULT, ("91773", "91774", "91775"), id="units-on-second-partner-on-platform")])
def test_a_partner_on_the_other_server_is_re_pointed_in_the_step(place, tmp_path, monkeypatch, units_on, partner_on,
                                                                 codes):
    old_code, partner_code, new_code = codes
    monkeypatch.setattr(provisioning, "least_loaded", lambda: units_on)  # where the plan's new unit is provisioned
    old, partner = place(old_code, server=units_on), place(partner_code, server=partner_on)
    staff, partner_staff = open_office(old), open_office(partner, catalogue=False)
    sent = _sent_on(old, staff, partner)  # the partner's copy reports its progress to the old unit
    received = _sent_on(partner, partner_staff, old)  # the partner's copy names the old unit as holder
    expected = sorted([(sent, Status.RECEIVED, partner.code, old.code), (received, Status.TRANSFERRED, old.code, "")])
    assert _rows(partner) == expected
    before = _rows(old)
    plan = load_plan_file(write_plan(tmp_path / "plan.json", {
        "effective_on": TODAY.isoformat(), "decision": "Nghị quyết 9/2026/NQ-UBTVQH", "units": [
            {"code": new_code, "name": "Xã Kế Thừa", "kind": "commune", "parent_code": "",
             "old_units": [{"code": old.code, "succession": "full"}]}]}))
    seen = []

    def later_module(unit, *, successors, effective):  # a receiver after the one-stop's: the partner re-pointed
        with entered(partner):
            seen.append(sorted(Dossier.objects.values_list("code", "holder_unit_code", "transferred_from")))
        raise RuntimeError("a later module failed")

    with receiver_added_last(reorganisation_carry, "onestop", later_module):
        failed = carry_out(plan, TODAY)

    new = Unit.objects.get(code=new_code)
    assert (new.database, partner.database, old.database) == (units_on, partner_on, units_on)
    assert seen == [sorted([(sent, partner.code, new_code), (received, new_code, "")])]  # done, in the step
    assert list(failed.failed) == [old.code] and "a later module failed" in failed.failed[old.code]
    assert _rows(partner) == expected  # still the old unit's partner
    assert _rows(old) == before and _rows(new) == []
    old.refresh_from_db()
    assert old.status == UnitStatus.READY and old.ended_on is None
    assert ReorganisationStep.objects.get(run=failed.run, old_unit=old).done_at is None
    assert not Forwarding.objects.filter(from_unit=old).exists()

    again = carry_out(plan, TODAY)  # the failing module gone: the same plan carries the step once

    assert again.failed == {} and again.done == [old.code]
    assert _rows(partner) == sorted([(sent, Status.RECEIVED, partner.code, new_code),
                                     (received, Status.TRANSFERRED, new_code, "")])
    assert _rows(new, "code, carried_from") == [(code, old.code) for code, *_rest in before]
    assert {status for _code, status, *_rest in _rows(old)} == {Status.TRANSFERRED}
    old.refresh_from_db()
    assert old.status == UnitStatus.ARCHIVED and old.ended_on == TODAY


def test_a_partner_on_the_platforms_server_is_re_pointed_when_the_step_is_run_again(place, tmp_path, monkeypatch):
    """The old unit and its successor on the second server, a partner on the platform's: the platform's commit fails
    after the step, so the second server keeps the copies and the stubs while the partner's re-pointing rolls back
    with the platform. The re-run completes the step, and the partner names the successor (a stub no longer names
    the unit holding its dossier: the copy tells). docs/ict/scale-out.md."""
    monkeypatch.setattr(provisioning, "least_loaded", lambda: SHARD)
    old, partner = place("91776", server=SHARD), place("91777", server=DEFAULT)
    staff, partner_staff = open_office(old), open_office(partner, catalogue=False)
    sent = _sent_on(old, staff, partner)
    received = _sent_on(partner, partner_staff, old)
    expected = sorted([(sent, Status.RECEIVED, partner.code, old.code), (received, Status.TRANSFERRED, old.code, "")])
    plan = load_plan_file(write_plan(tmp_path / "plan.json", {
        "effective_on": TODAY.isoformat(), "decision": "Nghị quyết 9/2026/NQ-UBTVQH", "units": [
            {"code": "91778", "name": "Xã Kế Thừa", "kind": "commune", "parent_code": "",
             "old_units": [{"code": old.code, "succession": "full"}]}]}))
    with platform_commit_failing_after_the_step():
        failed = carry_out(plan, TODAY)
    assert "went away at commit" in failed.failed[old.code]
    new = Unit.objects.get(code="91778")
    assert _rows(partner) == expected  # rolled back with the platform
    assert {status for _code, status, *_rest in _rows(old)} == {Status.TRANSFERRED}  # committed on the second server

    again = carry_out(plan, TODAY)

    assert again.failed == {} and again.done == [old.code]
    assert _rows(partner) == sorted([(sent, Status.RECEIVED, partner.code, new.code),
                                     (received, Status.TRANSFERRED, new.code, "")])
    assert sorted(Forwarding.objects.filter(from_unit=old).values_list("key", flat=True)) == sorted([sent, received])
