"""The Decision 766/QĐ-TTg indicators pages: a unit's own (/m/statistics/chi-so-766/ in the unit) and a roll-up of a
unit with the units below it (/m/statistics/<unit code>/chi-so-766/ on the platform host). ?ky=month|quarter|year
&nam=YYYY&so=N (the month or quarter); by default the current month. Access as the dashboard pages.

The unit's page also records a value measured outside the system (POST chi-so-766/ghi-nhan/, services/recorded.py:
the same refusals as statisticsRecordIndicatorValue, answered 400 on the page with nothing written), for those who
may (access.RECORD)."""

from datetime import date

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from modules.statistics.services import access, indicators, recorded, report
from modules.statistics.services.facts import today
from modules.statistics.views import _refused, _rollup_unit, _unit_refusal

KIND, YEAR, NUMBER = "ky", "nam", "so"
KIND_LABELS = {indicators.MONTH: gettext_lazy("Theo tháng"), indicators.QUARTER: gettext_lazy("Theo quý"),
               indicators.YEAR: gettext_lazy("Theo năm")}


def _asked(params) -> tuple[str, int, int]:
    now = today()
    kind = params.get(KIND) or indicators.MONTH
    try:
        year = int(params.get(YEAR) or now.year)
        number = int(params.get(NUMBER) or (now.month if kind == indicators.MONTH else (now.month - 1) // 3 + 1))
    except ValueError:
        raise report.ReportError("INVALID_ARGUMENT", _("Năm, tháng, quý phải là số."), YEAR) from None
    return kind, year, number


def _page(request, run, unit, rollup: bool, params=None, record_error: str = "", posted=None):
    error, status = "", 400 if record_error else 200
    try:
        kind, year, number = _asked(request.GET if params is None else params)
        result = run(unit, kind, year, number)
    except report.ReportError as exc:
        error, status = str(exc), 400
        kind, year, number = _asked({})
        result = run(unit, kind, year, number)
    can_record = not rollup and access.can_record(request.user)
    recordable = [i for g in result.card.groups for i in g.indicators if i.recordable] if can_record else []
    return render(request, "statistics/indicators.html", {
        "result": result, "rollup": rollup, "error": error, "kind": kind, "year": year, "number": number,
        "kinds": list(KIND_LABELS.items()), "numbers": range(1, 13), "can_record": can_record,
        "recordable": recordable, "record_error": record_error, "posted": posted or {},
        "source_max": recorded.SOURCE_MAX}, status=status)


@require_GET
def unit_indicators(request):
    refused = _unit_refusal(request)
    if refused:
        return refused
    return _page(request, indicators.unit_indicators, request.unit, rollup=False)


@require_GET
def rollup_indicators(request, code: str):
    unit, refused = _rollup_unit(request, code)
    if refused:
        return refused
    return _page(request, indicators.rollup_indicators, unit, rollup=True)


def _posted_month(value: str) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        raise recorded.RecordError("INVALID_ARGUMENT", _("Tháng phải có dạng YYYY-MM."), "month") from None


def _posted_count(value: str, name: str) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        raise recorded.RecordError("INVALID_ARGUMENT", _("Tử số, mẫu số phải là số nguyên."), name) from None


@require_POST
def record_value(request):
    """Record one month's value from the unit's page, then show that month (or the page again with the refusal)."""
    refused = _unit_refusal(request)
    if refused:
        return refused
    if not access.can_record(request.user):
        return _refused(request, _("Chỉ quản trị của đơn vị được ghi nhận số liệu chỉ số 766."))
    posted = {k: request.POST.get(k, "") for k in ("chi_so", "thang", "tu_so", "mau_so", "nguon")}
    try:
        month = _posted_month(posted["thang"])
        recorded.record_value(request.unit, posted["chi_so"], month, _posted_count(posted["tu_so"], "numerator"),
                              _posted_count(posted["mau_so"], "denominator"), posted["nguon"], actor=request.user)
    except recorded.RecordError as exc:
        return _page(request, indicators.unit_indicators, request.unit, rollup=False,
                     params={KIND: request.POST.get(KIND), YEAR: request.POST.get(YEAR),
                             NUMBER: request.POST.get(NUMBER)}, record_error=str(exc), posted=posted)
    query = {KIND: indicators.MONTH, YEAR: month.year, NUMBER: month.month}
    return HttpResponseRedirect(reverse("statistics:indicators") + "?" + urlencode(query))
