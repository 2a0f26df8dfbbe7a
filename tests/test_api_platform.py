"""The platform endpoint (ICT department): units, provisioning, modules per unit, memberships across units."""

import pytest
from api_support import add_member, codes, gql
from django.contrib.auth.models import Permission
from django.test import Client

from tenants.models import Unit, UnitStatus

UNITS = """query($filter: UnitFilter, $order: UnitOrder) {
  units(first: 50, filter: $filter, orderBy: $order) {
    totalCount edges { node { code name status kind { code } parent { code } domains } }
  }
}"""
REQUEST = """mutation($input: RequestUnitInput!) {
  requestUnit(input: $input) { unit { code status } errors { field code message } }
}"""
PROVISION = """mutation($code: String!) { provisionUnit(code: $code) { unit { code status } errors { field code } } }"""


@pytest.fixture
def ict(django_user_model):
    """An ICT department officer: model permissions on the platform (no unit)."""
    user = django_user_model.objects.create_user("ict-officer")
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_unit", "add_unit", "change_unit", "view_membership"]))
    client = Client()
    client.force_login(user)
    return client


def test_units_with_their_status_filtered_and_ordered(ict, unit_a, unit_b):
    body = gql(ict, UNITS, {"filter": {"status": "READY", "search": "Thử Nghiệm"}, "order": {"field": "CODE",
                                                                                           "direction": "DESC"}})[1]
    nodes = [e["node"] for e in body["data"]["units"]["edges"]]
    assert [n["code"] for n in nodes] == [unit_b.code, unit_a.code]
    assert nodes[0]["status"] == "READY" and nodes[0]["kind"] == {"code": "commune"}
    assert nodes[1]["domains"] == ["u-91001.localhost"]
    body = gql(ict, "query($code: String!) { unit(code: $code) { code status } }", {"code": "nope"})[1]
    assert codes(body) == ["NOT_FOUND"] and body["data"] == {"unit": None}


def test_platform_fields_need_their_permissions(db, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("nobody"))
    body = gql(client, "{ units { totalCount } }")[1]
    assert codes(body) == ["PERMISSION_DENIED"] and body["data"] == {"units": None}
    assert codes(gql(Client(), "{ units { totalCount } }")[1]) == ["UNAUTHENTICATED"]


def test_request_then_provision_a_unit_on_a_worker(ict, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        status, body = gql(ict, REQUEST, {"input": {"code": "91050", "name": "Xã Mới", "kind": "commune"}})
    assert body["data"]["requestUnit"] == {"unit": {"code": "91050", "status": "REQUESTED"}, "errors": []}
    assert queued == []
    with django_capture_on_commit_callbacks() as queued:
        body = gql(ict, PROVISION, {"code": "91050"})[1]
    assert body["data"]["provisionUnit"]["errors"] == [] and len(queued) == 1  # provision_unit_task.delay
    assert Unit.objects.get(code="91050").status == UnitStatus.REQUESTED


def test_mistakes_in_unit_requests_are_typed_errors(ict, unit_a):
    cases = [
        ({"code": "x; DROP", "name": "Xã", "kind": "commune"}, "INVALID", None),
        ({"code": "91051", "name": "Xã", "kind": "planet"}, "INVALID", None),
        ({"code": unit_a.code, "name": "Xã", "kind": "commune"}, "ALREADY_EXISTS", "code"),
    ]
    for data, code, field in cases:
        status, body = gql(ict, REQUEST, {"input": data})
        assert status == 200 and "errors" not in body
        [error] = body["data"]["requestUnit"]["errors"]
        assert (error["code"], error["field"]) == (code, field) and error["message"]
    assert gql(ict, PROVISION, {"code": "nope"})[1]["data"]["provisionUnit"]["errors"] == [
        {"field": "code", "code": "NOT_FOUND"}]
    assert gql(ict, PROVISION, {"code": unit_a.code})[1]["data"]["provisionUnit"]["errors"] == [
        {"field": "code", "code": "INVALID_STATUS"}]
    assert not Unit.objects.filter(code="91051").exists()


def test_modules_per_unit_and_switching_them(ict, unit_a):
    from core.modules.registry import all_manifests

    module_id = next(m.id for m in all_manifests().values() if not m.depends)
    query = "query($code: String!) { unitModules(code: $code) { module { id } enabled } }"
    before = {m["module"]["id"]: m["enabled"] for m in gql(ict, query, {"code": unit_a.code})[1]["data"]["unitModules"]}
    assert set(before) == set(all_manifests()) and not any(before.values())
    switch = "mutation($u: String!, $m: String!) { %s(unitCode: $u, moduleId: $m) { modules { module { id } enabled } " \
             "errors { field code } } }"
    body = gql(ict, switch % "enableModule", {"u": unit_a.code, "m": module_id})[1]["data"]["enableModule"]
    assert body["errors"] == [] and {"module": {"id": module_id}, "enabled": True} in body["modules"]
    body = gql(ict, switch % "enableModule", {"u": unit_a.code, "m": "no_such_module"})[1]["data"]["enableModule"]
    assert body["errors"] == [{"field": "moduleId", "code": "UNKNOWN_MODULE"}]
    body = gql(ict, switch % "disableModule", {"u": unit_a.code, "m": module_id})[1]["data"]["disableModule"]
    assert body["errors"] == [] and {"module": {"id": module_id}, "enabled": False} in body["modules"]


def test_memberships_across_units_filtered_by_unit(ict, unit_a, unit_b):
    add_member(unit_a, "an")
    add_member(unit_b, "binh")
    query = """query($unit: String) { memberships(filter: {unitCode: $unit}) {
      totalCount edges { node { user { username } unit { code } roles { code } } } } }"""
    body = gql(ict, query, {"unit": unit_b.code})[1]
    assert [e["node"]["user"]["username"] for e in body["data"]["memberships"]["edges"]] == ["binh"]
    assert body["data"]["memberships"]["edges"][0]["node"]["unit"] == {"code": unit_b.code}
    assert gql(ict, query, {})[1]["data"]["memberships"]["totalCount"] == 2
