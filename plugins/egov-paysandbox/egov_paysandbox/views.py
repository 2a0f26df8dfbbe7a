"""The provider's side, simulated: the page a payer is sent to, at /m/paysandbox/pay/ in the unit.

GET shows the payment (its details are signed: nobody can change the amount on the way); POST with
`outcome=paid|failed` makes the signed callback the provider would send and delivers it: from the browser to the
unit's callback address, then the payer goes back to the return address. A client asking for JSON gets the callback
to deliver itself (the tests do).
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import error_response
from egov_paysandbox.gateway import FAILED, GATEWAY_ID, PAID, callback_fields
from egov_paysandbox.signing import SIGNATURE, is_signed, unit_secret
from modules.payments.services.gateways import callback_path

ORDER_FIELDS = ("merchant", "provider_ref", "amount", "description", "return_url", SIGNATURE)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refused(request, code: str, message: str, status: int = 400):
    if _wants_json(request):
        return error_response(code, message, status)
    return render(request, "egov_paysandbox/pay.html", {"error": message}, status=status)


@require_http_methods(["GET", "POST"])
def pay(request):
    source = request.GET if request.method == "GET" else request.POST
    fields = {k: source.get(k, "") for k in ORDER_FIELDS}
    secret = unit_secret(request.unit)
    if not is_signed(fields, secret) or fields["merchant"] != request.unit.code:
        return _refused(request, "BAD_ORDER", _("Yêu cầu thanh toán không hợp lệ hoặc đã bị sửa."))
    if request.method == "GET":
        if _wants_json(request):
            return JsonResponse({"order": fields})
        amount = f"{int(fields['amount']):,}".replace(",", ".")  # 100.000
        return render(request, "egov_paysandbox/pay.html", {"order": fields, "amount": amount})
    outcome = request.POST.get("outcome")
    if outcome not in (PAID, FAILED):
        return _refused(request, "BAD_OUTCOME", _("Chọn thanh toán hoặc hủy."))
    callback = {"url": callback_path(GATEWAY_ID), "data": callback_fields(fields, outcome, secret)}
    if _wants_json(request):
        return JsonResponse({"callback": callback, "return_url": fields["return_url"]})
    page = render(request, "egov_paysandbox/sent.html", {"callback": callback, "return_url": fields["return_url"],
                                                          "paid": outcome == PAID})
    # Its inline script posts the callback; the sandbox never runs in production (apps.py).
    page["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
    return page
