"""The citizen's online form of a procedure, and the portal's own sign-in for citizens (thin: the services decide).

The page renders the published form version with forms-runtime.js (the same rules as the server; errors after the
user leaves a field, never before) and posts the data as JSON with the files, each under its field's path. A
signed-in citizen may save an explicit draft (half-valid allowed) and resume it, and sees what can be prefilled from
their own account and earlier dossiers, filled in only when they confirm it."""

import json

from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.client_address import client_address
from core.errors import ServiceError, error_response
from modules.portal.services import catalogue, citizens, drafts, online_forms, uploads
from modules.portal.services.errors import PortalError
from modules.portal.web.views import RECEIPTS, _unit


def _page(request, code: str):
    unit = _unit(request)
    page = catalogue.procedure_page(code, unit) if unit else None
    artefact = online_forms.form_for(code) if page is not None and page.online else None
    if artefact is None:
        raise Http404
    return unit, page, artefact


def _render(request, code, page, artefact, *, initial=None, error=None, status=200):
    owner = citizens.citizen(request)
    draft = drafts.draft_of(owner, code)
    offers = online_forms.offers_for(owner, artefact)
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    config = {"lang": lang, "csrf": get_token(request), "submitUrl": request.path,
              "draftUrl": request.path + "nhap/" if owner else "", "initial": initial,
              "draft": draft.data if draft is not None and initial is None else None,
              "offers": [{"key": o.key, "label": o.label, "value": o.value, "source": o.source} for o in offers]}
    return render(request, "portal/online_form.html", {
        "page": page, "version": page.version, "artefact": artefact, "config": config,
        "lists": online_forms.code_lists_for(artefact), "citizen": owner, "draft": draft, "offers": offers,
        "error": error, "problems": (error.details.get("problems") if error else None) or [],
        "max_files": uploads.MAX_FILES, "max_mb": uploads.max_file_bytes(_unit(request)) // (1024 * 1024),
    }, status=status)


@require_http_methods(["GET", "POST"])
def online_form(request, code: str):
    unit, page, artefact = _page(request, code)
    if request.method == "GET":
        return _render(request, code, page, artefact)
    if int(request.META.get("CONTENT_LENGTH") or 0) > uploads.max_request_bytes(unit):
        return _render(request, code, page, artefact, status=413, error=PortalError(
            "REQUEST_TOO_LARGE", _("Hồ sơ gửi lên quá lớn."), status=413))
    try:
        data = json.loads(request.POST.get("du_lieu") or "null")
    except ValueError:
        data = None
    try:
        receipt = online_forms.submit_form(unit, code, data, dict(request.FILES.items()), client_address(request),
                                           owner=citizens.citizen(request), lang=get_language()[:2])
    except ServiceError as exc:
        status = 429 if exc.code == "RATE_LIMITED" else exc.status
        return _render(request, code, page, artefact, initial=data if isinstance(data, dict) else None, error=exc,
                       status=status)
    request.session[RECEIPTS] = [*request.session.get(RECEIPTS, [])[-19:], receipt.code]
    return redirect("portal:receipt", code=receipt.code)


@require_POST
def save_draft(request, code: str):
    _unit_, _page_, artefact = _page(request, code)
    try:
        body = json.loads(request.body or b"null")
        data = body.get("data") if isinstance(body, dict) else None
    except ValueError:
        data = None
    try:
        draft = drafts.save_draft(citizens.citizen(request), code, artefact["form"]["id"], data)
    except PortalError as exc:
        return error_response(exc)
    return JsonResponse({"savedAt": timezone.localtime(draft.saved_at).strftime("%H:%M %d/%m/%Y")})


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if _unit(request) is None:
        raise Http404
    context = {"next": _next(request)}
    if request.method == "POST":
        try:
            citizens.sign_in(request, request.POST.get("username", "").strip(), request.POST.get("password", ""))
        except PortalError as exc:
            context.update(error=exc, username=request.POST.get("username", ""))
            return render(request, "portal/citizen_sign_in.html", context, status=exc.status)
        return redirect(context["next"])
    return render(request, "portal/citizen_sign_in.html", context)


@require_POST
def sign_out(request):
    citizens.sign_out(request)
    return redirect(_next(request))
