"""Module contributions: fields join the root types without editing the core, and answer MODULE_NOT_ENABLED in a
unit that has not enabled their module."""

import json

import graphene
import pytest
from api_support import add_member, codes, headers
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory

from core.accounts.models import Membership
from core.api.assembly import merge
from core.api.connections import ListConnectionField
from core.api.mutations.base import BaseMutation
from core.api.permissions import requires
from core.api.queries.unit import UnitQuery
from core.api.types.accounts import MembershipConnection
from core.api.view import ApiView
from core.modules.registry import all_manifests
from core.modules.services import enable


class DemoQuery(graphene.ObjectType):
    """What a module's manifest names as graphql_query."""

    demo_hello = graphene.String(required=True)
    demo_members = ListConnectionField(MembershipConnection)

    @staticmethod
    def resolve_demo_hello(root, info):
        return f"xin chào {info.context.unit.code}"

    @staticmethod
    @requires("accounts.view_membership")
    def resolve_demo_members(root, info):
        return Membership.objects.filter(unit=info.context.unit)


class DemoPing(BaseMutation):
    class Arguments:
        text = graphene.String(required=True)

    echo = graphene.String()

    @classmethod
    def perform(cls, info, text):
        return cls(echo=text)


class DemoMutation(graphene.ObjectType):
    demo_ping = DemoPing.Field()


@pytest.fixture
def module_id():
    return next(m.id for m in all_manifests().values() if not m.depends)


@pytest.fixture
def schema(module_id):
    query = merge("Query", [("core", UnitQuery, None), ("module demo", DemoQuery, module_id)])
    mutation = merge("Mutation", [("module demo", DemoMutation, module_id)])
    return graphene.Schema(query=query, mutation=mutation)


def call(schema, unit, user, query):
    """Through the API view itself, for a request the middleware would have routed to `unit` as `user`."""
    request = RequestFactory().post("/graphql/", data={"query": query}, content_type="application/json",
                                    **headers(unit))
    request.user, request.unit, request.auth_token = user, unit, None
    request._dont_enforce_csrf_checks = True
    connection.set_tenant(unit)
    try:
        response = ApiView.as_view(schema=schema)(request)
    finally:
        connection.set_schema_to_public()
    return response.status_code, json.loads(response.content)


def test_a_module_field_answers_module_not_enabled_until_the_unit_enables_it(schema, module_id, unit_a, unit_b):
    user_a = add_member(unit_a, "a")
    query = "{ unit { code } demoHello demoMembers(first: 5) { totalCount } }"
    status, body = call(schema, unit_a, user_a, query)
    assert status == 200 and body["data"]["unit"] == {"code": unit_a.code}
    assert codes(body) == ["MODULE_NOT_ENABLED", "MODULE_NOT_ENABLED"]
    assert body["errors"][0]["extensions"]["module"] == module_id
    status, body = call(schema, unit_a, user_a, 'mutation { demoPing(text: "a") { echo } }')
    assert codes(body) == ["MODULE_NOT_ENABLED"] and body["data"] == {"demoPing": None}

    enable(unit_a, module_id)
    unit_a.refresh_from_db()
    status, body = call(schema, unit_a, user_a, query)
    assert "errors" not in body
    assert body["data"] == {"unit": {"code": unit_a.code}, "demoHello": f"xin chào {unit_a.code}",
                            "demoMembers": {"totalCount": 1}}
    assert call(schema, unit_a, user_a, 'mutation { demoPing(text: "a") { echo errors { code } } }')[1]["data"] == {
        "demoPing": {"echo": "a", "errors": []}}
    # Enabled in unit A only.
    user_b = add_member(unit_b, "b")
    assert codes(call(schema, unit_b, user_b, "{ demoHello }")[1]) == ["MODULE_NOT_ENABLED"]


def test_module_fields_keep_their_declared_permissions(schema, module_id, unit_a):
    enable(unit_a, module_id)
    unit_a.refresh_from_db()
    specialist = add_member(unit_a, "s", roles=("specialist",))
    status, body = call(schema, unit_a, specialist, "{ demoMembers { totalCount } }")
    assert codes(body) == ["PERMISSION_DENIED"]


def test_two_contributions_of_the_same_field_are_refused():
    class Clash(graphene.ObjectType):
        members = graphene.String()

    with pytest.raises(ImproperlyConfigured, match="Query.members"):
        merge("Query", [("core", UnitQuery, None), ("module clash", Clash, "clash")])
