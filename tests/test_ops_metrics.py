"""/metrics/: Prometheus text for the token's bearer or a configured address only, with bounded labels (no unit
code, no path), and the fleet's figures: units by status, units behind migrations, messages pending/failed, queues."""

import pytest
from django.core.cache import cache
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from core.metrics.fleet import CACHE_KEY
from tenants.messaging.models import OutboxMessage, OutboxStatus
from tenants.services import entered

TOKEN = "metrics-secret-token"


@pytest.fixture
def metrics_on(settings):
    settings.EGOV_METRICS_TOKEN = TOKEN
    settings.EGOV_METRICS_ADDRESSES = []
    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)


def _scrape(**headers):
    return Client().get("/metrics/", **headers)


def _samples(response) -> dict:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.content.decode()) for s in family.samples}


def test_metrics_are_off_without_a_token_or_an_address(db, settings):
    settings.EGOV_METRICS_TOKEN, settings.EGOV_METRICS_ADDRESSES = "", []
    assert _scrape().status_code == 404


def test_metrics_need_the_token_or_an_allowed_address(db, metrics_on, settings):
    assert _scrape().status_code == 403
    assert _scrape(HTTP_AUTHORIZATION="Metrics wrong").status_code == 403
    assert _scrape(HTTP_AUTHORIZATION=f"Metrics {TOKEN}").status_code == 200
    settings.EGOV_METRICS_ADDRESSES = ["10.0.0.0/8"]
    assert _scrape(REMOTE_ADDR="10.1.2.3").status_code == 200
    assert _scrape(REMOTE_ADDR="192.0.2.1").status_code == 403


def test_fleet_figures_and_bounded_request_labels(unit_a, unit_b, metrics_on):
    with entered(unit_a):
        OutboxMessage.objects.create(receiver_code=unit_b.code, kind="test", payload={})
        OutboxMessage.objects.create(receiver_code=unit_b.code, kind="test", payload={}, status=OutboxStatus.FAILED)
    Client().get("/health/", HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit_a.code)  # a request in a unit: counted without the unit's code

    response = _scrape(HTTP_AUTHORIZATION=f"Metrics {TOKEN}")
    samples = _samples(response)
    assert samples[("egov_units", (("status", "ready"),))] >= 2
    assert samples[("egov_units_behind_migrations", ())] == 0
    assert samples[("egov_messages_between_units", (("status", "pending"),))] == 1
    assert samples[("egov_messages_between_units", (("status", "failed"),))] == 1
    assert any(name == "egov_celery_queue_length" for name, _ in samples)
    health = [v for (name, labels), v in samples.items()
              if name == "egov_http_requests_total" and dict(labels).get("area") == "health"]
    assert health and sum(health) >= 1
    label_values = {value for _, labels in samples for _, value in labels}
    assert not label_values & {unit_a.code, unit_b.code, unit_a.schema_name, "/health/"}
