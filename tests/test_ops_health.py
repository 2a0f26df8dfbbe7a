"""Liveness (/health/live/) and readiness (/health/): readiness answers 503 naming the dependency that failed or did
not answer in time, and liveness never touches a dependency."""

import time

import pytest
from django.test import Client

from core import probes


def _down():
    raise ConnectionError("refused")


def test_readiness_checks_the_database_the_broker_and_the_cache(db):
    response = Client().get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and set(body["checks"]) == {"database", "broker", "cache"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.parametrize("dependency", ["database", "broker", "cache"])
def test_readiness_is_503_when_a_dependency_fails(db, monkeypatch, dependency):
    monkeypatch.setitem(probes.CHECKS, dependency, _down)
    response = Client().get("/health/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert not checks[dependency]["ok"] and "refused" in checks[dependency]["error"]
    assert all(c["ok"] for name, c in checks.items() if name != dependency)


def test_a_dependency_that_hangs_costs_one_short_timeout(db, monkeypatch):
    monkeypatch.setattr(probes, "TIMEOUT_S", 0.2)
    monkeypatch.setitem(probes.CHECKS, "cache", lambda: time.sleep(1))
    started = time.perf_counter()
    response = Client().get("/health/")
    assert time.perf_counter() - started < 0.9
    assert response.status_code == 503 and "no answer" in response.json()["checks"]["cache"]["error"]


def test_liveness_answers_without_any_dependency(monkeypatch):
    for name in list(probes.CHECKS):
        monkeypatch.setitem(probes.CHECKS, name, _down)
    response = Client().get("/health/live/")  # no database fixture: a query here would fail the test
    assert response.status_code == 200 and response.json() == {"status": "ok"}
