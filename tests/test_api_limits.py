"""Every limit refuses an abusive request with HTTP 400 and its code, before any resolver runs."""

import json

import graphene
import pytest
from api_support import add_member, codes, gql, headers, post
from django.db import OperationalError, connection
from django.test import Client, RequestFactory, override_settings

from core.api.execution import statement_timeout
from core.api.models import ApiToken
from core.api.view import ApiView

ISSUE = 'mutation { issueApiToken(input: {name: "should-not-exist"}) { token errors { code } } }'
MEMBERS = "{alias}: members(first: 100) {{ edges {{ node {{ user {{ username }} roles {{ code }} }} }} }}"


@pytest.fixture
def admin_client(unit_a):
    client = Client()
    client.force_login(add_member(unit_a, "admin"))
    return client


def _deep(levels: int) -> str:
    return "{ unit { " + "parent { " * levels + "code" + " }" * levels + " } }"


def test_a_too_deep_query_is_refused(unit_a, admin_client):
    assert gql(admin_client, _deep(5), unit=unit_a)[0] == 200
    status, body = gql(admin_client, _deep(12), unit=unit_a)
    assert (status, codes(body)) == (400, ["QUERY_TOO_DEEP"]) and "data" not in body


def test_depth_counts_through_fragments(unit_a, admin_client):
    query = "query { unit { ...A } } fragment A on Unit { parent { ...B } } fragment B on Unit { parent { ...C } } " \
            "fragment C on Unit { " + "parent { " * 9 + "code" + " }" * 9 + " }"
    assert codes(gql(admin_client, query, unit=unit_a)[1]) == ["QUERY_TOO_DEEP"]


def test_a_too_costly_query_is_refused(unit_a, admin_client):
    assert gql(admin_client, "{ " + MEMBERS.format(alias="a") + " }", unit=unit_a)[0] == 200
    query = "{ " + " ".join(MEMBERS.format(alias=f"a{i}") for i in range(9)) + " }"
    status, body = gql(admin_client, query, unit=unit_a)
    assert (status, codes(body)) == (400, ["QUERY_TOO_COSTLY"])
    assert body["errors"][0]["extensions"]["cost"] > body["errors"][0]["extensions"]["max"]


def test_cost_uses_page_sizes_given_in_variables(unit_a, admin_client):
    query = "query($n: Int) { " + " ".join(
        f"a{i}: members(first: $n) {{ edges {{ node {{ user {{ username }} roles {{ code }} }} }} }}" for i in range(9)) + " }"
    assert gql(admin_client, query, {"n": 5}, unit=unit_a)[0] == 200
    assert codes(gql(admin_client, query, {"n": 100}, unit=unit_a)[1]) == ["QUERY_TOO_COSTLY"]


def test_too_many_aliases_are_refused(unit_a, admin_client):
    query = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(21)) + " }"
    status, body = gql(admin_client, query, unit=unit_a)
    assert (status, codes(body)) == (400, ["TOO_MANY_ALIASES"])


def test_a_page_over_the_maximum_is_refused_before_running(unit_a, admin_client):
    status, body = gql(admin_client, "{ members(first: 101) { totalCount } }", unit=unit_a)
    assert (status, codes(body)) == (400, ["PAGE_TOO_LARGE"]) and body["errors"][0]["extensions"]["max"] == 100
    status, body = gql(admin_client, "query($n: Int) { members(last: $n) { totalCount } }", {"n": 500}, unit=unit_a)
    assert (status, codes(body)) == (400, ["PAGE_TOO_LARGE"])


def test_a_too_large_document_is_refused(unit_a, admin_client):
    query = "{ me { username } }" + " " * 20001
    assert codes(gql(admin_client, query, unit=unit_a)[1]) == ["QUERY_TOO_LARGE"]


def test_batches_run_in_order_and_a_too_large_batch_is_refused(unit_a, admin_client):
    status, body = post(admin_client, [{"query": "{ me { username } }"}, {"query": "{ unit { code } }"}], unit=unit_a)
    assert status == 200 and [r["data"] for r in body] == [{"me": {"username": "admin"}}, {"unit": {"code": unit_a.code}}]
    status, body = post(admin_client, [{"query": ISSUE}] * 11, unit=unit_a)
    assert (status, codes(body)) == (400, ["BATCH_TOO_LARGE"])
    assert not ApiToken.objects.exists()


def test_one_refused_operation_stops_the_whole_batch(unit_a, admin_client):
    status, body = post(admin_client, [{"query": ISSUE}, {"query": _deep(12)}], unit=unit_a)
    assert status == 400
    assert [codes(r) for r in body] == [["BATCH_REJECTED"], ["QUERY_TOO_DEEP"]]
    assert not ApiToken.objects.exists()  # the mutation's resolver never ran


def test_a_mutation_in_a_refused_document_never_runs(unit_a, admin_client):
    query = ISSUE.replace("mutation {", "mutation {" + " ".join(f"a{i}: me {{ username }}" for i in range(21)))
    query = "mutation { " + " ".join(
        f"t{i}: issueApiToken(input: {{name: \"x\"}}) {{ token }}" for i in range(21)) + " }"
    status, body = gql(admin_client, query, unit=unit_a)
    assert (status, codes(body)) == (400, ["TOO_MANY_ALIASES"])
    assert not ApiToken.objects.exists()


def test_the_time_limit_stops_an_operation(unit_a, admin_client):
    with override_settings(GRAPHQL_TIME_LIMIT_MS=0.001):
        status, body = gql(admin_client, "{ " + MEMBERS.format(alias="a") + " }", unit=unit_a)
    assert status == 200 and codes(body) == ["TIME_LIMIT_EXCEEDED"] and body["data"] is None


def test_the_database_cancels_a_statement_over_the_time_limit(db):
    with pytest.raises(OperationalError), statement_timeout(50), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")


def test_a_statement_cancelled_by_the_database_answers_time_limit_exceeded(unit_a):
    class Slow(graphene.ObjectType):
        slow = graphene.Int()

        @staticmethod
        def resolve_slow(root, info):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_sleep(2)")
                return cursor.fetchone()[0]

    request = RequestFactory().post("/graphql/", data={"query": "{ slow }"}, content_type="application/json",
                                    **headers(unit_a))
    request.user, request.unit, request.auth_token = add_member(unit_a, "admin"), unit_a, None
    request._dont_enforce_csrf_checks = True
    connection.set_tenant(unit_a)
    with override_settings(GRAPHQL_TIME_LIMIT_MS=100):
        response = ApiView.as_view(schema=graphene.Schema(query=Slow))(request)
    body = json.loads(response.content)
    assert response.status_code == 200 and codes(body) == ["TIME_LIMIT_EXCEEDED"]
    with connection.cursor() as cursor:  # the request's transaction was rolled back, the connection is usable
        cursor.execute("SELECT 1")


def test_introspection_and_graphiql_are_closed_to_anonymous_callers_in_production(unit_a, admin_client):
    introspect = "{ __schema { queryType { name } } }"
    with override_settings(PRODUCTION=True):
        status, body = gql(Client(), introspect, unit=unit_a)
        assert (status, codes(body)) == (400, ["INTROSPECTION_DISABLED"])
        assert gql(admin_client, introspect, unit=unit_a)[1]["data"] == {"__schema": {"queryType": {"name": "Query"}}}
        assert "Did you mean" not in gql(Client(), "{ membrs { totalCount } }", unit=unit_a)[1]["errors"][0]["message"]
        page = Client().get("/graphql/", HTTP_ACCEPT="text/html", **headers(unit_a))
        assert page.status_code == 403
        assert admin_client.get("/graphql/", HTTP_ACCEPT="text/html", **headers(unit_a)).status_code == 200
    assert gql(Client(), introspect, unit=unit_a)[0] == 200
    assert Client().get("/graphql/", HTTP_ACCEPT="text/html", **headers()).status_code == 200


def test_malformed_requests_are_caller_errors(unit_a, admin_client):
    response = admin_client.post("/graphql/", data="{not json", content_type="application/json", **headers(unit_a))
    assert response.status_code == 400 and codes(response.json()) == ["BAD_REQUEST"]
    assert codes(gql(admin_client, "{ me { ", unit=unit_a)[1]) == ["GRAPHQL_PARSE_FAILED"]
    assert codes(gql(admin_client, "{ nope }", unit=unit_a)[1]) == ["GRAPHQL_VALIDATION_FAILED"]
    status, body = gql(admin_client, "query($n: Int) { members(first: $n) { totalCount } }", {"n": "many"}, unit=unit_a)
    assert (status, codes(body)) == (400, ["BAD_USER_INPUT"])
    status, body = gql(admin_client, '{ members(after: "garbage") { totalCount } }', unit=unit_a)
    assert status == 200 and codes(body) == ["INVALID_CURSOR"]
    response = admin_client.get("/graphql/", {"query": ISSUE}, **headers(unit_a))
    assert response.status_code == 405 and not ApiToken.objects.exists()
