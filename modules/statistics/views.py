"""The dashboard pages and Excel downloads: a unit's own (/m/statistics/ in the unit) and roll-ups of a unit with the
units below it (/m/statistics/<unit code>/ on the platform host). The figures come from the services."""

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from modules.statistics.services import access, dashboard, export, report
from modules.statistics.services.refresh import refresh_unit
from tenants.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(request, message: str, status: int = 403):
    return render(request, "statistics/refused.html", {"message": message}, status=status)


def _unit_refusal(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_view_unit(request.user):
        return _refused(request, _("Chỉ lãnh đạo và quản trị của đơn vị được xem thống kê."))
    return None


def _rollup_unit(request, code: str):
    """(unit, None) when the caller may see the roll-up of `code`, else (None, the refusal)."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not access.can_view_rollup(request.user, unit):
        # The same answer whether the unit exists or not.
        return None, _refused(request, _("Bạn không được xem số liệu tổng hợp của đơn vị %(code)s.") % {"code": code})
    return unit, None


def _xlsx(result: report.Report) -> HttpResponse:
    response = HttpResponse(export.workbook_bytes(result), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(result)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request, unit, rollup: bool, links: dict):
    allowed, default = (report.ROLLUP_GROUPS, report.CHILD) if rollup else (report.UNIT_GROUPS, report.SECTOR)
    try:
        asked = dashboard.read_request(request.GET, default, allowed)
    except report.ReportError as exc:
        asked = dashboard.read_request({}, default, allowed)
        context = dashboard.context(unit, asked, dashboard.build(unit, asked, rollup), rollup)
        return render(request, "statistics/dashboard.html", {**context, **links, "error": str(exc)}, status=400)
    result = dashboard.build(unit, asked, rollup)
    context = dashboard.context(unit, asked, result, rollup)
    context["excel_url"] = links.pop("excel") + "?" + urlencode(asked.query())
    return render(request, "statistics/dashboard.html", {**context, **links})


@require_GET
def unit_dashboard(request):
    refused = _unit_refusal(request)
    if refused:
        return refused
    return _page(request, request.unit, False, {"excel": reverse("statistics:export"),
                                               "refresh_url": reverse("statistics:refresh"),
                                               "rollup_url": access.rollup_address(request.user, request.unit)})


@require_GET
def unit_export(request):
    refused = _unit_refusal(request)
    if refused:
        return refused
    try:
        asked = dashboard.read_request(request.GET, report.SECTOR, report.UNIT_GROUPS)
    except report.ReportError as exc:
        return _refused(request, str(exc), 400)
    return _xlsx(dashboard.build(request.unit, asked, rollup=False))


@require_POST
def unit_refresh(request):
    """Recompute the unit's recent days now, then show the page again."""
    refused = _unit_refusal(request)
    if refused:
        return refused
    refresh_unit()
    back = reverse("statistics:dashboard")
    query = {k: v for k, v in request.POST.items() if k in (dashboard.FROM, dashboard.TO, dashboard.GROUP) and v}
    return HttpResponseRedirect(back + ("?" + urlencode(query) if query else ""))


@require_GET
def platform_index(request):
    """The units whose roll-up the caller may open."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if access.is_ict_staff(request.user):
        units = list(Unit.objects.filter(parent__isnull=True).order_by("code"))
    else:
        units = access.units_viewed_by(request.user)
    if not units:
        return _refused(request, _("Bạn không được xem số liệu tổng hợp của đơn vị nào."))
    return render(request, "statistics/index.html", {"units": units})


@require_GET
def rollup_dashboard(request, code: str):
    unit, refused = _rollup_unit(request, code)
    if refused:
        return refused
    parent = unit.parent if unit.parent_id and access.can_view_rollup(request.user, unit.parent) else None
    return _page(request, unit, True, {"excel": reverse("platform-statistics:export", args=[unit.code]),
                                       "parent": parent})


@require_GET
def rollup_export(request, code: str):
    unit, refused = _rollup_unit(request, code)
    if refused:
        return refused
    try:
        asked = dashboard.read_request(request.GET, report.CHILD, report.ROLLUP_GROUPS)
    except report.ReportError as exc:
        return _refused(request, str(exc), 400)
    return _xlsx(dashboard.build(unit, asked, rollup=True))
