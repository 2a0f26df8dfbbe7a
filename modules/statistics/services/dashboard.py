"""What the dashboard pages show: the period asked for, the report, its charts and the Excel file."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.statistics.services import charts, report
from modules.statistics.services.columns import COLUMNS, display, header_groups
from modules.statistics.services.facts import today

# Query parameters of the pages and of the Excel address.
FROM, TO, GROUP = "tu", "den", "nhom"


@dataclass(frozen=True)
class Request:
    date_from: date
    date_to: date
    group_by: str

    def query(self, **override) -> dict:
        values = {FROM: self.date_from.isoformat(), TO: self.date_to.isoformat(), GROUP: self.group_by}
        values.update(override)
        return values


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise report.ReportError("INVALID_ARGUMENT", _("Ngày phải có dạng YYYY-MM-DD."), field) from None


def read_request(params, default_group: str, allowed) -> Request:
    """The period and grouping of a page's query string; by default the current month up to today."""
    now = today()
    date_from = _day(params[FROM], FROM) if params.get(FROM) else now.replace(day=1)
    date_to = _day(params[TO], TO) if params.get(TO) else now
    group_by = params.get(GROUP) or default_group
    report.check_period(date_from, date_to, group_by, allowed)
    return Request(date_from, date_to, group_by)


def build(unit, asked: Request, rollup: bool) -> report.Report:
    if rollup:
        return report.rollup_report(unit, asked.date_from, asked.date_to, asked.group_by)
    return report.unit_report(unit, asked.date_from, asked.date_to, asked.group_by)


KPIS = (  # (figure, title, kind)
    ("received", gettext_lazy("Hồ sơ tiếp nhận"), "count"),
    ("resolved", gettext_lazy("Đã giải quyết"), "count"),
    ("on_time_share", gettext_lazy("Giải quyết đúng hạn"), "share"),
    ("in_progress_overdue", gettext_lazy("Đang quá hạn"), "count"),
    ("online_share", gettext_lazy("Nộp trực tuyến"), "share"),
    ("online_payment_share", gettext_lazy("Thanh toán trực tuyến"), "share"),
    ("average_satisfaction", gettext_lazy("Mức hài lòng (1-5)"), "score"),
)


def context(unit, asked: Request, result: report.Report, rollup: bool) -> dict:
    """The template's context: figures as shown, and the charts as inline SVG."""
    total = result.total
    trend = report.daily_received(unit, asked.date_from, asked.date_to, below=rollup)
    figures = [charts.trend(trend), charts.resolution(total), charts.in_progress(total)]
    if result.group_by in (report.CHILD, report.UNIT, report.SECTOR):
        figures.append(charts.ranking("ranking", _("Hồ sơ tiếp nhận theo %(g)s") % {"g": result.group_label.lower()},
                                      [(r.label, r.figures) for r in result.rows]))
    rows = [{"key": r.key, "label": r.label, "cells": [display(getattr(r.figures, c.attribute), c.kind)
                                                        for c in COLUMNS]} for r in result.rows]
    return {
        "report": result, "asked": asked, "rollup": rollup,
        "kpis": [{"key": key, "title": str(title), "value": display(getattr(total, key), kind)}
                 for key, title, kind in KPIS],
        "charts": figures,
        "header_groups": header_groups(), "columns": [str(c.title) for c in COLUMNS],
        "rows": rows,
        "total_cells": [display(getattr(total, c.attribute), c.kind) for c in COLUMNS],
        "groups": [(g, str(report.GROUP_LABELS[g])) for g in (report.ROLLUP_GROUPS if rollup else report.UNIT_GROUPS)],
    }
