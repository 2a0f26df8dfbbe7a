"""Small views every deployment needs: health for load balancers, and who the caller is in a unit."""

from django.db import connection
from django.http import JsonResponse


def health(request):
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    unit = getattr(request, "unit", None)
    return JsonResponse({"status": "ok", "unit": unit.code if unit else None, "schema": connection.schema_name})
