"""The GraphQL API against a hand-written Django JSON view returning the same data, in one run, in-process.

The data: a unit with 100 members (the list's page), each with its user and two roles. Both endpoints go through
the whole middleware stack (unit routing, bearer token, membership check) with the same token. Everything this
benchmark writes is rolled back at the end.
"""

import statistics
import time

from django.db import connection, transaction
from django.http import JsonResponse
from django.test import Client, override_settings
from django.urls import path

from core.urls_unit import urlpatterns as unit_urlpatterns

UNIT_CODE = "99901"
PAGE = 100
REQUESTS = 200
QUERY = """query Members($first: Int) {
  members(first: $first, orderBy: {field: USERNAME}) {
    edges { node { id isActive createdAt user { id username fullName email } roles { code name } } }
  }
}"""


def members_json(request):
    """The same page as QUERY, written by hand with the ORM."""
    from core.accounts.models import Membership

    if not request.user.has_perm("accounts.view_membership"):
        return JsonResponse({"error": "forbidden"}, status=403)
    rows = (Membership.objects.filter(unit=request.unit).select_related("user").prefetch_related("roles")
            .order_by("user__username", "pk")[:PAGE])
    return JsonResponse({"members": [{
        "id": str(m.pk), "isActive": m.is_active, "createdAt": m.created_at.isoformat(),
        "user": {"id": str(m.user.pk), "username": m.user.username,
                 "fullName": m.user.get_full_name() or m.user.username, "email": m.user.email},
        "roles": [{"code": r.code, "name": r.name} for r in m.roles.all()],
    } for m in rows]})


urlpatterns = [*unit_urlpatterns, path("bench/members.json", members_json)]


def _setup():
    from django.contrib.auth import get_user_model

    from core.accounts.models import Membership, Role
    from core.accounts.services import grant_membership
    from core.api.tokens import issue_personal_token
    from tenants.models import Unit
    from tenants.services.provisioning import provision_unit
    from tenants.services.units import UnitRecord, record_units

    record_units([UnitRecord(UNIT_CODE, "Xã Đo Hiệu Năng", "commune")])
    unit = Unit.objects.get(code=UNIT_CODE)
    provision_unit(unit)
    user_model = get_user_model()
    admin = user_model.objects.create_user("bench-admin")
    grant_membership(admin, unit, ["administrator"])
    users = user_model.objects.bulk_create([
        user_model(username=f"bench{i:03}", first_name=f"Tên {i}", last_name="Nguyễn", email=f"u{i}@example.vn",
                   password="!") for i in range(PAGE - 1)])
    memberships = Membership.objects.bulk_create([Membership(user=u, unit=unit) for u in users])
    roles = list(Role.objects.filter(unit=unit, code__in=["specialist", "leader"]).values_list("pk", flat=True))
    Membership.roles.through.objects.bulk_create([
        Membership.roles.through(membership_id=m.pk, role_id=r) for m in memberships for r in roles])
    _, token = issue_personal_token(admin, "bench", [UNIT_CODE])
    return token


class _Counted:
    """SQL queries sent while active, leaving out django-tenants' `SET search_path` statements."""

    def __init__(self):
        self.data = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.startswith("SET search_path"):
            self.data += 1
        return execute(sql, params, many, context)


def _count(call) -> _Counted:
    counted = _Counted()
    with connection.execute_wrapper(counted):
        call()
    return counted


def _timed(call, n: int) -> tuple[float, float]:
    """(requests per second, p95 in ms) of n sequential calls."""
    durations = []
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        response = call()
        durations.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.content[:300]
    total = time.perf_counter() - started
    return n / total, statistics.quantiles(durations, n=20)[18] * 1000


def run() -> list[tuple[str, str]]:
    with transaction.atomic(), override_settings(ROOT_URLCONF=__name__):
        token = _setup()
        client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=UNIT_CODE, HTTP_AUTHORIZATION=f"Bearer {token}")

        def graphql():
            return client.post("/graphql/", {"query": QUERY, "variables": {"first": PAGE}},
                               content_type="application/json")

        def plain():
            return client.get("/bench/members.json")

        first = graphql().json()
        assert len(first["data"]["members"]["edges"]) == PAGE, first
        assert len(plain().json()["members"]) == PAGE
        listing = _count(graphql)
        baseline = _count(lambda: client.post("/graphql/", {"query": "{ __typename }"}, content_type="application/json"))
        by_hand = _count(plain)
        for _ in range(20):  # warm both paths
            graphql(), plain()
        gql_rate, gql_p95 = _timed(graphql, REQUESTS)
        json_rate, json_p95 = _timed(plain, REQUESTS)
        transaction.set_rollback(True)
    return [
        (f"GraphQL list of {PAGE} members + user + roles: SQL queries per request", str(listing.data)),
        ("  of which for the list itself (beyond auth, unit, time limit)", str(listing.data - baseline.data)),
        ("same page, hand-written JSON view: SQL queries per request", str(by_hand.data)),
        ("GraphQL list: requests/s (in-process, sequential)", f"{gql_rate:.0f}"),
        ("JSON view: requests/s (in-process, sequential)", f"{json_rate:.0f}"),
        ("GraphQL list: server time p95 (ms)", f"{gql_p95:.1f}"),
        ("JSON view: server time p95 (ms)", f"{json_p95:.1f}"),
    ]
