"""Scale-out: a unit administrator's changes to the platform's rows (memberships, invitations, roles) for a unit on a
second database server (tests/shard_support.py), each with its line in the unit's audit log on that server: done
whole, from the unit's pages and from the platform's side, and nothing half-done when the platform's commit fails
(tenants.services.unit_context.unit_and_platform_atomic). Another unit's people and log are untouched. A unit's
calendar days and office hours (platform rows only) are one transaction on the platform's connection: a swap's two
days together or neither, and the unit's calendar pages work on either server. docs/ict/scale-out.md."""

from datetime import date, timedelta
from unittest import mock

import pytest
from api_support import add_member
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.db import DatabaseError
from onestop_support import STEPS, open_office
from shard_support import SHARD, place_unit, shard_server  # noqa: F401 - fixtures
from workspace_support import UnitClient

from core.accounts import people, role_editing
from core.accounts.models import Invitation, Membership, Role
from core.api.models import ApiToken
from core.api.tokens import issue_personal_token
from core.audit.models import AuditEntry
from core.audit.services import record as audit
from core.calendar import services as calendar
from core.calendar.models import CalendarDay, CalendarRevision, DayKind, UnitCalendarSettings
from core.modules.services import enable, get_settings, is_enabled, set_settings
from modules.onestop.services.intake import Application, receive
from modules.payments.models import Fee
from modules.procedures.services import adopt_procedure
from tenants.services import entered
from tenants.services.unit_context import platform_connection

FEE_PROC = "1.004222"  # permanent residence: 20.000 đ at the counter


def _log(unit) -> list[str]:
    with entered(unit):
        return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


def _roles(unit, user) -> set[str]:
    return set(Membership.objects.get(unit=unit, user=user).roles.values_list("code", flat=True))


def test_a_units_people_change_on_the_platform_with_their_line_in_the_units_log(place):
    unit, other = place("91596", server=SHARD), place("91597", server=SHARD)
    admin = add_member(unit, "admin-91596", roles=("administrator",))
    clerk = add_member(unit, "clerk-91596", roles=("specialist",))
    newcomer = add_member(other, "newcomer-91596", roles=("specialist",))
    before_other = _log(other)
    for module in ("catalogue", "procedures", "onestop", "printing"):  # enabled from the platform's side
        enable(unit, module)

    with entered(unit):  # as the unit's pages and API call them: inside the unit, on its server
        people.set_member_roles(unit, clerk.pk, ["specialist", "leader"], by=admin)
        people.add_member(unit, newcomer.username, ["receiving_officer"], by=admin)
        invitation = people.invite(unit, "specialist", "moi@example.vn", by=admin)
        people.withdraw_invitation(unit, invitation.pk, by=admin)
        people.set_member_active(unit, clerk.pk, False, by=admin)
        role_editing.create_role(unit, "thu-ky", "Thư ký", ["accounts.view_membership"], by=admin)
        set_settings(unit, "printing", {"desk_name": "Bộ phận Một cửa xã"})  # a module's settings, on the unit's pages
    # From the platform's side (no unit entered): the same, the log written in the unit on its server.
    people.set_member_active(unit, clerk.pk, True, by=admin)

    assert _roles(unit, clerk) == {"specialist", "leader"} and Membership.objects.get(unit=unit, user=clerk).is_active
    assert _roles(unit, newcomer) == {"receiving_officer"}
    assert Invitation.objects.get(pk=invitation.pk).expires_at is not None
    assert Role.objects.filter(unit=unit, code="thu-ky").exists()
    assert get_settings(unit, "printing")["desk_name"] == "Bộ phận Một cửa xã"
    assert _log(unit) == ["set_member_roles", "add_member", "invite", "withdraw_invitation", "deactivate_member",
                          "create_role", "activate_member"]
    assert _log(other) == before_other and _roles(other, newcomer) == {"specialist"}


@pytest.mark.parametrize("where, code", [("in the unit", "91598"), ("from the platform", "91599")])
def test_a_failed_platform_commit_leaves_neither_side_half_done(place, where, code):
    unit = place(code, server=SHARD)  # a code per case: the second server's schemas are dropped with its database
    admin = add_member(unit, f"admin-{code}", roles=("administrator",))
    clerk = add_member(unit, f"clerk-{code}", roles=("specialist",))
    platform = platform_connection()

    def fail():
        raise DatabaseError("the platform's server went away at commit")

    def change():
        with mock.patch.object(platform, "commit", side_effect=fail), pytest.raises(DatabaseError):
            people.set_member_roles(unit, clerk.pk, ["specialist", "leader"], by=admin)

    if where == "in the unit":
        with entered(unit):
            change()
    else:
        change()
    assert _roles(unit, clerk) == {"specialist"}  # the platform's change rolled back
    assert _log(unit) == []  # and no line in the unit's log tells of it

    people.set_member_roles(unit, clerk.pk, ["specialist", "leader"], by=admin)  # afterwards: done whole
    assert _roles(unit, clerk) == {"specialist", "leader"} and _log(unit) == ["set_member_roles"]


def test_a_module_install_hook_failing_half_way_leaves_nothing_on_either_server(place):
    unit = place("91600", server=SHARD)

    def half_way(unit):  # writes a row in the unit on its server, then fails
        audit("test.installed", object_type="test", object_id="1")
        raise RuntimeError("the hook failed half-way")

    with mock.patch("core.modules.services.install_hook", return_value=half_way), pytest.raises(RuntimeError):
        enable(unit, "catalogue")
    assert not is_enabled(unit, "catalogue") and _log(unit) == []  # the module off, no row of the hook left

    enable(unit, "catalogue")  # the real hook, whole
    assert is_enabled(unit, "catalogue")


def test_enabling_a_module_again_after_the_platforms_commit_failed_runs_its_hook_once_more_without_duplicates(place):
    """The window of enabling a module for a unit on the second server (docs/ict/scale-out.md): the hook's rows are
    committed on the unit's server just before the platform's commit, which fails - the module stays off, the rows
    stay. Enabling it again runs the hook again: the payments module's fee of each open dossier is recorded once."""
    unit = place("91602", server=SHARD)
    staff = open_office(unit)
    adopt_procedure(unit, FEE_PROC, STEPS)
    with entered(unit):
        code = receive(Application(FEE_PROC, "counter", "Nguyễn Văn An", applicant_phone="0912345678"),
                       actor=staff["receiving_officer"]).code
    with mock.patch.object(platform_connection(), "commit", side_effect=_went_away), pytest.raises(DatabaseError):
        enable(unit, "payments")
    assert not is_enabled(unit, "payments")
    assert _fees(unit) == [(code, 20000)]  # the window: the hook's row, committed on the unit's server

    enable(unit, "payments")

    assert is_enabled(unit, "payments") and _fees(unit) == [(code, 20000)]  # once


def _fees(unit) -> list[tuple[str, int]]:
    with entered(unit):
        return list(Fee.objects.values_list("dossier_code", "amount"))


def test_an_api_token_issued_on_a_units_api_is_written_whole_on_the_platform(place):
    unit = place("91601", server=SHARD)
    clerk = add_member(unit, "clerk-91601", roles=("specialist",))
    platform = platform_connection()

    def fail():
        raise DatabaseError("the platform's server went away at commit")

    with entered(unit):  # as the unit's endpoint issues it (issueApiToken)
        with mock.patch.object(platform, "commit", side_effect=fail), pytest.raises(DatabaseError):
            issue_personal_token(clerk, "may-tinh", [unit.code])
        assert not ApiToken.objects.filter(user=clerk).exists()  # no token left without its unit
        token, _raw = issue_personal_token(clerk, "may-tinh", [unit.code])
    assert list(ApiToken.objects.get(pk=token.pk).units.values_list("code", flat=True)) == [unit.code]


MONDAY, TUESDAY, SATURDAY = date(2026, 12, 14), date(2026, 12, 15), date(2026, 12, 19)
YEARS = (2026, 2027)


def _days(unit) -> set:
    return set(CalendarDay.objects.filter(unit=unit).values_list("date", "kind"))


def _token(unit) -> str:
    return CalendarRevision.objects.filter(scope=str(unit.pk)).values_list("token", flat=True).first() or ""


def _went_away():
    raise DatabaseError("the platform's server went away at commit")


@pytest.mark.parametrize("failing, code", [("the commit", "91707"), ("the second day", "91708")])
def test_a_units_calendar_swap_on_the_second_server_is_written_whole(place, failing, code):
    unit = place(code, server=SHARD)
    real = calendar.set_calendar_day
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:  # the day off written, then the platform fails on the day worked
            raise DatabaseError("the platform's server went away")
        return real(*args, **kwargs)

    broken = (mock.patch.object(platform_connection(), "commit", side_effect=_went_away) if failing == "the commit"
              else mock.patch("core.calendar.services.set_calendar_day", side_effect=second_fails))
    with entered(unit):  # as the unit's own code calls it: inside the unit, on its server
        before = _token(unit)
        with broken, pytest.raises(DatabaseError):
            calendar.declare_swap(MONDAY, SATURDAY, "Hoán đổi ngày làm việc", unit=unit)
        assert _days(unit) == set() and _token(unit) == before  # neither day, no new revision
        calendar.declare_swap(MONDAY, SATURDAY, "Hoán đổi ngày làm việc", unit=unit)  # afterwards: whole
        swapped = calendar.calendar_for(unit, years=YEARS)
        assert not swapped.is_working_day(MONDAY) and swapped.is_working_day(SATURDAY)
        assert _token(unit) != before
        assert calendar.clear_calendar_day(SATURDAY, unit=unit)
    assert _days(unit) == {(MONDAY, DayKind.HOLIDAY)}
    assert not calendar.calendar_for(unit, years=YEARS).is_working_day(SATURDAY)


def test_a_units_office_hours_on_the_second_server_are_written_whole(place):
    unit, other = place("91709", server=SHARD), place("91710", server=SHARD)
    with entered(unit):
        with mock.patch.object(platform_connection(), "commit", side_effect=_went_away), \
                pytest.raises(DatabaseError):
            calendar.set_office_hours(unit, periods="07:00-11:30, 13:00-16:30")
        assert not UnitCalendarSettings.objects.filter(unit=unit).exists() and _token(unit) == ""
        with pytest.raises(ValueError):  # bad text: a clear error, nothing written
            calendar.set_office_hours(unit, weekdays="0-4")
        assert not UnitCalendarSettings.objects.filter(unit=unit).exists()
        calendar.set_office_hours(unit, periods="07:00-11:30, 13:00-16:30")
        calendar.set_office_hours(unit, appointment_rule="end_of_day")
        assert calendar.calendar_for(unit, years=YEARS).day_length == timedelta(hours=8)
    row = UnitCalendarSettings.objects.get(unit=unit)
    assert (row.periods, row.appointment_rule) == ("07:00-11:30, 13:00-16:30", "end_of_day")
    assert calendar.calendar_for(other, years=YEARS).day_length == timedelta(hours=7, minutes=30)


@pytest.mark.parametrize("server, codes", [("default", ("91711", "91712")), (SHARD, ("91713", "91714"))])
def test_the_units_calendar_pages_work_on_either_server(place, server, codes):
    unit, other = place(codes[0], server=server), place(codes[1], server=server)
    client = UnitClient(unit, add_member(unit, f"admin-{codes[0]}"))  # the administrator: calendar_core.*
    days, hours = "/admin/calendar_core/calendarday/", "/admin/calendar_core/unitcalendarsettings/"
    added = client.post(f"{days}add/", {"date": "2026-12-14", "kind": "holiday", "reason": "Ngày truyền thống xã"})
    assert added.status_code == 302, added.content.decode()[:2000]
    [day] = CalendarDay.objects.filter(unit=unit)
    moved = client.post(f"{days}{day.pk}/change/", {"date": "2026-12-15", "kind": "holiday",
                                                      "reason": "Ngày truyền thống xã"})
    assert moved.status_code == 302
    bad = client.post(f"{hours}add/", {"periods": "17:00-07:30", "weekdays": "1,2,3,4,5",
                                       "appointment_rule": "same_time"})
    assert bad.status_code == 200 and not UnitCalendarSettings.objects.filter(unit=unit).exists()
    good = client.post(f"{hours}add/", {"periods": "07:00-11:30, 13:00-16:30", "weekdays": "1,2,3,4,5",
                                        "appointment_rule": "same_time"})
    assert good.status_code == 302
    listing = client.get(days)
    assert listing.status_code == 200 and "Ngày truyền thống xã" in listing.content.decode()
    assert _days(unit) == {(TUESDAY, DayKind.HOLIDAY)}
    mine = calendar.calendar_for(unit, years=YEARS)
    assert not mine.is_working_day(TUESDAY) and mine.is_working_day(MONDAY)
    assert mine.day_length == timedelta(hours=8)
    # The other unit: none of it, on its pages or in its calendar.
    theirs = UnitClient(other, add_member(other, f"admin-{codes[1]}"))
    assert "Ngày truyền thống xã" not in theirs.get(days).content.decode()
    assert calendar.calendar_for(other, years=YEARS).is_working_day(TUESDAY)
    assert theirs.post(f"{days}{day.pk}/delete/", {"post": "yes"}).status_code in (302, 403)
    assert _days(unit) == {(TUESDAY, DayKind.HOLIDAY)}
    deleted = client.post(f"{days}{day.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302 and _days(unit) == set()
