"""Reorganisations through GraphQL: on the platform endpoint units over time (successions, earlier names, the tree at a
date, ended and existing-on filters), the recorded plans with their runs and steps, the memberships carried into a
unit and their confirmation; on a unit's own endpoint its successions, the memberships carried into it for its
administrator to confirm, and an ended predecessor's archive read by the successor's administrator."""

from datetime import date

import pytest
from api_support import codes, gql
from django.contrib.auth.models import Permission
from django.test import Client
from reorganisation_support import DISTRICT, PROVINCE
from reorganised_support import reorganise_province

from tenants.models import CarriedMembership, Unit

PLATFORM_GRANTS = ("view_unit", "view_reorganisationplan", "view_carriedmembership", "change_carriedmembership")


@pytest.fixture
def reorganised(make_unit, unit_b, tmp_path):
    return reorganise_province(make_unit, unit_b, tmp_path)


@pytest.fixture
def ict(django_user_model):
    user = django_user_model.objects.create_user("ict-reorg")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="tenants", codename__in=PLATFORM_GRANTS))
    client = Client()
    client.force_login(user)
    return client


def _data(client, query, variables=None, unit=None):
    status, body = gql(client, query, variables, unit=unit)
    assert status == 200 and "errors" not in body, body
    return body["data"]


def test_the_platform_shows_units_over_time_and_the_tree_at_a_date(reorganised, ict):
    ended = _data(ict, '{ unit(code: "95003") { endedOn status successors { successor { code name } kind share '
                       'effectiveOn decision } } }')["unit"]
    assert ended["endedOn"] == "2026-11-20" and ended["status"] == "ARCHIVED"
    assert [(s["successor"]["code"], s["kind"], s["share"]) for s in ended["successors"]] == [
        ("95001", "PARTIAL", 0.6), ("95010", "PARTIAL", 0.4)]
    assert ended["successors"][0]["decision"] == "Nghị quyết 1/2026/NQ-UBTVQH"
    kept = _data(ict, '{ unit(code: "95001") { name endedOn predecessors { predecessor { code endedOn } kind } '
                      'history { name parentCode validUntil } } }')["unit"]
    assert kept["name"] == "Xã An Bình" and kept["endedOn"] is None
    assert [p["predecessor"]["code"] for p in kept["predecessors"]] == ["95002", "95003", DISTRICT]  # by code
    assert kept["history"] == [{"name": "Xã An Hòa", "parentCode": DISTRICT, "validUntil": "2026-11-20"}]
    tree = "query($at: Date) { unitTree(code: \"95\", at: $at) { code name parentCode depth endedOn } }"
    before = _data(ict, tree, {"at": "2026-11-19"})["unitTree"]
    assert [(u["code"], u["name"], u["parentCode"], u["depth"]) for u in before] == [
        (PROVINCE, "Tỉnh Thử Sắp Xếp", None, 0), (DISTRICT, "Huyện Thử", PROVINCE, 1),
        ("95001", "Xã An Hòa", DISTRICT, 2), ("95002", "Xã Bình Minh", DISTRICT, 2),
        ("95003", "Xã Cát Tiên", DISTRICT, 2), ("95004", "Xã Dũng Tiến", DISTRICT, 2)]
    today = _data(ict, tree)["unitTree"]
    assert [(u["code"], u["name"], u["parentCode"]) for u in today] == [
        (PROVINCE, "Tỉnh Thử Sắp Xếp", None), ("95001", "Xã An Bình", PROVINCE), ("95010", "Xã Cát Dũng", PROVINCE)]
    assert _data(ict, '{ unitTree(code: "95010", at: "2026-11-19") { code } }')["unitTree"] == []  # not yet then
    units = ("query($f: UnitFilter) { units(first: 50, filter: $f) { totalCount edges { node { code "
             "successors { successor { code } } } } } }")
    ended_units = _data(ict, units, {"f": {"ended": True}})["units"]
    assert [e["node"]["code"] for e in ended_units["edges"]] == ["95002", "95003", "95004", DISTRICT]
    on_the_eve = _data(ict, units, {"f": {"existingOn": "2026-11-19", "search": "950"}})["units"]
    assert [e["node"]["code"] for e in on_the_eve["edges"]] == ["95001", "95002", "95003", "95004"]
    live = _data(ict, units, {"f": {"ended": False, "parentCode": PROVINCE}})["units"]
    assert [e["node"]["code"] for e in live["edges"]] == ["95001", "95010"]


def test_the_platform_shows_plans_runs_steps_and_their_results(reorganised, ict):
    plans = _data(ict, "{ reorganisationPlans(first: 5) { totalCount edges { node { id source effectiveOn decision "
                       "newUnits oldUnits run { status attempts stepsDone stepsTotal } } } } }")["reorganisationPlans"]
    assert plans["totalCount"] == 1
    plan = plans["edges"][0]["node"]
    assert (plan["newUnits"], plan["oldUnits"], plan["effectiveOn"]) == (2, 5, "2026-11-20")
    assert plan["run"] == {"status": "DONE", "attempts": 1, "stepsDone": 5, "stepsTotal": 5}
    one = _data(ict, "query($id: ID!) { reorganisationPlan(id: $id) { content run { steps { oldUnit { code endedOn } "
                     "action doneAt lines { what count successorCode needsDecision } } pending: steps(pending: true) "
                     "{ action } } } }", {"id": plan["id"]})["reorganisationPlan"]
    assert [u["code"] for u in one["content"]["units"]] == ["95001", "95010"]
    steps = {s["oldUnit"]["code"]: s for s in one["run"]["steps"]}
    assert steps["95001"]["action"] == "KEEP" and steps["95002"]["action"] == "CARRY"
    assert steps["95002"]["oldUnit"]["endedOn"] == "2026-11-20" and all(s["doneAt"] for s in steps.values())
    people = [line for line in steps["95003"]["lines"] if line["successorCode"] == "95001" and line["count"] == 1]
    assert people, steps["95003"]["lines"]  # its specialist moved to the principal successor
    assert one["run"]["pending"] == []
    missing = gql(ict, '{ reorganisationPlan(id: "999999") { id } }')[1]
    assert codes(missing) == ["NOT_FOUND"]


def test_carried_memberships_are_listed_and_confirmed_on_the_platform(reorganised, ict, unit_b):
    listed = "query($u: String!) { carriedMemberships(unitCode: $u) { id username fromUnit { code } toUnit { code } " \
             "roles confirmedAt confirmedBy } }"
    [row] = _data(ict, listed, {"u": "95001"})["carriedMemberships"]
    assert (row["username"], row["fromUnit"]["code"], row["roles"], row["confirmedAt"]) == (
        "clerk-c", "95003", ["specialist"], None)
    assert _data(ict, listed, {"u": unit_b.code})["carriedMemberships"] == []  # an unrelated unit: nothing
    confirm = "mutation($u: String!, $ids: [ID!]!) { confirmCarriedMemberships(unitCode: $u, ids: $ids) { confirmed " \
              "memberships { username confirmedBy } errors { code field message } } }"
    # Someone else's id, or one of another unit: refused as a whole, nothing confirmed.
    refused = _data(ict, confirm, {"u": unit_b.code, "ids": [row["id"]]})["confirmCarriedMemberships"]
    assert refused["errors"][0]["code"] == "NOT_FOUND" and row["id"] in refused["errors"][0]["message"]
    refused = _data(ict, confirm, {"u": "95001", "ids": [row["id"], "x"]})["confirmCarriedMemberships"]
    assert refused["errors"][0]["field"] == "ids" and not CarriedMembership.objects.filter(confirmed_at__isnull=False)
    done = _data(ict, confirm, {"u": "95001", "ids": [row["id"]]})["confirmCarriedMemberships"]
    assert done["errors"] == [] and done["confirmed"] == 1
    assert done["memberships"] == [{"username": "clerk-c", "confirmedBy": "ict-reorg"}]
    again = _data(ict, confirm, {"u": "95001", "ids": [row["id"]]})["confirmCarriedMemberships"]
    assert again["confirmed"] == 0 and again["errors"] == []
    assert _data(ict, "{ carriedMemberships(unitCode: \"95001\", unconfirmedOnly: true) { id } }")[
        "carriedMemberships"] == []


def test_a_units_endpoint_shows_its_successions_and_its_administrator_confirms(reorganised, unit_b):
    units = {u.code: u for u in Unit.objects.filter(code__in=["95001", "95002"])}
    admin = Client()
    admin.force_login(reorganised["admin"])
    here = _data(admin, "{ unit { code endedOn predecessors { predecessor { code endedOn } kind share } successors "
                        "{ kind } } carriedMemberships { id username fromUnit { code } } }", unit=units["95001"])
    assert [(p["predecessor"]["code"], p["kind"]) for p in here["unit"]["predecessors"]] == [
        ("95002", "FULL"), ("95003", "PARTIAL"), (DISTRICT, "PARTIAL")]
    assert here["unit"]["successors"] == [] and here["unit"]["endedOn"] is None
    [carried] = here["carriedMemberships"]
    assert (carried["username"], carried["fromUnit"]["code"]) == ("clerk-c", "95003")
    # The carried specialist works at once but may not confirm; the administrator does.
    specialist = Client()
    specialist.force_login(reorganised["specialist"])
    mutation = "mutation($ids: [ID!]!) { confirmCarriedMemberships(ids: $ids) { confirmed errors { code } } }"
    denied = gql(specialist, mutation, {"ids": [carried["id"]]}, unit=units["95001"])[1]
    assert codes(denied) == ["PERMISSION_DENIED"]
    assert codes(gql(specialist, "{ carriedMemberships { id } }", unit=units["95001"])[1]) == ["PERMISSION_DENIED"]
    done = _data(admin, mutation, {"ids": [carried["id"]]}, unit=units["95001"])["confirmCarriedMemberships"]
    assert done == {"confirmed": 1, "errors": []}
    assert CarriedMembership.objects.get(pk=carried["id"]).confirmed_by == reorganised["admin"]
    # The ended predecessor's endpoint: its successions and its archive, read by the successor's administrator;
    # writes there are refused.
    archive = _data(admin, "{ unit { endedOn successors { successor { code } kind } } myMembership { roles { code } } }",
                    unit=units["95002"])
    assert archive["unit"] == {"endedOn": "2026-11-20", "successors": [{"successor": {"code": "95001"}, "kind": "FULL"}]}
    assert [r["code"] for r in archive["myMembership"]["roles"]] == ["archive_reader"]
    status, body = gql(admin, mutation, {"ids": [carried["id"]]}, unit=units["95002"])
    assert status == 403 and codes(body) == ["UNIT_ENDED"]
    # Another unit's administrator sees nothing of it.
    other = Client()
    other.force_login(reorganised["admin_b"])
    assert _data(other, "{ carriedMemberships { id } unit { predecessors { kind } } }", unit=unit_b) == {
        "carriedMemberships": [], "unit": {"predecessors": []}}
    assert gql(other, "{ unit { code } }", unit=units["95001"])[1]["error"]["code"] == "NOT_A_MEMBER"


def test_reorganisation_fields_need_their_platform_grants(reorganised, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("no-grants"))
    for query in ('{ reorganisationPlans(first: 1) { totalCount } }', '{ unitTree(code: "95") { code } }',
                  '{ carriedMemberships(unitCode: "95001") { id } }'):
        assert codes(gql(client, query)[1]) == ["PERMISSION_DENIED"], query
    body = gql(client, 'mutation { confirmCarriedMemberships(unitCode: "95001", ids: ["1"]) { confirmed } }')[1]
    assert codes(body) == ["PERMISSION_DENIED"] and not CarriedMembership.objects.filter(confirmed_at__isnull=False)


def test_a_list_of_units_over_time_costs_the_same_queries_whatever_its_length(reorganised, ict):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = ("query($n: Int) { units(first: $n) { edges { node { code predecessors { predecessor { code } kind } "
             "successors { successor { code } share } history { name kindCode parentCode } } } } }")
    counts = []
    for n in (4, 50):  # 91002, 95, 95001 (predecessors, history), 95002 (successors): every relation has rows
        with CaptureQueriesContext(connection) as queries:
            edges = _data(ict, query, {"n": n})["units"]["edges"]
        counts.append(len(queries))
    assert len(edges) >= 8 and counts[0] == counts[1], counts


def test_the_list_of_plans_reads_their_runs_and_steps_in_a_fixed_number_of_queries(reorganised, ict, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from reorganisation_support import plan_data, write_plan

    from tenants.services.reorganisation import dry_run, load_plan_file

    query = ("{ reorganisationPlans(first: 10) { edges { node { source run { status stepsDone stepsTotal "
             "steps { oldUnit { code } action lines { count } } } } } } }")
    with CaptureQueriesContext(connection) as one:
        assert len(_data(ict, query)["reorganisationPlans"]["edges"]) == 1
    # A second plan recorded (its run started, nothing done yet): the same queries.
    from tenants.services.reorganisation import runs

    second = load_plan_file(write_plan(tmp_path / "second.json", plan_data("2026-11-21", decision="Nghị quyết 2")))
    assert dry_run(second, date(2026, 11, 20)).problems  # its old units have ended: it could not be carried out
    runs.start(second)
    with CaptureQueriesContext(connection) as two:
        assert len(_data(ict, query)["reorganisationPlans"]["edges"]) == 2
    assert len(one) == len(two), (len(one), len(two))
