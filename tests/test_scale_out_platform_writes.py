"""Scale-out: a unit administrator's changes to the platform's rows (memberships, invitations, roles) for a unit on a
second database server (tests/shard_support.py), each with its line in the unit's audit log on that server: done
whole, from the unit's pages and from the platform's side, and nothing half-done when the platform's commit fails
(tenants.services.unit_context.unit_and_platform_atomic). Another unit's people and log are untouched.
docs/ict/scale-out.md."""

from unittest import mock

import pytest
from api_support import add_member
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.db import DatabaseError
from shard_support import SHARD, place_unit, shard_server  # noqa: F401 - fixtures

from core.accounts import people, role_editing
from core.accounts.models import Invitation, Membership, Role
from core.api.models import ApiToken
from core.api.tokens import issue_personal_token
from core.audit.models import AuditEntry
from core.audit.services import record as audit
from core.modules.services import enable, get_settings, is_enabled, set_settings
from tenants.services import entered
from tenants.services.unit_context import platform_connection


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
