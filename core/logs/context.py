"""The request id and unit code of the request being served, as context variables any log record can read; and
the middleware that sets them (after tenants.middleware.UnitMiddleware, which knows the unit)."""

import re
import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("egov_request_id", default="")
unit_code: ContextVar[str] = ContextVar("egov_unit_code", default="")
_GIVEN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")  # an id the proxy set (X-Request-ID) is kept when it looks like one


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        rid = given if _GIVEN.match(given) else uuid.uuid4().hex
        unit = getattr(request, "unit", None)
        tokens = (request_id.set(rid), unit_code.set(unit.code if unit else ""))
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(tokens[0])
            unit_code.reset(tokens[1])
        response["X-Request-ID"] = rid
        return response
