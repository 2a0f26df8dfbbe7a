"""Mounted at /m/payments/ in each unit that enabled the module (elsewhere the core answers 404)."""

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import error_response
from modules.payments.services import PaymentError, handle_callback
from tenants.services.units_over_time import open_after_end


def _body(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise PaymentError("MALFORMED_CALLBACK", _("Dữ liệu báo kết quả thanh toán không đọc được."))
        return data
    return request.POST.dict()


@open_after_end  # at an ended unit: checked there, applied where its dossier is now (services.callbacks)
@csrf_exempt  # the provider posts it; its signature, checked by the gateway's adapter, is what is trusted
@require_POST
def callback(request, gateway_id: str):
    """A gateway's report of a payment: 200 once applied (and again, unchanged, when sent again); 4xx otherwise."""
    try:
        outcome = handle_callback(gateway_id, _body(request), request.headers)
    except PaymentError as exc:
        return error_response(exc)
    return JsonResponse({"ok": True, "outcome": outcome.outcome, "status": outcome.payment.status})
