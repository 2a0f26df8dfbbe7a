"""The citizen portal's pages, thin: they call the portal's services (which call the catalogue, procedures, one-stop
and tracking services, the same ones the GraphQL API uses). On a unit's address the portal shows that unit's
procedures only; on the platform's address, the province's (the whole catalogue, and the units taking dossiers)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.client_address import client_address
from core.errors import ServiceError
from modules.portal.services import catalogue, limits, online_forms, submission, uploads
from modules.portal.services.errors import PortalError

RECEIPTS = "portal_receipts"  # the session's list of dossier codes this browser submitted: only those show
LEVELS = catalogue.LEVELS


def _unit(request):
    unit = getattr(request, "unit", None)
    return unit if unit is not None and getattr(unit, "schema_name", "public") != "public" else None


def _codes(request):
    unit = _unit(request)
    return catalogue.unit_codes(unit) if unit else None


def _search(request):
    """The search form's values and the procedures found (None when the client searched too often)."""
    text = request.GET.get("q", "")[:catalogue.MAX_QUERY_CHARS]
    sector = request.GET.get("linh-vuc", "")
    sector = int(sector) if sector.isascii() and sector.isdigit() else None
    level = request.GET.get("muc-do", "")
    level = level if level in dict(LEVELS) else ""
    context = {"q": text, "sector": sector, "level": level, "levels": LEVELS,
               "lookup_path": submission.lookup_address(_unit(request))}
    if text or sector or level:
        limits.count(limits.SEARCHES, client_address(request))
    context["found"] = catalogue.search(text, sector=sector, level=level, codes=_codes(request))
    return context


def _refused(request, template: str, context: dict, exc: ServiceError):
    context["error"] = exc
    return render(request, template, context, status=exc.status if exc.code != "RATE_LIMITED" else 429)


@require_http_methods(["GET"])
def home(request):
    """The landing page: the unit's (or the province's) procedures with search, and the look-up."""
    return catalogue_page(request, template="portal/home.html")


@require_http_methods(["GET"])
def catalogue_page(request, template: str = "portal/catalogue.html"):
    context = {"q": "", "levels": LEVELS, "lookup_path": submission.lookup_address(_unit(request))}
    try:
        context = _search(request)
    except PortalError as exc:
        return _refused(request, template, context, exc)
    return render(request, template, context)


@require_http_methods(["GET"])
def procedure(request, code: str):
    page = catalogue.procedure_page(code, _unit(request))
    if page is None:
        raise Http404
    context = {"page": page, "version": page.version, "submit_here": _unit(request) is not None and page.online}
    if _unit(request) is None:
        context["units"] = catalogue.units_taking(code, request)
    return render(request, "portal/procedure.html", context)


@require_http_methods(["GET", "POST"])
def submit(request, code: str):
    unit = _unit(request)
    page = catalogue.procedure_page(code, unit) if unit else None
    if page is None or not page.online:
        raise Http404
    context = {"page": page, "version": page.version, "values": {}, "max_files": uploads.MAX_FILES,
               "max_mb": uploads.max_file_bytes(unit) // (1024 * 1024)}
    if request.method == "GET":
        if not request.GET.get("thuong") and online_forms.form_for(code) is not None:
            return redirect("portal:online_form", code=code)  # the procedure's online form replaces the plain page
        return render(request, "portal/submit.html", context)
    # Refuse an oversized body before Django reads it (the files would be spooled to disk first).
    if int(request.META.get("CONTENT_LENGTH") or 0) > uploads.max_request_bytes(unit):
        return _refused(request, "portal/submit.html", context, PortalError(
            "REQUEST_TOO_LARGE", _("Hồ sơ gửi lên quá lớn."), status=413))
    values = {"procedure_code": code, **{k: request.POST.get(k, "") for k in (
        "applicant_name", "applicant_phone", "applicant_email", "applicant_id_number")}}
    request_text = request.POST.get("noi_dung", "")[:4000]
    if request_text.strip():
        values["data"] = {"noi_dung": request_text}
    context["values"] = {**values, "noi_dung": request_text}
    try:
        receipt = submission.submit(unit, values, request.FILES.getlist("tep"), client_address(request))
    except ServiceError as exc:
        return _refused(request, "portal/submit.html", context, exc)
    request.session[RECEIPTS] = [*request.session.get(RECEIPTS, [])[-19:], receipt.code]
    return redirect("portal:receipt", code=receipt.code)


@require_http_methods(["GET", "POST"])
def receipt(request, code: str):
    """The receipt on screen, for the browser that submitted the dossier only (a code alone shows nothing), with the
    form confirming the phone or e-mail by the code sent to it (nothing else is sent before: modules/notices)."""
    unit = _unit(request)
    if unit is None or code not in request.session.get(RECEIPTS, []):
        raise Http404
    found = submission.receipt(unit, code)
    if found is None:
        raise Http404
    context = {"receipt": found}
    if request.method == "POST":
        try:
            if "gui-lai" in request.POST:
                submission.resend_code(unit, code, client_address(request))
                context["resent"] = True
            else:
                context["confirmed"] = submission.confirm(unit, code, request.POST.get("ma", ""),
                                                          client_address(request))
        except ServiceError as exc:
            context["error"] = exc
    context["confirmation"] = submission.confirmation_state(code)
    status = 200 if "error" not in context else 429 if context["error"].code == "RATE_LIMITED" else 400
    return render(request, "portal/receipt.html", context, status=status)
