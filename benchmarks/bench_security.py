"""Server time of the abusive requests of benchmarks/abuse_catalogue.py, sent anonymously to the platform endpoint
through the whole middleware stack: the worst one is the figure of docs/ict/security.md (goal: under 1 s)."""

import time

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


def run() -> list[tuple[str, str]]:
    rows = measure()
    name, worst, _status = max(rows, key=lambda r: r[1])
    figures = [(f"abusive request: {n} (HTTP {s})", f"{t * 1000:.0f} ms") for n, t, s in rows]
    figures.append(("worst anonymous abusive request", f"{worst * 1000:.0f} ms ({name})"))
    figures.append(("abusive requests answered with a server error", str(sum(s >= 500 for _, _, s in rows))))
    return figures
