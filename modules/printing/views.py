"""PDF downloads of the forms, for the unit's staff (its active members) only."""

from datetime import date

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.accounts.services import is_member
from core.errors import error_response
from modules.printing import services
from modules.printing.errors import INVALID_PERIOD, NOT_APPLICABLE, NOT_FOUND, UNKNOWN_FORM, PrintingError

FORBIDDEN = "FORBIDDEN"
VIEW_DOSSIER = "onestop.view_dossier"  # the unit's staff who work on dossiers hold it through their roles
_STATUS = {NOT_FOUND: 404, UNKNOWN_FORM: 404, NOT_APPLICABLE: 409, INVALID_PERIOD: 400, "PRINTING_UNAVAILABLE": 503}


def _error(code: str, message: str, status: int):
    return error_response(code, message, status)


def is_staff_of(user, unit) -> bool:
    """An active member of the unit whose roles there let them read dossiers."""
    return (user is not None and user.is_authenticated and unit is not None and is_member(user, unit)
            and user.has_perm(VIEW_DOSSIER))


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # personal data: never kept by a shared cache
    return response


def _refused(request):
    if not is_staff_of(request.user, request.unit):
        return _error(FORBIDDEN, _("Chỉ cán bộ của đơn vị được in biểu mẫu."), 403)
    return None


@require_GET
def form(request, form: str, code: str):
    refused = _refused(request)
    if refused:
        return refused
    try:
        content = services.render_form(form, code)
    except PrintingError as exc:
        return _error(exc.code, str(exc), _STATUS.get(exc.code, 400))
    return _pdf(content, f"mau-{form}-{code}.pdf")


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        raise PrintingError(INVALID_PERIOD, _("Ngày phải có dạng YYYY-MM-DD.")) from None


def _register(request, render, suffix: str, content_type: str):
    refused = _refused(request)
    if refused:
        return refused
    try:
        date_from, date_to = _day(request.GET.get("from")), _day(request.GET.get("to"))
        content = render(date_from, date_to)
    except PrintingError as exc:
        return _error(exc.code, str(exc), _STATUS.get(exc.code, 400))
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if suffix == "pdf" else "attachment"
    response["Content-Disposition"] = (f'{disposition}; filename="so-theo-doi-{date_from.isoformat()}-'
                                       f'{date_to.isoformat()}.{suffix}"')
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def register(request):
    return _register(request, services.render_register, "pdf", "application/pdf")


@require_GET
def register_xlsx(request):
    return _register(request, services.render_register_xlsx, "xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
