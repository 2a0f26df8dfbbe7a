"""A unit role holds only what is meaningful inside its unit; actions on the whole installation need a platform
grant. (Security finding 1: a commune administrator gave their role `api.delete_apitoken` and revoked another unit's
API token.)"""

from api_support import add_member, gql, headers
from django.contrib.auth.models import Permission
from django.test import Client

from core.accounts.models import Role
from core.accounts.unit_permissions import assignable_permissions
from core.api.models import ApiToken
from core.api.tokens import issue_personal_token

REVOKE = "mutation($id: ID!) { revokeApiToken(id: $id) { apiToken { name isActive } errors { field code } } }"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names(queryset) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in queryset}


def test_the_role_editor_offers_only_what_the_unit_may_grant(unit_a):
    admin = add_member(unit_a, "admin-a")
    role = Role.objects.get(unit=unit_a, code="leader")
    client = signed_in(admin)
    page = client.get(f"/admin/accounts/role/{role.pk}/change/", **headers(unit_a))
    assert page.status_code == 200
    offered = _names(page.context["adminform"].form.fields["permissions"].queryset)
    assert "accounts.view_membership" in offered
    platform = {"api.delete_apitoken", "api.issue_service_token", "tenants.add_unit", "tenants.change_unit",
                "accounts.change_user", "modules.change_moduleenablement"}
    assert not offered & platform
    assert offered == _names(assignable_permissions(unit_a))
    assert len(offered) < Permission.objects.count() / 2

    # A platform permission cannot be submitted either.
    forged = Permission.objects.get(content_type__app_label="api", codename="delete_apitoken")
    answer = client.post(f"/admin/accounts/role/{role.pk}/change/",
                         {"code": role.code, "name": role.name, "permissions": [forged.pk]}, **headers(unit_a))
    assert answer.status_code == 200 and answer.context["adminform"].form.errors.get("permissions")
    assert not role.permissions.filter(pk=forged.pk).exists()


def test_a_unit_role_holding_a_platform_permission_cannot_revoke_another_units_token(unit_a, unit_b):
    victim = add_member(unit_b, "officer-b", roles=("specialist",))
    token, _raw = issue_personal_token(victim, "sync-b", [unit_b.code])
    admin = add_member(unit_a, "admin-a")
    # As a role editor without the rule could have done: the administrator role given api.delete_apitoken.
    Role.objects.get(unit=unit_a, code="administrator").permissions.add(
        Permission.objects.get(content_type__app_label="api", codename="delete_apitoken"))

    status, body = gql(signed_in(admin), REVOKE, {"id": str(token.pk)}, unit=unit_a)
    assert status == 200
    assert body["data"]["revokeApiToken"] == {"apiToken": None, "errors": [{"field": "id", "code": "NOT_FOUND"}]}
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_platform_grant_revokes_any_token_on_the_platform(unit_b, django_user_model):
    victim = add_member(unit_b, "officer-b", roles=("specialist",))
    token, _raw = issue_personal_token(victim, "sync-b")
    ict = django_user_model.objects.create_user("ict-security")
    ict.user_permissions.add(Permission.objects.get(content_type__app_label="api", codename="delete_apitoken"))
    status, body = gql(signed_in(ict), REVOKE, {"id": str(token.pk)})
    assert body["data"]["revokeApiToken"] == {"apiToken": {"name": "sync-b", "isActive": False}, "errors": []}
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None

