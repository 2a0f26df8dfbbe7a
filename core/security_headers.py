"""A Content-Security-Policy on every response (settings.EGOV_CONTENT_SECURITY_POLICY), unless the view set its own.

Outermost in MIDDLEWARE, so refusals answered by other middleware (unknown unit, bad input) carry it too. Django 5.2
has no CSP of its own; HSTS, X-Frame-Options, nosniff and Secure cookies are Django's settings (core/settings.py).
"""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.EGOV_CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
