"""Server time of the abusive requests of benchmarks/abuse_catalogue.py, sent anonymously to the platform endpoint
through the whole middleware stack: the worst one is the figure of docs/ict/security.md (goal: under 1 s). And what
the isolation matrix (tests/isolation_matrix.py) covers of the two GraphQL contracts: operations x callers x units."""

import importlib.util
import time
from pathlib import Path

from django.test import Client

from benchmarks.abuse_catalogue import catalogue

ROUNDS = 3


def measure() -> list[tuple[str, float, int]]:
    """(request, worst time in s over ROUNDS, HTTP status) for every abusive request."""
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="192.0.2.10")
    client.post("/graphql/", data='{"query": "{ __typename }"}', content_type="application/json")  # warm up
    rows = []
    for abuse in catalogue():
        worst, status = 0.0, 0
        for _ in range(ROUNDS):
            started = time.perf_counter()
            status = client.post("/graphql/", data=abuse.body, content_type="application/json").status_code
            worst = max(worst, time.perf_counter() - started)
        rows.append((abuse.name, worst, status))
    return rows


def matrix_coverage() -> dict:
    """Operations of each contract with a row in the matrix, and the cells the isolation test checks."""
    from graphql import build_schema

    from core.accounts.roles import all_role_specs

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("isolation_matrix", root / "tests" / "isolation_matrix.py")
    matrix = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(matrix)
    roles = [s.code for s in all_role_specs()]
    found = {}
    for endpoint, name in (("unit", "schema.graphql"), ("platform", "platform.graphql")):
        schema = build_schema((root / "graphql" / name).read_text(encoding="utf-8"))
        fields = {f for kind in (schema.query_type, schema.mutation_type) if kind for f in kind.fields}
        rows = [r for r in matrix.MATRIX if r.endpoint == endpoint and r.field in fields]
        found[endpoint] = (len(rows), len(fields), sum(len(list(matrix.cells(r, roles))) for r in rows))
    return {"roles": len(roles), **found}


def run() -> list[tuple[str, str]]:
    coverage = matrix_coverage()
    figures = [(f"isolation matrix, {endpoint} endpoint: operations with a row / in the contract; cells",
                f"{rows} / {fields}; {cells}") for endpoint, (rows, fields, cells) in
               ((e, coverage[e]) for e in ("unit", "platform"))]
    figures.append(("isolation matrix callers", f"{coverage['roles']} roles of A, a member of B, a platform account, "
                                                 "anonymous; objects of A and of B"))
    rows = measure()
    name, worst, _status = max(rows, key=lambda r: r[1])
    figures += [(f"abusive request: {n} (HTTP {s})", f"{t * 1000:.0f} ms") for n, t, s in rows]
    figures.append(("worst anonymous abusive request", f"{worst * 1000:.0f} ms ({name})"))
    figures.append(("abusive requests answered with a server error", str(sum(s >= 500 for _, _, s in rows))))
    return figures
