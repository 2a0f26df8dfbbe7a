"""Small views every deployment needs: health for load balancers, who the caller is in a unit, and the landing page
at "/" where no module serves one (the citizen portal does where enabled)."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def health(request):
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    unit = getattr(request, "unit", None)
    return JsonResponse({"status": "ok", "unit": unit.code if unit else None, "schema": connection.schema_name})


def landing(request):
    """The address's home when no module serves one: the unit's (or the platform's) name, sign-in and the look-up."""
    return render(request, "web/landing.html")
