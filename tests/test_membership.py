"""Every request to a unit is checked: the unit must exist and be ready, and a signed-in person must be a member."""

import pytest
from django.test import Client
from django_tenants.utils import tenant_context
from guardian.shortcuts import assign_perm

from core.accounts.models import Membership, Role, User
from core.accounts.services import grant_membership
from tenants.models import Unit, UnitStatus


def gateway(unit_or_code) -> dict:
    """The platform host, naming the unit in the gateway header."""
    code = getattr(unit_or_code, "code", unit_or_code)
    return {"HTTP_HOST": "localhost", "HTTP_X_EGOV_UNIT": code}


def own_domain(unit_or_code) -> dict:
    """The unit's own domain (u-91001.localhost)."""
    if isinstance(unit_or_code, Unit):
        return {"HTTP_HOST": unit_or_code.domains.get(is_primary=True).domain}
    return {"HTTP_HOST": f"u-{unit_or_code}.localhost"}


@pytest.fixture(params=[gateway, own_domain], ids=["gateway", "domain"])
def address(request):
    return request.param


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def error_code(response) -> str:
    return response.json()["error"]["code"]


def fresh(user: User) -> User:
    """The same person without the permission caches a previous check filled."""
    return User.objects.get(pk=user.pk)


def test_anonymous_requests_reach_the_unit(unit_a, address):
    response = client_for().get("/health/", **address(unit_a))
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["unit"], body["schema"]) == ("ok", unit_a.code, unit_a.schema_name)


def test_a_member_gets_in_and_a_non_member_is_refused(unit_a, address):
    member, outsider = User.objects.create_user("member-a"), User.objects.create_user("outsider")
    grant_membership(member, unit_a, ["specialist"])
    assert client_for(member).get("/health/", **address(unit_a)).status_code == 200
    response = client_for(outsider).get("/health/", **address(unit_a))
    assert response.status_code == 403 and error_code(response) == "NOT_A_MEMBER"


def test_an_inactive_membership_does_not_count(unit_a, address):
    former = User.objects.create_user("former-member")
    grant_membership(former, unit_a, ["specialist"])
    Membership.objects.filter(user=former).update(is_active=False)
    response = client_for(former).get("/health/", **address(unit_a))
    assert response.status_code == 403 and error_code(response) == "NOT_A_MEMBER"


def test_an_unknown_unit_is_404(db, address):
    response = client_for().get("/health/", **address("99999"))
    assert response.status_code == 404 and error_code(response) == "UNKNOWN_UNIT"


@pytest.mark.parametrize("status, http_status, code", [
    (UnitStatus.SUSPENDED, 403, "UNIT_SUSPENDED"),
    (UnitStatus.PROVISIONING, 503, "UNIT_NOT_READY"),
    (UnitStatus.REQUESTED, 503, "UNIT_NOT_READY"),
    (UnitStatus.FAILED, 503, "UNIT_NOT_READY"),
    (UnitStatus.ARCHIVED, 410, "UNIT_ARCHIVED"),
])
def test_a_unit_that_is_not_ready_refuses_everyone(unit_a, address, status, http_status, code):
    member = User.objects.create_user("member-a")
    grant_membership(member, unit_a, ["administrator"])
    Unit.objects.filter(pk=unit_a.pk).update(status=status)
    for client in (client_for(), client_for(member)):
        response = client.get("/health/", **address(unit_a))
        assert response.status_code == http_status and error_code(response) == code


def test_a_person_serving_two_units_gets_into_each_and_no_other(make_unit, address):
    a, b, c = make_unit("91501"), make_unit("91502"), make_unit("91503")
    person = User.objects.create_user("two-units")
    grant_membership(person, a, ["specialist"])
    grant_membership(person, b, ["leader"])
    client = client_for(person)
    for unit in (a, b):
        response = client.get("/health/", **address(unit))
        assert response.status_code == 200 and response.json()["unit"] == unit.code
    assert error_code(client.get("/health/", **address(c))) == "NOT_A_MEMBER"


def test_the_platform_is_not_a_unit(db):
    person = User.objects.create_user("anyone")
    response = client_for(person).get("/health/", HTTP_HOST="localhost")
    assert response.status_code == 200 and response.json()["unit"] is None


def test_role_permissions_apply_only_in_the_unit_where_the_role_is_held(unit_a, unit_b):
    admin_of_a = User.objects.create_user("admin-of-a")
    grant_membership(admin_of_a, unit_a, ["administrator"])
    grant_membership(admin_of_a, unit_b, ["specialist"])
    with tenant_context(unit_a):
        assert fresh(admin_of_a).has_perm("accounts.view_membership")
        assert fresh(admin_of_a).has_module_perms("accounts")
    with tenant_context(unit_b):
        assert not fresh(admin_of_a).has_perm("accounts.view_membership")
        assert not fresh(admin_of_a).has_module_perms("accounts")
    assert not fresh(admin_of_a).has_perm("accounts.view_membership")  # on the platform: no unit, no role


def test_the_unit_admin_lists_only_its_own_members(unit_a, unit_b):
    admin_of_a = User.objects.create_user("admin-of-a")
    grant_membership(admin_of_a, unit_a, ["administrator"])
    grant_membership(User.objects.create_user("clerk-of-a"), unit_a, ["receiving_officer"])
    grant_membership(User.objects.create_user("clerk-of-b"), unit_b, ["receiving_officer"])
    client = client_for(admin_of_a)

    response = client.get("/admin/accounts/membership/", **gateway(unit_a))
    assert response.status_code == 200
    listed = {str(m.user) for m in response.context["cl"].result_list}
    assert listed == {"admin-of-a", "clerk-of-a"}
    assert "clerk-of-b" not in response.content.decode()

    roles = {r.unit_id for r in client.get("/admin/accounts/role/", **gateway(unit_a)).context["cl"].result_list}
    assert roles == {unit_a.pk}
    other = Membership.objects.get(user__username="clerk-of-b")
    assert client.get(f"/admin/accounts/membership/{other.pk}/change/", **gateway(unit_a)).status_code in (302, 404)

    response = client.get("/admin/accounts/membership/", **gateway(unit_b))
    assert response.status_code == 403 and error_code(response) == "NOT_A_MEMBER"


def test_a_member_without_an_administrator_role_gets_no_unit_admin(unit_a):
    clerk = User.objects.create_user("clerk-of-a")
    grant_membership(clerk, unit_a, ["receiving_officer"])
    response = client_for(clerk).get("/admin/accounts/membership/", **gateway(unit_a))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_object_permission_granted_in_one_unit_does_not_apply_in_another(unit_a, unit_b):
    person = User.objects.create_user("object-perm")
    role = Role.objects.get(unit=unit_a, code="leader")
    with tenant_context(unit_a):
        assign_perm("accounts.change_role", person, role)
        assert fresh(person).has_perm("accounts.change_role", role)
        assert not fresh(person).has_perm("accounts.change_role")  # an object permission, not a model one
    with tenant_context(unit_b):
        assert not fresh(person).has_perm("accounts.change_role", role)


def test_a_unit_administrator_signs_in_to_the_unit_admin_without_the_staff_flag(unit_a):
    from django.contrib.auth import get_user_model

    from core.accounts.services import grant_membership

    user = get_user_model().objects.create_user("admin-no-staff", password="s3cret-pass")
    grant_membership(user, unit_a, ["administrator"])
    client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit_a.code)
    answer = client.post("/admin/login/?next=/admin/", {"username": "admin-no-staff", "password": "s3cret-pass"})
    assert answer.status_code == 302
    assert client.get("/admin/").status_code == 200
