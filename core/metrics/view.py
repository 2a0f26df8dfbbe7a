"""GET /metrics/ (platform host): the Prometheus text exposition, for a request with `Authorization: Metrics
<EGOV_METRICS_TOKEN>` or from a client address in EGOV_METRICS_ADDRESSES; 404 when neither is configured (the
metrics are off). The scheme is "Metrics", not "Bearer": bearer tokens are the API's (core.api.middleware).
Prometheus: `authorization: {type: Metrics, credentials_file: ...}` in the scrape job."""

import hmac
import ipaddress
import os

from django.conf import settings
from django.http import Http404, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

from core.client_address import client_address
from core.metrics.fleet import FleetCollector


def _allowed(request) -> bool:
    token = settings.EGOV_METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given = given.strip() if scheme.lower() == "metrics" else ""
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(n, strict=False) for n in settings.EGOV_METRICS_ADDRESSES)


def _process_registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # every gunicorn and worker process's figures, added up
        return registry
    return REGISTRY


def metrics(request):
    if not (settings.EGOV_METRICS_TOKEN or settings.EGOV_METRICS_ADDRESSES):
        raise Http404
    if not _allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    fleet = CollectorRegistry(auto_describe=False)
    fleet.register(FleetCollector())
    body = generate_latest(_process_registry()) + generate_latest(fleet)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
