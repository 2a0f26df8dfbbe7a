"""Lists: Relay pagination, filters, ordering, isolation between units, object permissions in bulk, and SQL that
does not grow with the page size."""

import pytest
from api_support import add_member, add_members, codes, gql
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from core.accounts.models import Membership

MEMBERS = """query($first: Int, $after: String, $last: Int, $filter: MembershipFilter, $order: MembershipOrder) {
  members(first: $first, after: $after, last: $last, filter: $filter, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { user { username fullName } roles { code } isActive } }
  }
}"""


def usernames(body):
    return [e["node"]["user"]["username"] for e in body["data"]["members"]["edges"]]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staffed(unit_a, unit_b):
    admin = add_member(unit_a, "admin-a")
    for i in range(6):
        add_member(unit_a, f"a{i}", roles=("specialist",) if i % 2 else ("leader",), first_name=f"Tên{i}")
    add_member(unit_b, "admin-b")
    add_member(unit_b, "b0", roles=("specialist",))
    return admin


def test_a_unit_lists_only_its_own_members(unit_a, unit_b, staffed):
    status, body = gql(signed_in(staffed), MEMBERS, {"first": 50}, unit=unit_a)
    assert status == 200 and body["data"]["members"]["totalCount"] == 7
    assert set(usernames(body)) == {"admin-a", *(f"a{i}" for i in range(6))}
    status, body = gql(signed_in(staffed), MEMBERS, {"first": 50}, unit=unit_b)
    assert (status, body["error"]["code"]) == (403, "NOT_A_MEMBER")
    admin_b = add_member(unit_b, "admin-b")
    body = gql(signed_in(admin_b), MEMBERS, {"first": 50}, unit=unit_b)[1]
    assert set(usernames(body)) == {"admin-b", "b0"}


def test_pages_follow_cursors_in_order(unit_a, staffed):
    client = signed_in(staffed)
    first = gql(client, MEMBERS, {"first": 3}, unit=unit_a)[1]
    assert usernames(first) == ["a0", "a1", "a2"]
    info = first["data"]["members"]["pageInfo"]
    assert info["hasNextPage"] and not info["hasPreviousPage"]
    second = gql(client, MEMBERS, {"first": 3, "after": info["endCursor"]}, unit=unit_a)[1]
    assert usernames(second) == ["a3", "a4", "a5"]
    third = gql(client, MEMBERS, {"first": 3, "after": second["data"]["members"]["pageInfo"]["endCursor"]}, unit=unit_a)[1]
    assert usernames(third) == ["admin-a"] and not third["data"]["members"]["pageInfo"]["hasNextPage"]
    last = gql(client, MEMBERS, {"last": 2}, unit=unit_a)[1]
    assert usernames(last) == ["a5", "admin-a"] and last["data"]["members"]["pageInfo"]["hasPreviousPage"]


def test_filters_and_ordering(unit_a, staffed):
    client = signed_in(staffed)
    body = gql(client, MEMBERS, {"filter": {"role": "specialist"}, "order": {"field": "USERNAME", "direction": "DESC"}},
               unit=unit_a)[1]
    assert usernames(body) == ["a5", "a3", "a1"] and body["data"]["members"]["totalCount"] == 3
    body = gql(client, MEMBERS, {"filter": {"search": "tên4"}}, unit=unit_a)[1]
    assert usernames(body) == ["a4"]
    Membership.objects.filter(user__username="a0").update(is_active=False)
    body = gql(client, MEMBERS, {"filter": {"isActive": False}}, unit=unit_a)[1]
    assert usernames(body) == ["a0"]
    status, body = gql(client, MEMBERS, {"order": {"field": "SALARY"}}, unit=unit_a)
    assert (status, codes(body)) == (400, ["BAD_USER_INPUT"])
    status, body = gql(client, MEMBERS, {"first": -1}, unit=unit_a)
    assert status == 200 and codes(body) == ["INVALID_ARGUMENT"]


def test_object_permissions_select_rows_in_one_query(unit_a, staffed):
    from guardian.shortcuts import assign_perm

    specialist = Membership.objects.get(unit=unit_a, user__username="a1").user
    client = signed_in(specialist)
    assert usernames(gql(client, MEMBERS, {}, unit=unit_a)[1]) == []  # no role grants accounts.view_membership
    with tenant_context(unit_a):
        for username in ("a2", "a4"):
            assign_perm("accounts.view_membership", specialist, Membership.objects.get(unit=unit_a, user__username=username))
    assert usernames(gql(client, MEMBERS, {}, unit=unit_a)[1]) == ["a2", "a4"]
    status, body = gql(client, "{ roles { code } }", unit=unit_a)
    assert codes(body) == ["PERMISSION_DENIED"] and body["errors"][0]["extensions"]["permissions"] == ["accounts.view_role"]


def _sql(captured) -> list[str]:
    """The statements that read or write data: django-tenants also re-sends `SET search_path` before each one
    (unless TENANT_LIMIT_SET_CALLS), which doubles the round trips but is not a query."""
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]


def _queries(client, unit, first: int) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        status, body = gql(client, MEMBERS, {"first": first}, unit=unit)
    assert status == 200 and "errors" not in body, body
    return len(_sql(captured)), body


def test_the_sql_of_a_list_does_not_grow_with_its_page_size(unit_a, staffed):
    add_members(unit_a, 100)
    client = signed_in(staffed)
    _queries(client, unit_a, 5)  # warm the per-process caches (content types)
    small, _ = _queries(client, unit_a, 5)
    large, body = _queries(client, unit_a, 50)
    full, body = _queries(client, unit_a, 100)
    assert len(body["data"]["members"]["edges"]) == 100
    assert small == large == full
    with CaptureQueriesContext(connection) as baseline:
        gql(client, "{ __typename }", unit=unit_a)
    # What the list itself costs, beyond what every request costs (unit, session, membership, time limit).
    assert full - len(_sql(baseline)) <= 6
