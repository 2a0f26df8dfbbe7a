"""Small views every deployment needs: health for load balancers (/health/ readiness, /health/live/ liveness:
core.probes), who the caller is in a unit, and the landing page
at "/" where no module serves one (the citizen portal does where enabled)."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from core import probes


def health(request):
    """Readiness: 200 when the database, the broker and the cache answer in time, 503 (with which did not) otherwise."""
    checks = probes.readiness()
    ready = all(c["ok"] for c in checks.values())
    unit = getattr(request, "unit", None)
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks,
                         "unit": unit.code if unit else None, "schema": connection.schema_name},
                        status=200 if ready else 503)


def live(request):
    """Liveness: the process answers; nothing else is touched (a database outage must not get workers restarted)."""
    return JsonResponse({"status": "ok"})


def landing(request):
    """The address's home when no module serves one: the unit's (or the platform's) name, sign-in and the look-up."""
    return render(request, "web/landing.html")
