"""Helpers of the API tests: members with roles, and GraphQL calls through the real middleware stack."""

import json

from django.contrib.auth import get_user_model

from core.accounts.models import Membership, Role
from core.accounts.services import grant_membership


def add_member(unit, username: str, roles=("administrator",), password: str | None = None, **fields):
    """The user (created without a password unless given: hashing is slow) made a member of the unit."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model().objects.create_user(username=username, password=password, **fields)
    grant_membership(user, unit, list(roles))
    return user


def add_members(unit, count: int, prefix: str = "bulk", roles=("specialist", "leader")) -> None:
    """`count` members at once (bulk inserts), each with the roles."""
    users = get_user_model().objects.bulk_create([
        get_user_model()(username=f"{prefix}{i:03}", first_name=f"Tên {i}", last_name="Nguyễn", password="!")
        for i in range(count)])
    memberships = Membership.objects.bulk_create([Membership(user=u, unit=unit) for u in users])
    role_ids = list(Role.objects.filter(unit=unit, code__in=roles).values_list("pk", flat=True))
    Membership.roles.through.objects.bulk_create([
        Membership.roles.through(membership_id=m.pk, role_id=r) for m in memberships for r in role_ids])


def headers(unit=None, token=None) -> dict:
    extra = {"HTTP_HOST": "localhost"}
    if unit is not None:
        extra["HTTP_X_EGOV_UNIT"] = unit.code
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return extra


def post(client, body, unit=None, token=None):
    """POST a GraphQL body (an operation dict or a batch list); returns (status, decoded JSON)."""
    response = client.post("/graphql/", data=json.dumps(body), content_type="application/json", **headers(unit, token))
    return response.status_code, response.json()


def gql(client, query: str, variables: dict | None = None, unit=None, token=None):
    return post(client, {"query": query, "variables": variables or {}}, unit=unit, token=token)


def codes(body) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


ISSUE_TOKEN = """
mutation Issue($input: IssueApiTokenInput!) {
  issueApiToken(input: $input) { token apiToken { id name unitCodes kind } errors { field code message } }
}"""


def issue_token(client, unit=None, name="script", **input_fields) -> str:
    """A token issued through the API by the client's signed-in user."""
    status, body = gql(client, ISSUE_TOKEN, {"input": {"name": name, **input_fields}}, unit=unit)
    assert status == 200, body
    payload = body["data"]["issueApiToken"]
    assert payload["errors"] == [], payload
    return payload["token"]
