"""Carrying out a reorganisation: a full merge and a partial split, a continuing unit, people and messages moved,
the read-only archive, the tree at a date, a failure leaving its old unit untouched, and unrelated units untouched."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from api_support import add_member, gql
from django.db import connection
from django.test import Client
from reorganisation_support import (  # noqa: F401 - NOTE: the message kind's handler
    DISTRICT,
    NOTE,
    PROVINCE,
    add_records,
    install_probe,
    make_province,
    plan_data,
    records,
    write_plan,
)

from core.accounts.models import Membership
from core.audit.services import record as audit
from core.modules.services import enable, enabled_modules
from tenants.messaging.models import OutboxMessage
from tenants.messaging.services import send
from tenants.models import (
    CarriedMembership,
    ReorganisationPlan,
    RunStatus,
    Unit,
    UnitHistory,
    UnitStatus,
    UnitSuccession,
)
from tenants.services import descendants, entered
from tenants.services.reorganisation import PlanRefused, carry_out, dry_run, load_plan_file, render

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)


@pytest.fixture
def province(make_unit, install_plugin):
    probe = install_probe(install_plugin)
    probe.FAIL_ON.clear()
    units = make_province(make_unit)
    for unit in units.values():
        enable(unit, "reorgprobe")
        add_records(unit, [])
    add_records(units["95002"], [("B-1", "thôn 1, xã Bình Minh")])
    add_records(units["95003"], [("C-1", "xóm 2, Xã An Bình"), ("C-2", "đội 3, xã Cát Dũng"), ("C-3", "không rõ")])
    add_records(units["95004"], [("D-1", "Dũng Tiến")])
    units["probe"] = probe
    return units


def _plan(tmp_path, effective=TODAY, **changes):
    data = plan_data(effective.isoformat())
    data.update(changes)
    return load_plan_file(write_plan(tmp_path / "plan.json", data))


def _unit(code) -> Unit:
    return Unit.objects.select_related("kind", "parent").get(code=code)


def test_a_bad_plan_is_refused_with_every_problem_listed_and_nothing_changed(province, unit_b, tmp_path):
    with entered(province["95004"]):
        audit("test.work", object_type="test")  # work done in an old unit today
    data = plan_data((TODAY - timedelta(days=3)).isoformat())
    units = data["units"]
    units[0]["old_units"].append({"code": "99999", "succession": "full"})          # unknown
    units[1]["old_units"].append({"code": "95002", "succession": "full"})          # taken whole twice
    units[1]["old_units"][0]["share"] = "0.3"                                      # 0.6 + 0.3
    units.append({"code": "95020", "name": "Xã Vòng", "kind": "commune", "parent_code": "95021",
                  "old_units": [{"code": "95001", "succession": "full"}]})        # kept and merged
    units.append({"code": "95021", "name": "Xã Lặp", "kind": "commune", "parent_code": "95020",
                  "old_units": [{"code": unit_b.code, "succession": "partial"}]})  # cycle; partial under one only
    plan = load_plan_file(write_plan(tmp_path / "bad.json", data))
    before = list(Unit.objects.order_by("code").values_list("code", "status", "ended_on", "name"))
    with pytest.raises(PlanRefused) as refused:
        carry_out(plan, TODAY)
    text = "\n".join(refused.value.messages)
    for expected in ("99999", "Đơn vị cũ 95002 được nhận toàn bộ nhưng xuất hiện ở 2", "tổng tỷ lệ các phần là 0.9",
                     "Đơn vị 95001 vừa được giữ lại", "Vòng lặp cấp trên", f"Đơn vị cũ {unit_b.code} được nhận một phần",
                     "còn làm việc sau ngày đó"):
        assert expected in text, expected
    assert len(refused.value.messages) >= 7
    assert list(Unit.objects.order_by("code").values_list("code", "status", "ended_on", "name")) == before
    assert not ReorganisationPlan.objects.exists() and not UnitSuccession.objects.exists()
    report = dry_run(plan, TODAY)  # the dry run lists the same problems
    assert report.problems == refused.value.messages and "bị từ chối" in render(report)


def test_the_dry_run_says_what_would_move_per_new_unit_and_changes_nothing(province, tmp_path):
    add_member(province["95003"], "clerk-c", roles=("specialist",))
    with entered(province[PROVINCE]):
        send("95002", "reorgtest.note", {"code": "X-1"})
    report = dry_run(_plan(tmp_path), TODAY)
    assert report.problems == []
    by_code = {u.code: u for u in report.units}
    assert by_code["95001"].continues == "95001" and by_code["95010"].continues is None
    lines = {(line.what, line.count) for line in by_code["95001"].lines}
    assert ("Bản ghi thử (từ 95002)", 1) in lines and ("Bản ghi thử (từ 95003)", 1) in lines
    assert ("Thành viên (giữ vai trò, chờ quản trị xác nhận) (từ 95003)", 1) in lines  # 0.6 > 0.4
    assert ("Thư giữa các đơn vị đang gửi đến (chuyển địa chỉ) (từ 95002)", 1) in lines
    assert report.archives["95003"][0].needs_decision == 1 and report.archives["95003"][0].details == ["95003: C-3"]
    text = render(report)
    assert "95010 Xã Cát Dũng (commune, mới)" in text and "đổi tên Xã An Hòa -> Xã An Bình" in text
    # Nothing changed.
    assert not Unit.objects.filter(code="95010").exists()
    assert set(Unit.objects.filter(code__startswith="95").values_list("status", flat=True)) == {UnitStatus.READY}
    assert records(province["95003"]) == ["C-1", "C-2", "C-3"]
    with entered(province[PROVINCE]):
        assert OutboxMessage.objects.get().receiver_code == "95002"


def test_carrying_out_merges_splits_and_moves_people_and_messages(province, unit_b, tmp_path):
    specialist = add_member(province["95003"], "clerk-c", roles=("specialist", "receiving_officer"))
    add_member(province["95002"], "admin-b", roles=("administrator",))
    with entered(province[PROVINCE]):
        send("95002", "reorgtest.note", {"code": "X-1"})
        send(unit_b.code, "reorgtest.note", {"code": "X-2"})
    add_records(unit_b, [("U-1", "xã Bình Minh")])

    outcome = carry_out(_plan(tmp_path), TODAY)

    assert outcome.failed == {} and outcome.provisioned == ["95010"]
    assert sorted(outcome.done) == sorted(["95001", "95002", "95003", "95004", DISTRICT])
    assert outcome.run.status == RunStatus.DONE
    kept, new = _unit("95001"), _unit("95010")
    assert (kept.name, kept.parent.code, kept.ended_on, kept.status) == ("Xã An Bình", PROVINCE, None, UnitStatus.READY)
    [earlier] = UnitHistory.objects.filter(unit=kept)
    assert (earlier.name, earlier.parent.code, earlier.valid_until) == ("Xã An Hòa", DISTRICT, TODAY)
    assert (new.status, new.effective_from, new.parent.code) == (UnitStatus.READY, TODAY, PROVINCE)
    assert "reorgprobe" in enabled_modules(new)  # the modules its old units had
    for code in ("95002", "95003", "95004", DISTRICT):
        ended = _unit(code)
        assert (ended.ended_on, ended.status) == (TODAY, UnitStatus.ARCHIVED)
    edges = {(s.predecessor.code, s.successor.code): (s.kind, s.share, s.decision) for s in UnitSuccession.objects.all()}
    assert edges[("95003", "95001")] == ("partial", Decimal("0.6000"), "Nghị quyết 1/2026/NQ-UBTVQH")
    assert edges[("95004", "95010")][0] == "full" and (DISTRICT, "95010") in edges and len(edges) == 6
    # Records routed by address; the one no address decides stays in the archive, waiting for a person.
    assert records(kept) == ["B-1", "C-1"] and records(new) == ["C-2", "D-1"]
    assert records(_unit("95003")) == ["C-3"] and records(unit_b) == ["U-1"]
    # People keep one identity and their roles, in the principal successor (the larger share), to be confirmed.
    moved = Membership.objects.get(user=specialist, unit=kept)
    assert {r.code for r in moved.roles.all()} == {"specialist", "receiving_officer"} and moved.is_active
    carried = CarriedMembership.objects.get(user=specialist)
    assert (carried.from_unit.code, carried.to_unit.code, carried.confirmed) == ("95003", "95001", False)
    assert Membership.objects.filter(user=specialist, unit__code="95003", is_active=True).exists()  # reads the archive
    # Messages in flight to an ended unit go to its successor; others are untouched.
    with entered(province[PROVINCE]):
        assert dict(OutboxMessage.objects.values_list("payload__code", "receiver_code")) == {
            "X-1": "95001", "X-2": unit_b.code}
    assert Unit.objects.get(pk=unit_b.pk).ended_on is None
    # Run again: nothing is done twice.
    again = carry_out(_plan(tmp_path), TODAY)
    assert again.done == [] and len(again.already_done) == 5 and again.run.attempts == 2
    assert records(kept) == ["B-1", "C-1"] and CarriedMembership.objects.count() == 2


def test_the_tree_at_a_date_shows_the_units_of_that_day_with_their_names_then(province, tmp_path):
    carry_out(_plan(tmp_path), TODAY)
    top = _unit(PROVINCE)
    before = [(u.code, u.name, u.depth) for u in descendants(top, at=TODAY - timedelta(days=1))]
    assert before == [(DISTRICT, "Huyện Thử", 1), ("95001", "Xã An Hòa", 2), ("95002", "Xã Bình Minh", 2),
                      ("95003", "Xã Cát Tiên", 2), ("95004", "Xã Dũng Tiến", 2)]
    after = [(u.code, u.name, u.depth) for u in descendants(top, at=TODAY)]
    assert after == [("95001", "Xã An Bình", 1), ("95010", "Xã Cát Dũng", 1)]
    assert descendants(_unit(DISTRICT), at=TODAY) == []
    # Without a date: the tree as recorded, ended units included under the parent they ended under.
    assert [(u.code, u.ended_on) for u in descendants(_unit(DISTRICT))] == [(c, TODAY) for c in ("95002", "95003", "95004")]
    assert _unit("95002").ended_on == TODAY  # an ended unit stays queryable


def test_a_failing_module_leaves_its_old_unit_untouched_and_running_again_finishes(province, tmp_path):
    province["probe"].FAIL_ON.add("95004")
    add_member(province["95004"], "clerk-d", roles=("specialist",))
    first = carry_out(_plan(tmp_path), TODAY)
    assert list(first.failed) == ["95004"] and "stand-in refuses 95004" in first.failed["95004"]
    assert first.run.status == RunStatus.FAILED
    untouched = _unit("95004")
    assert (untouched.ended_on, untouched.status) == (None, UnitStatus.READY)
    assert records(untouched) == ["D-1"] and not UnitSuccession.objects.filter(predecessor=untouched).exists()
    assert not CarriedMembership.objects.filter(from_unit=untouched).exists()
    province["probe"].FAIL_ON.clear()
    second = carry_out(_plan(tmp_path), TODAY)
    assert second.done == ["95004"] and second.run.status == RunStatus.DONE
    assert records(_unit("95010")) == ["C-2", "D-1"]


def test_an_ended_unit_is_a_read_only_archive(province, tmp_path, django_user_model):
    member = add_member(province["95002"], "clerk-b", roles=("administrator",))
    successor_admin = add_member(province["95001"], "admin-ab", roles=("administrator",))
    stranger = add_member(province["95004"], "stranger", roles=("administrator",))
    carry_out(_plan(tmp_path), TODAY)
    archive = _unit("95002")
    client = Client()
    for person in (member, successor_admin):
        client.force_login(person)
        status, body = gql(client, "{ me { username } }", unit=archive)
        assert status == 200 and body["data"]["me"]["username"] == person.username, body
        status, body = gql(client, 'mutation { issueApiToken(input: {name: "x"}) { token } }', unit=archive)
        assert status == 403 and body["errors"][0]["extensions"]["code"] == "UNIT_ENDED"
        assert "đã chấm dứt hoạt động từ ngày 20/11/2026" in body["errors"][0]["message"]
        assert "95001 Xã An Bình" in body["errors"][0]["message"]
    response = client.post("/admin/accounts/role/add/", {"code": "x", "name": "x"}, HTTP_HOST="localhost",
                           HTTP_X_EGOV_UNIT=archive.code)
    assert response.status_code == 403 and response.json()["error"]["code"] == "UNIT_ENDED"
    # A newly made administrator of the successor reads it too; someone of an unrelated unit does not.
    client.force_login(stranger)
    assert gql(client, "{ me { username } }", unit=archive)[1]["error"]["code"] == "NOT_A_MEMBER"
    later = add_member(province["95001"], "admin-later", roles=("administrator",))
    client.force_login(later)
    assert gql(client, "{ me { username } }", unit=archive)[1]["data"]["me"]["username"] == "admin-later"
    with connection.cursor() as cur:
        cur.execute("SELECT 1")  # the connection is usable after the refusals
