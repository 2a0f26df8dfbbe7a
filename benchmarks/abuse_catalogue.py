"""Abusive GraphQL requests an anonymous caller can send to the platform endpoint, each with the refusal expected.

Shared by the security tests (tests/test_security_abuse.py: each answered with its refusal within a time bound) and
`python -m benchmarks security` (the worst server time among them, recorded in docs/ict/security.md). The first
entry is the request of the security test that held a server for 35 s: a batch of 10 documents each repeating one
field 1,500 times.
"""

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Abuse:
    name: str
    body: str  # the raw HTTP body (JSON)
    codes: frozenset[str]  # any of these refusals is right


def _op(query: str, variables: dict | None = None) -> dict:
    return {"query": query, "variables": variables or {}}


def _repeat(field: str, times: int) -> str:
    return "{ " + " ".join([field] * times) + " }"


def _fragment_bomb(levels: int) -> str:
    """Each fragment spreads the next twice: 2^levels fields once expanded."""
    parts = ["query { ...F0 }"]
    for i in range(levels):
        parts.append(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}")
    parts.append(f"fragment F{levels} on Query {{ __typename }}")
    return " ".join(parts)


def _nested_json(levels: int) -> str:
    return "[" * levels + "]" * levels


def catalogue() -> list[Abuse]:
    lookup = 'trackingDossier(code: "X-260105-0001", phone: "0900000000") { status }'
    too_many_repeats = frozenset({"TOO_MANY_REPEATS", "TOO_MANY_SELECTIONS", "QUERY_TOO_LARGE",
                                  "GRAPHQL_PARSE_FAILED", "BATCH_TOO_LARGE"})
    cases = [
        Abuse("batch of 10 x 1,500 repeated fields",
              json.dumps([_op(_repeat("__typename", 1500))] * 10), too_many_repeats),
        Abuse("3 documents x 1,500 repeated fields", json.dumps([_op(_repeat("__typename", 1500))] * 3),
              too_many_repeats),
        Abuse("one document, 1,500 repeated fields", json.dumps(_op(_repeat("__typename", 1500))), too_many_repeats),
        Abuse("300 repeated fields", json.dumps(_op(_repeat("__typename", 300))), too_many_repeats),
        Abuse("depth 3,000", json.dumps(_op("{" + "a {" * 3000 + "b" + "}" * 3001)),
              frozenset({"GRAPHQL_PARSE_FAILED", "QUERY_TOO_LARGE", "QUERY_TOO_DEEP"})),
        Abuse("depth 40 of unknown fields", json.dumps(_op("{" + "a {" * 40 + "b" + "}" * 41)),
              frozenset({"GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_DEEP"})),
        Abuse("400 aliases", json.dumps(_op("{ " + " ".join(f"a{i}: __typename" for i in range(400)) + " }")),
              frozenset({"TOO_MANY_ALIASES", "QUERY_TOO_LARGE", "GRAPHQL_PARSE_FAILED", "TOO_MANY_SELECTIONS"})),
        Abuse("11 aliases", json.dumps(_op("{ " + " ".join(f"a{i}: __typename" for i in range(11)) + " }")),
              frozenset({"TOO_MANY_ALIASES"})),
        Abuse("2 aliases of the look-up",
              json.dumps(_op("{ a: " + lookup + " b: " + lookup + " }")), frozenset({"FIELD_ONCE_PER_REQUEST"})),
        Abuse("fragment bomb 2^30", json.dumps(_op(_fragment_bomb(30))),
              frozenset({"TOO_MANY_FRAGMENTS", "GRAPHQL_VALIDATION_FAILED"})),
        Abuse("fragment bomb 2^9", json.dumps(_op(_fragment_bomb(9))),
              frozenset({"TOO_MANY_FRAGMENTS", "TOO_MANY_SELECTIONS", "GRAPHQL_VALIDATION_FAILED",
                         "QUERY_TOO_COSTLY"})),
        Abuse("fragment cycle", json.dumps(_op("query { ...A } fragment A on Query { ...B } "
                                               "fragment B on Query { ...A }")),
              frozenset({"GRAPHQL_VALIDATION_FAILED"})),
        Abuse("batch of 50", json.dumps([_op("{ __typename }")] * 50), frozenset({"BATCH_TOO_LARGE"})),
        Abuse("500 directives", json.dumps(_op("{ __typename" + " @include(if: true)" * 500 + " }")),
              frozenset({"GRAPHQL_PARSE_FAILED", "QUERY_TOO_LARGE", "TOO_MANY_SELECTIONS"})),
        Abuse("100 directives", json.dumps(_op("{ __typename" + " @skip(if: false)" * 100 + " }")),
              frozenset({"GRAPHQL_PARSE_FAILED", "QUERY_TOO_LARGE", "TOO_MANY_SELECTIONS",
                         "GRAPHQL_VALIDATION_FAILED"})),
        Abuse("1 MB string argument",
              json.dumps(_op('{ trackingDossier(code: "' + "x" * 1_000_000 + '", phone: "1") { status } }')),
              frozenset({"QUERY_TOO_LARGE", "REQUEST_TOO_LARGE"})),
        Abuse("1 MB string variable", json.dumps(_op(
            "query($c: String!) { trackingDossier(code: $c, phone: \"1\") { status } }", {"c": "x" * 1_000_000})),
            frozenset({"REQUEST_TOO_LARGE"})),
        Abuse("body nested 1,000 levels", '{"query": "{ __typename }", "variables": {"a": ' + _nested_json(1000) + "}}",
              frozenset({"BAD_REQUEST", "BAD_USER_INPUT"})),
        Abuse("body nested 100,000 levels", _nested_json(100_000), frozenset({"BAD_REQUEST", "BAD_USER_INPUT"})),
        Abuse("NaN in variables", '{"query": "query($s: Int) { __typename }", "variables": {"s": NaN}}',
              frozenset({"BAD_REQUEST", "BAD_USER_INPUT"})),
        Abuse("10,000 syntax errors", json.dumps(_op("{ " + "! " * 10_000 + "}")),
              frozenset({"GRAPHQL_PARSE_FAILED", "QUERY_TOO_LARGE"})),
        Abuse("200 unknown fields", json.dumps(_op(_repeat("x", 200).replace("x", "f", 1))),
              frozenset({"GRAPHQL_VALIDATION_FAILED", "TOO_MANY_REPEATS"})),
    ]
    return cases
