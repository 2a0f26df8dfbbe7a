"""The citizens' look-up page: the QR code on the receipt opens it with the code filled in."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.client_address import client_address
from modules.tracking.services.lookup import LookupRefused, lookup, rate


def client_of(request) -> str:
    """The real client address (X-Forwarded-For counts only from trusted proxies), which limits look-ups."""
    return client_address(request)


@require_http_methods(["GET", "POST"])
def lookup_page(request):
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip()
    context = {"code": code, "tracking": None, "error": None, "thanks": False, "confirm": False}
    if request.method == "POST":
        phone = request.POST.get("dien_thoai", "")
        confirmation_code = request.POST.get("ma_xac_nhan", "").strip()
        context["phone"], context["confirmation_code"] = phone, confirmation_code
        try:
            if request.POST.get("diem"):
                rate(code, phone, int(request.POST["diem"]), request.POST.get("gop_y", ""), client=client_of(request),
                     confirmation_code=confirmation_code)
                context["thanks"] = True
            context["tracking"] = lookup(code, phone, client=client_of(request), confirmation_code=confirmation_code)
        except LookupRefused as exc:
            context["error"] = str(exc)
            context["confirm"] = exc.code == "CONFIRMATION_REQUIRED"
        except ValueError:
            context["error"] = "Mức hài lòng từ 1 đến 5."
    status = 429 if context["error"] and "quá nhiều" in context["error"] else 200
    return render(request, "tracking/lookup.html", context, status=status)
