"""Bearer tokens: `Authorization: Bearer <token>` makes the token's owner the request's user.

Placed after Django's AuthenticationMiddleware (sessions keep working for browsers) and before
core.accounts.middleware.MembershipMiddleware, which then refuses a token holder who is not a member of the unit.
"""

from core.api.tokens import TokenRefused, authenticate
from core.errors import error_response


def bearer_value(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


class TokenAuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = bearer_value(request)
        if raw is None:
            request.auth_token = None
            return self.get_response(request)
        try:
            token = authenticate(raw, getattr(request, "unit", None))
        except TokenRefused as refused:
            response = error_response(refused)
            if refused.status == 401:
                response["WWW-Authenticate"] = 'Bearer realm="egov"'
            return response
        request.user = token.user
        request.auth_token = token
        # A bearer token is not an ambient credential: cross-site request forgery does not apply.
        request._dont_enforce_csrf_checks = True
        return self.get_response(request)
