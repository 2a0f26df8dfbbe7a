"""Every root field of both endpoints, called with hostile argument values, answers without a server error: no HTTP 5xx,
no INTERNAL_ERROR (the suite's own fuzzing pass: each argument in turn gets each hostile value of its type, the other
required arguments a plain one). Callers: a unit member holding every role, and an anonymous one."""

import json

import pytest
from api_support import add_member, headers
from django.test import Client
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    get_named_type,
)
from onestop_support import open_office

from core.accounts.roles import all_role_specs
from core.api.assembly import get_schema
from core.modules.services import enable

HOSTILE = {
    "String": ["", " ", "²", "１２", "-1", "9" * 30, "x" * 5000, "a'b\"c<script>", "../../etc/passwd", "%00", "NaN"],
    "ID": ["", "²", "-1", "9" * 30, "0", "abc", "1.5", "MTox"],
    "Int": [0, -1, 2**31 - 1, -(2**31)],
    "Float": [0.0, -1.0, 1e308],
    "Boolean": [True, False],
    "Date": ["", "2026-02-30", "0001-01-01", "9999-12-31", "x"],
    "DateTime": ["", "2026-02-30T25:00:00", "9999-12-31T23:59:59+14:00", "x"],
    "BigInt": [0, -1, "9" * 30],
    "GenericScalar": [{}, [], "x", {"a": {"b": [1, "²", None]}}, 9**20],
}
PLAIN = {"String": "91001", "ID": "1", "Int": 1, "Float": 1.0, "Boolean": True, "Date": "2026-11-20",
         "DateTime": "2026-11-20T10:00:00+07:00", "BigInt": 1, "GenericScalar": {}}


def _plain(type_):
    """A plain value of a (possibly wrapped) input type; required fields of input objects filled in."""
    if isinstance(type_, GraphQLNonNull):
        return _plain(type_.of_type)
    if isinstance(type_, GraphQLList):
        return [_plain(type_.of_type)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {name: _plain(f.type) for name, f in type_.fields.items() if isinstance(f.type, GraphQLNonNull)}
    return PLAIN.get(type_.name, "x")


def _variants(type_, depth: int = 0):
    """(path description, value) for each hostile value of each leaf of the type, the rest plain."""
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(inner, GraphQLList):
        for label, value in _variants(inner.of_type, depth):
            yield f"[{label}]", [value]
        return
    if isinstance(inner, GraphQLInputObjectType):
        if depth > 2:
            return
        base = _plain(inner)
        for name, f in inner.fields.items():
            for label, value in _variants(f.type, depth + 1):
                yield f"{name}.{label}", {**base, name: value}
        return
    if isinstance(inner, GraphQLScalarType):
        for value in HOSTILE.get(inner.name, ["x"]):
            yield repr(value)[:20], value


def _type_text(type_) -> str:
    return str(type_)


def _cases(endpoint: str):
    schema = get_schema(endpoint).graphql_schema
    for operation, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        for field_name, field in (root.fields if root else {}).items():
            selection = "" if isinstance(get_named_type(field.type), GraphQLScalarType | GraphQLEnumType) else \
                " { __typename }"
            declared = ", ".join(f"${a}: {_type_text(arg.type)}" for a, arg in field.args.items())
            passed = ", ".join(f"{a}: ${a}" for a in field.args)
            query = f"{operation}{f'({declared})' if declared else ''} {{ {field_name}" \
                    f"{f'({passed})' if passed else ''}{selection} }}"
            plain = {a: _plain(arg.type) for a, arg in field.args.items()}
            yield field_name, query, plain
            for arg_name, arg in field.args.items():
                for label, value in _variants(arg.type):
                    yield f"{field_name}({arg_name}={label})", query, {**plain, arg_name: value}


def _requests(endpoint: str) -> list:
    return list(_cases(endpoint))


@pytest.fixture
def office(unit_a):
    open_office(unit_a)
    for module in ("tracking", "payments", "printing", "notices", "statistics", "notify"):
        try:
            enable(unit_a, module)
        except Exception:  # noqa: BLE001 - a module this installation does not load is simply left off
            pass
    member = add_member(unit_a, "fuzz-all-roles", roles=tuple(spec.code for spec in all_role_specs()))
    return unit_a, member


def _send(client, query: str, variables: dict, extra: dict) -> tuple[int, str]:
    response = client.post("/graphql/", data=json.dumps({"query": query, "variables": variables}, default=str),
                           content_type="application/json", **extra)
    return response.status_code, response.content.decode()


# Several thousand requests per endpoint, growing with the contract: more than the suite's 300 s on a loaded machine.
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("endpoint", ["unit", "platform"])
def test_hostile_arguments_never_cause_a_server_error(office, endpoint):
    unit, member = office
    signed_in = Client(REMOTE_ADDR="10.81.0.1")
    signed_in.force_login(member)
    anonymous = Client(REMOTE_ADDR="10.81.0.2")
    extra = headers(unit) if endpoint == "unit" else {"HTTP_HOST": "localhost"}
    failures, sent = [], 0
    for label, query, variables in _requests(endpoint):
        for client in (signed_in, anonymous):
            status, text = _send(client, query, variables, extra)
            sent += 1
            if status >= 500 or "INTERNAL_ERROR" in text:
                failures.append(f"{label}: HTTP {status} {text[:200]}")
    assert sent > 100 and failures == [], "\n".join(failures[:20])
