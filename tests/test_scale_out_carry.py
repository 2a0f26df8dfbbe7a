"""Scale-out: a reorganisation whose old unit and new unit are on two database servers (tests/shard_support.py):
the old unit's dossiers in progress are carried to the new unit with their codes, the old unit becomes a read-only
archive where it is, and nothing reaches a bystander. A step is whole across both servers: a module failing after
the one-stop's copy leaves nothing on either, and the re-run carries each dossier once; the platform's commit failing
after the step leaves the one window the docs tell of. docs/ict/scale-out.md."""

from datetime import date

import pytest
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.db import connections
from onestop_support import PROC, open_office
from reorganisation_support import platform_commit_failing_after_the_step, receiver_added_last, write_plan
from shard_support import SHARD, place_unit, schema_on, shard_server  # noqa: F401 - fixtures

from core.modules.reorganisation import reorganisation_carry
from modules.onestop.models import Dossier, Status
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.reorganisation import ACTION
from tenants.database_servers import DEFAULT
from tenants.models import Forwarding, ReorganisationStep, Unit, UnitStatus
from tenants.services import entered, provisioning
from tenants.services.reorganisation import carry_out, load_plan_file

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)


def test_dossiers_are_carried_from_a_unit_on_the_second_server_to_one_on_the_platforms(place, tmp_path):
    old = place("91575", server=SHARD)
    bystander = place("91576", server=SHARD)  # the platform's server is then the least loaded: the new unit goes there
    clerk = open_office(old)["receiving_officer"]
    open_office(bystander, catalogue=False)
    with entered(old):
        codes = sorted(receive(Application(PROC, "counter", name, applicant_phone="0912345678"), actor=clerk).code
                       for name in ("Nguyễn Văn An", "Trần Thị Bình"))
    plan = load_plan_file(write_plan(tmp_path / "plan.json", {
        "effective_on": TODAY.isoformat(), "decision": "Nghị quyết 9/2026/NQ-UBTVQH", "units": [
            {"code": "91578", "name": "Xã Kế Thừa", "kind": "commune", "parent_code": "",
             "old_units": [{"code": old.code, "succession": "full"}]}]}))

    outcome = carry_out(plan, TODAY)

    assert outcome.failed == {}, outcome.failed
    new = Unit.objects.get(code="91578")
    assert new.database == "default" and new.status == UnitStatus.READY
    old.refresh_from_db()
    assert old.status == UnitStatus.ARCHIVED and old.database == SHARD and schema_on(SHARD, old.schema_name)
    with entered(new):
        assert sorted(Dossier.objects.values_list("code", "carried_from")) == [(code, old.code) for code in codes]
    with entered(bystander):
        assert not Dossier.objects.exists()


# --- A step across two servers is whole (tenants.services.unit_context.servers_atomic) -------------------------------

BOTH_WAYS = ("old_on, new_on", [pytest.param(DEFAULT, SHARD, id="old-on-platform-new-on-second"),
                                pytest.param(SHARD, DEFAULT, id="old-on-second-new-on-platform")])


def _office_to_carry(place, tmp_path, codes: tuple[str, str, str], old_on: str, new_on: str):
    """An old unit on server `old_on` with two dossiers in progress, a bystander on server `new_on`, and a plan carrying
    the old unit whole into a new unit, provisioned on `new_on` (codes: old, bystander, new)."""
    old_code, bystander_code, new_code = codes
    old, bystander = place(old_code, server=old_on), place(bystander_code, server=new_on)
    clerk = open_office(old)["receiving_officer"]
    open_office(bystander, catalogue=False)
    with entered(old):
        for name in ("Nguyễn Văn An", "Trần Thị Bình"):
            receive(Application(PROC, "counter", name, applicant_phone="0912345678"), actor=clerk)
    plan = load_plan_file(write_plan(tmp_path / "plan.json", {
        "effective_on": TODAY.isoformat(), "decision": "Nghị quyết 9/2026/NQ-UBTVQH", "units": [
            {"code": new_code, "name": "Xã Kế Thừa", "kind": "commune", "parent_code": "",
             "old_units": [{"code": old_code, "succession": "full"}]}]}))
    return old, bystander, plan


def _dossiers_on(alias: str, unit) -> list[tuple[str, str, str]]:
    """(code, status, carried_from) of the unit's dossiers, read on server `alias`'s own connection."""
    with connections[alias].cursor() as cur:
        cur.execute(f'SELECT code, status, carried_from FROM "{unit.schema_name}".onestop_dossier ORDER BY code')
        return cur.fetchall()


def _untouched(old, old_on: str, before: list, run) -> None:
    """The old unit as it was before its step: its dossiers, in service, the step to do, no forwarding address."""
    assert _dossiers_on(old_on, old) == before
    old.refresh_from_db()
    assert old.status == UnitStatus.READY and old.ended_on is None
    assert ReorganisationStep.objects.get(run=run, old_unit=old).done_at is None
    assert not Forwarding.objects.filter(from_unit=old).exists()


def _carried_once(old, old_on: str, new, new_on: str, before: list) -> None:
    """Each dossier in progress copied once into the new unit, its status kept; the old copies are stubs."""
    assert _dossiers_on(new_on, new) == [(code, status, old.code) for code, status, _from in before]
    assert {status for _code, status, _from in _dossiers_on(old_on, old)} == {Status.TRANSFERRED}
    old.refresh_from_db()
    assert old.status == UnitStatus.ARCHIVED and old.ended_on == TODAY


@pytest.mark.parametrize(*BOTH_WAYS)
def test_a_module_failing_after_the_one_stop_copy_leaves_nothing_on_either_server(place, tmp_path, monkeypatch,
                                                                                  old_on, new_on):
    codes = ("91621", "91622", "91623") if old_on == DEFAULT else ("91624", "91625", "91626")
    monkeypatch.setattr(provisioning, "least_loaded", lambda: new_on)  # where the plan's new unit is provisioned
    old, bystander, plan = _office_to_carry(place, tmp_path, codes, old_on, new_on)
    before = _dossiers_on(old_on, old)
    seen = []

    def later_module(unit, *, successors, effective):  # a receiver after the one-stop's: the copies are there
        with entered(successors[0].unit):
            seen.append(Dossier.objects.count())
        raise RuntimeError("a later module failed")

    with receiver_added_last(reorganisation_carry, "onestop", later_module):
        failed = carry_out(plan, TODAY)

    new = Unit.objects.get(code=codes[2])
    assert new.database == new_on and seen == [2]  # the copies had been written, in the step
    assert list(failed.failed) == [old.code] and "a later module failed" in failed.failed[old.code]
    assert _dossiers_on(new_on, new) == []  # no copy left on the new unit's server
    _untouched(old, old_on, before, failed.run)

    again = carry_out(plan, TODAY)  # the failing module gone: the same plan resumes the step
    assert again.failed == {} and again.done == [old.code]
    _carried_once(old, old_on, new, new_on, before)
    assert _dossiers_on(new_on, bystander) == []  # nothing reached another unit on the new unit's server


# The old unit and its successor on one server that is not the platform's: it commits both sides before the platform.
WINDOWS = ("old_on, new_on", [*BOTH_WAYS[1], pytest.param(SHARD, SHARD, id="both-on-second")])


def _reorganise_events(alias: str, unit) -> int:
    with connections[alias].cursor() as cur:
        cur.execute(f'SELECT count(*) FROM "{unit.schema_name}".onestop_dossierevent WHERE action = %s', [ACTION])
        return cur.fetchone()[0]


@pytest.mark.parametrize(*WINDOWS)
def test_a_re_run_after_the_platforms_commit_failed_completes_the_step_each_dossier_once(place, tmp_path, monkeypatch,
                                                                                        old_on, new_on):
    """The window (two databases, no two-phase commit): the servers holding a successor commit just before the
    platform's, one holding only the old unit just after. When the platform's commit fails after the step, the same
    plan run again completes it: the copies a successor's server had committed are taken as they are, neither copied
    again nor refused; stubs committed with them (one server for both units) get their forwarding addresses
    (docs/ict/scale-out.md). Before, the re-run refused until someone removed the copies by hand."""
    codes = {(DEFAULT, SHARD): ("91627", "91628", "91629"), (SHARD, DEFAULT): ("91631", "91632", "91633"),
             (SHARD, SHARD): ("91634", "91635", "91636")}[old_on, new_on]
    monkeypatch.setattr(provisioning, "least_loaded", lambda: new_on)
    old, bystander, plan = _office_to_carry(place, tmp_path, codes, old_on, new_on)
    before = _dossiers_on(old_on, old)
    with platform_commit_failing_after_the_step():
        failed = carry_out(plan, TODAY)

    new = Unit.objects.get(code=codes[2])
    assert list(failed.failed) == [old.code] and "went away at commit" in failed.failed[old.code]
    old.refresh_from_db()
    assert old.status == UnitStatus.READY and ReorganisationStep.objects.get(run=failed.run).done_at is None
    assert not Forwarding.objects.filter(from_unit=old).exists()
    copies = [(code, status, old.code) for code, status, _from in before]
    assert _dossiers_on(new_on, new) == ([] if new_on == DEFAULT else copies)  # committed by its server, or not
    stubs = [(code, Status.TRANSFERRED, "") for code, _status, _from in before]
    assert _dossiers_on(old_on, old) == (stubs if old_on == new_on else before)

    again = carry_out(plan, TODAY)

    assert again.failed == {} and again.done == [old.code]
    _carried_once(old, old_on, new, new_on, before)
    assert sorted(Forwarding.objects.filter(from_unit=old).values_list("kind", "key", "to_unit")) == [
        ("onestop.dossier", code, new.pk) for code, _status, _from in before]
    assert _reorganise_events(old_on, old) == _reorganise_events(new_on, new) == len(before)  # one move each
    assert _dossiers_on(new_on, bystander) == []
