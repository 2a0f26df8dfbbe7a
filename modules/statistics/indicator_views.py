"""The Decision 766/QĐ-TTg indicators pages: a unit's own (/m/statistics/chi-so-766/ in the unit) and a roll-up of a
unit with the units below it (/m/statistics/<unit code>/chi-so-766/ on the platform host). ?ky=month|quarter|year
&nam=YYYY&so=N (the month or quarter); by default the current month. Access as the dashboard pages."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from modules.statistics.services import indicators, report
from modules.statistics.services.facts import today
from modules.statistics.views import _rollup_unit, _unit_refusal

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


def _page(request, run, unit, rollup: bool):
    error, status = "", 200
    try:
        kind, year, number = _asked(request.GET)
        result = run(unit, kind, year, number)
    except report.ReportError as exc:
        error, status = str(exc), 400
        kind, year, number = _asked({})
        result = run(unit, kind, year, number)
    return render(request, "statistics/indicators.html", {
        "result": result, "rollup": rollup, "error": error, "kind": kind, "year": year, "number": number,
        "kinds": list(KIND_LABELS.items()), "numbers": range(1, 13)}, status=status)


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
