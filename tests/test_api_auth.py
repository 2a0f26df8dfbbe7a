"""Bearer tokens: stored as hashes, valid only where their holder is a member (and where they are restricted to),
refused once expired or revoked; sessions keep working."""

from datetime import timedelta

import pytest
from api_support import add_member, codes, gql, issue_token, post
from django.test import Client
from django.utils import timezone

from core.api.models import ApiToken, TokenKind
from core.api.tokens import hash_token, issue_personal_token

ME = "{ me { username } myMembership { roles { code } } }"


@pytest.fixture
def alice(unit_a):
    return add_member(unit_a, "alice", password="pw-alice")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_token_is_stored_as_a_hash_and_acts_as_its_owner(unit_a, alice):
    token = issue_token(signed_in(alice), unit=unit_a)
    stored = ApiToken.objects.get(user=alice)
    assert stored.token_hash == hash_token(token) and token not in (stored.prefix, stored.token_hash)
    status, body = gql(Client(), ME, unit=unit_a, token=token)
    assert status == 200 and body["data"]["me"]["username"] == "alice"
    assert [r["code"] for r in body["data"]["myMembership"]["roles"]] == ["administrator"]
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_token_of_one_unit_is_refused_at_another(unit_a, unit_b, alice):
    token = issue_token(signed_in(alice), unit=unit_a)
    status, body = gql(Client(), ME, unit=unit_b, token=token)
    assert status == 403 and body["error"]["code"] in {"NOT_A_MEMBER", "TOKEN_NOT_FOR_UNIT"}
    # Even once alice serves unit B too, the token issued at unit A stays restricted to it.
    add_member(unit_b, "alice", roles=("specialist",))
    status, body = gql(Client(), ME, unit=unit_b, token=token)
    assert status == 403 and body["error"]["code"] == "TOKEN_NOT_FOR_UNIT"


def test_an_unrestricted_token_works_only_where_its_holder_is_a_member(unit_a, unit_b, alice):
    _, token = issue_personal_token(alice, "everywhere")
    assert gql(Client(), ME, unit=unit_a, token=token)[0] == 200
    status, body = gql(Client(), ME, unit=unit_b, token=token)
    assert status == 403 and body["error"]["code"] == "NOT_A_MEMBER"


def test_expired_revoked_and_unknown_tokens_are_refused(unit_a, alice):
    client = signed_in(alice)
    expired, revoked = issue_token(client, unit=unit_a, name="old"), issue_token(client, unit=unit_a, name="gone")
    ApiToken.objects.filter(token_hash=hash_token(expired)).update(expires_at=timezone.now() - timedelta(seconds=1))
    revoked_id = ApiToken.objects.get(token_hash=hash_token(revoked)).pk
    status, body = gql(client, "mutation($id: ID!) { revokeApiToken(id: $id) { apiToken { isActive } errors { code } } }",
                       {"id": str(revoked_id)}, unit=unit_a)
    assert body["data"]["revokeApiToken"] == {"apiToken": {"isActive": False}, "errors": []}
    for token, code in [(expired, "TOKEN_EXPIRED"), (revoked, "TOKEN_REVOKED"), ("egov_not-a-token", "INVALID_TOKEN")]:
        status, body = gql(Client(), ME, unit=unit_a, token=token)
        assert (status, body["error"]["code"]) == (401, code)


def test_an_inactive_owner_makes_the_token_invalid(unit_a, alice):
    _, token = issue_personal_token(alice, "x")
    alice.is_active = False
    alice.save()
    assert gql(Client(), ME, unit=unit_a, token=token)[1]["error"]["code"] == "INVALID_TOKEN"


def test_someone_else_cannot_revoke_my_token(unit_a, alice):
    token, _ = issue_personal_token(alice, "mine")
    bob = add_member(unit_a, "bob")
    status, body = gql(signed_in(bob), "mutation($id: ID!) { revokeApiToken(id: $id) { errors { field code } } }",
                       {"id": str(token.pk)}, unit=unit_a)
    assert body["data"]["revokeApiToken"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_unit_restricted_token_is_refused_on_the_platform(unit_a, alice):
    token = issue_token(signed_in(alice), unit=unit_a)
    status, body = gql(Client(), "{ me { username } }", token=token)
    assert (status, body["error"]["code"]) == (403, "TOKEN_NOT_FOR_PLATFORM")


def test_sessions_keep_working_and_anonymous_callers_get_no_identity(unit_a, alice):
    assert gql(signed_in(alice), ME, unit=unit_a)[1]["data"]["me"] == {"username": "alice"}
    status, body = gql(Client(), "{ me { username } unit { code } }", unit=unit_a)
    assert status == 200 and body["data"] == {"me": None, "unit": {"code": unit_a.code}}
    status, body = gql(Client(), ME, unit=unit_a)
    assert codes(body) == ["UNAUTHENTICATED"]


def test_a_session_post_needs_the_csrf_token_but_a_bearer_token_does_not(unit_a, alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    status, body = gql(browser, ME, unit=unit_a)
    assert (status, codes(body)) == (403, ["CSRF_FAILED"])
    _, token = issue_personal_token(alice, "program")
    assert gql(Client(enforce_csrf_checks=True), ME, unit=unit_a, token=token)[0] == 200


def test_tokens_issued_at_a_unit_are_restricted_to_it_and_typed_errors_explain_mistakes(unit_a, unit_b, alice):
    client = signed_in(alice)
    status, body = gql(client, "mutation { issueApiToken(input: {name: \"x\", expiresInDays: 1000}) "
                               "{ token errors { field code } } }", unit=unit_a)
    assert status == 200
    assert body["data"]["issueApiToken"] == {"token": None, "errors": [{"field": "expiresInDays", "code": "INVALID"}]}
    issue = "mutation($codes: [String!]) { issueApiToken(input: {name: \"x\", unitCodes: $codes}) { token errors { field code } } }"
    body = gql(client, issue, {"codes": [unit_b.code]}, unit=unit_a)[1]
    assert body["data"]["issueApiToken"]["errors"] == [{"field": "unitCodes", "code": "INVALID"}]
    # On the platform: unknown units, and units the caller does not serve, are refused.
    body = gql(client, issue, {"codes": [unit_b.code, "nope"]})[1]
    assert body["data"]["issueApiToken"]["errors"] == [{"field": "unitCodes", "code": "NOT_FOUND"}]
    body = gql(client, issue, {"codes": [unit_b.code]})[1]
    assert body["data"]["issueApiToken"]["errors"] == [{"field": "unitCodes", "code": "NOT_A_MEMBER"}]
    assert not ApiToken.objects.exists()


def test_service_tokens_need_the_permission_and_are_restricted_to_units(unit_a, alice, django_user_model):
    from django.contrib.auth.models import Permission

    issue = """mutation($input: IssueServiceTokenInput!) {
      issueServiceToken(input: $input) { token apiToken { kind unitCodes } errors { field code } } }"""
    variables = {"input": {"username": "svc-sync", "name": "sync", "unitCodes": [unit_a.code]}}
    ict = django_user_model.objects.create_user("ict", password="x")
    status, body = gql(signed_in(ict), issue, variables)
    assert codes(body) == ["PERMISSION_DENIED"] and not ApiToken.objects.exists()
    ict.user_permissions.add(Permission.objects.get(codename="issue_service_token"))
    ict = django_user_model.objects.get(pk=ict.pk)
    status, body = gql(signed_in(ict), issue, {"input": {**variables["input"], "unitCodes": []}})
    assert body["data"]["issueServiceToken"]["errors"] == [{"field": "unitCodes", "code": "REQUIRED"}]
    status, body = gql(signed_in(ict), issue, {"input": {**variables["input"], "username": "alice"}})
    assert body["data"]["issueServiceToken"]["errors"] == [{"field": "username", "code": "NOT_A_SERVICE_ACCOUNT"}]
    status, body = gql(signed_in(ict), issue, variables)
    payload = body["data"]["issueServiceToken"]
    assert payload["apiToken"] is not None, body
    assert payload["apiToken"] == {"kind": "SERVICE", "unitCodes": [unit_a.code]} and payload["errors"] == []
    account = django_user_model.objects.get(username="svc-sync")
    assert not account.has_usable_password()
    assert ApiToken.objects.get(user=account).kind == TokenKind.SERVICE
    # The service account acts in the unit once the unit made it a member.
    assert post(Client(), {"query": ME}, unit=unit_a, token=payload["token"])[1]["error"]["code"] == "NOT_A_MEMBER"
    add_member(unit_a, "svc-sync", roles=("specialist",))
    assert gql(Client(), "{ me { username } }", unit=unit_a, token=payload["token"])[1]["data"]["me"] == {
        "username": "svc-sync"}


def test_messages_are_vietnamese_first_and_english_on_request(unit_a, alice):
    token, raw = issue_personal_token(alice, "x")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    vietnamese = Client().post("/graphql/", {"query": ME}, content_type="application/json",
                               HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit_a.code, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert vietnamese.json()["error"]["message"] == "Mã truy cập đã hết hạn."
    english = Client().post("/graphql/", {"query": ME}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en",
                            HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit_a.code, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert english.json()["error"]["message"] == "The API token has expired."
    deep = "{ unit { " + "parent { " * 12 + "code" + " }" * 12 + " } }"
    body = Client().post("/graphql/", {"query": deep}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en",
                         HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit_a.code).json()
    assert body["errors"][0]["message"].startswith("The query is 14 levels deep")


def test_the_platform_admin_lists_tokens_without_their_secret(unit_a, alice, django_user_model):
    issue_personal_token(alice, "visible name")
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", "root@example.vn", None))
    page = admin.get("/admin/api/apitoken/", HTTP_HOST="localhost")
    assert page.status_code == 200 and "visible name" in page.content.decode()
    assert ApiToken.objects.get().token_hash not in page.content.decode()
