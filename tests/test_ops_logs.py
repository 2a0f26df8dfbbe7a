"""Structured logs: a record written while a request is served carries the request's id and the unit's code; the id
comes back in X-Request-ID (the proxy's own id kept when it gives a sane one)."""

import json
import logging

from django.http import HttpResponse
from django.test import Client, RequestFactory

from core.logs.context import RequestContextMiddleware
from core.logs.json_formatter import JsonFormatter


class _Unit:
    code = "91001"


def _served(log_lines: list, **headers):
    handler = logging.Handler()
    handler.emit = lambda record: log_lines.append(JsonFormatter().format(record))
    logger = logging.getLogger("egov.test.logs")
    logger.addHandler(handler)

    def view(request):
        logger.warning("hồ sơ %s", "X")
        return HttpResponse("ok")

    request = RequestFactory().get("/", **headers)
    request.unit = _Unit()
    try:
        return RequestContextMiddleware(view)(request)
    finally:
        logger.removeHandler(handler)


def test_a_log_line_carries_the_request_id_and_the_unit():
    lines: list = []
    response = _served(lines)
    entry = json.loads(lines[0])
    assert entry["message"] == "hồ sơ X" and entry["level"] == "WARNING" and entry["unit"] == "91001"
    assert entry["request_id"] and entry["request_id"] == response["X-Request-ID"]


def test_the_proxy_request_id_is_kept_and_a_strange_one_replaced():
    lines: list = []
    assert _served(lines, HTTP_X_REQUEST_ID="abc123def456")["X-Request-ID"] == "abc123def456"
    assert _served(lines, HTTP_X_REQUEST_ID="bad id\n{}")["X-Request-ID"] != "bad id\n{}"
    assert json.loads(lines[0])["request_id"] == "abc123def456"


def test_outside_a_request_the_fields_are_empty(db):
    record = logging.LogRecord("egov", logging.ERROR, __file__, 1, "plain", None, None)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] is None and entry["unit"] is None
    assert Client().get("/health/live/").has_header("X-Request-ID")
