"""Charts drawn on the server as inline SVG: the page needs no script and no file from elsewhere to show them.

Each chart is a <figure class="chart" data-chart="..."> holding one <svg role="img"> with a <title>, so screen
readers and tests find it; every bar or slice carries data-series / data-value with the figure it draws.
"""

import math
from datetime import date, timedelta

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from modules.statistics.services.columns import display
from modules.statistics.services.report import Figures

COLORS = {
    "received_counter": "#4e79a7", "received_online": "#59a14f", "received_post": "#f28e2b",
    "resolved_early": "#2e7d32", "resolved_on_time": "#4e79a7", "resolved_late": "#e15759",
    "in_progress_on_time": "#76b7b2", "in_progress_overdue": "#d62728", "returned": "#9c755f",
    "withdrawn": "#bab0ac",
    "stopped": "#b07aa1",
    "received_for_others": "#8cd17d",
}
_FONT = 'font-family="system-ui,sans-serif" font-size="11" fill="#333"'
_FONT_LARGE = 'font-family="system-ui,sans-serif" font-size="13" fill="#333"'
MAX_BARS = 62


def _nice_step(value: int, ticks: int = 4) -> int:
    """A whole step (1, 2, 5 times a power of ten) so that `ticks` steps reach at least `value`."""
    raw = max(value, 1) / ticks
    magnitude = 10 ** max(int(math.floor(math.log10(raw))), 0)
    for step in (1, 2, 5, 10):
        if step * magnitude >= raw:
            return step * magnitude
    return 10 * magnitude


def _figure(kind: str, title: str, svg_body: str, width: int, height: int, legend: list[tuple[str, str]],
            caption: str = "") -> SafeString:
    items = "".join(f'<li><span class="swatch" style="background:{color}"></span>{escape(label)}</li>'
                    for label, color in legend)
    return mark_safe(
        f'<figure class="chart chart-{kind}" data-chart="{kind}">'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" preserveAspectRatio="xMinYMin meet" aria-labelledby="chart-{kind}-title">'
        f'<title id="chart-{kind}-title">{escape(title)}</title>{svg_body}</svg>'
        f'<figcaption><strong>{escape(title)}</strong>{(" — " + escape(caption)) if caption else ""}'
        f'<ul class="legend">{items}</ul></figcaption></figure>')


def _buckets(days: list[tuple[date, Figures]]) -> tuple[list[tuple[str, Figures]], str]:
    """At most MAX_BARS bars: days, else weeks (from Monday), else months."""
    if len(days) <= MAX_BARS:
        return [(d.strftime("%d/%m"), f) for d, f in days], _("theo ngày")
    if len(days) <= MAX_BARS * 7:
        def key(d):
            return d - timedelta(days=d.weekday())

        def label(k):
            return k.strftime("%d/%m")

        unit = _("theo tuần (từ thứ Hai)")
    else:
        def key(d):
            return d.replace(day=1)

        def label(k):
            return k.strftime("%m/%Y")

        unit = _("theo tháng")
    buckets: dict[date, Figures] = {}
    for d, f in days:
        buckets[key(d)] = buckets.get(key(d), Figures()).add(f)
    return [(label(k), f) for k, f in buckets.items()], unit


def trend(days: list[tuple[date, Figures]]) -> SafeString:
    """Stacked bars: dossiers received in each day (week, month) of the period, by channel."""
    series = [("received_counter", _("Trực tiếp")), ("received_online", _("Trực tuyến")),
              ("received_post", _("Bưu chính"))]
    bars, unit = _buckets(days)
    width, height, left, bottom, top = 760, 260, 44, 34, 12
    plot_w, plot_h = width - left - 10, height - top - bottom
    tick = _nice_step(max([f.received for _l, f in bars] or [0]))
    peak = tick * 4
    step = plot_w / max(len(bars), 1)
    bar_w = min(max(step * 0.7, 1.0), 48.0)
    parts = []
    for i in range(5):  # grid lines and the y axis
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {_FONT}>{tick * i}</text>')
    every = max(1, math.ceil(len(bars) / 12))
    for i, (label, figures) in enumerate(bars):
        x = left + i * step + (step - bar_w) / 2
        y = top + plot_h
        for name, series_label in series:
            value = getattr(figures, name)
            if value:
                h = plot_h * value / peak
                y -= h
                parts.append(f'<rect class="bar" data-series="{name}" data-value="{value}" x="{x:.1f}" y="{y:.1f}" '
                             f'width="{bar_w:.1f}" height="{h:.1f}" fill="{COLORS[name]}">'
                             f'<title>{escape(label)}: {escape(series_label)} {value}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                         f'{_FONT}>{escape(label)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#888"/>')
    return _figure("trend", _("Hồ sơ tiếp nhận"), "".join(parts), width, height,
                   [(label, COLORS[name]) for name, label in series], unit)


def donut(kind: str, title: str, parts: list[tuple[str, str, int]]) -> SafeString:
    """A ring of (series, label, value) slices with the total in the middle."""
    size, r, stroke = 220, 70, 34
    cx = cy = size / 2
    circumference = 2 * math.pi * r
    total = sum(v for _n, _l, v in parts)
    body = [f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="#eee" stroke-width="{stroke}"/>']
    offset = 0.0
    for name, label, value in parts:
        if not value:
            continue
        length = circumference * value / total
        body.append(f'<circle class="slice" data-series="{name}" data-value="{value}" cx="{cx}" cy="{cy}" r="{r}" '
                     f'fill="none" stroke="{COLORS[name]}" stroke-width="{stroke}" '
                     f'stroke-dasharray="{length:.2f} {circumference - length:.2f}" '
                     f'stroke-dashoffset="{-offset:.2f}" transform="rotate(-90 {cx} {cy})">'
                     f'<title>{escape(label)}: {value}</title></circle>')
        offset += length
    body.append(f'<text x="{cx}" y="{cy + 2}" text-anchor="middle" font-family="system-ui,sans-serif" '
                f'font-size="26" font-weight="600" fill="#222" class="total">{display(total, "count")}</text>')
    body.append(f'<text x="{cx}" y="{cy + 22}" text-anchor="middle" {_FONT}>{escape(_("hồ sơ"))}</text>')
    legend = [(f"{label}: {display(value, 'count')}", COLORS[name]) for name, label, value in parts]
    return _figure(kind, title, "".join(body), size, size, legend)


def resolution(figures: Figures) -> SafeString:
    return donut("resolved", _("Đã giải quyết"), [
        ("resolved_early", _("Trước hạn"), figures.resolved_early),
        ("resolved_on_time", _("Đúng hạn"), figures.resolved_on_time),
        ("resolved_late", _("Quá hạn"), figures.resolved_late)])


def in_progress(figures: Figures) -> SafeString:
    return donut("in-progress", _("Đang giải quyết"), [
        ("in_progress_on_time", _("Trong hạn"), figures.in_progress_on_time),
        ("in_progress_overdue", pgettext("đang giải quyết", "Quá hạn"), figures.in_progress_overdue)])


def ranking(kind: str, title: str, rows: list[tuple[str, Figures]], limit: int = 15) -> SafeString:
    """Horizontal bars of the dossiers received per row (unit, sector), with the share resolved on time."""
    rows = sorted(rows, key=lambda r: -r[1].received)[:limit]
    label_w, bar_w, line_h, top = 300, 420, 28, 8
    width, height = label_w + bar_w + 130, top * 2 + line_h * max(len(rows), 1)
    peak = max([f.received for _l, f in rows] or [0]) or 1
    body = []
    for i, (label, figures) in enumerate(rows):
        y = top + i * line_h
        short = label if len(label) <= 40 else label[:39] + "…"
        w = bar_w * figures.received / peak
        body.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" {_FONT_LARGE}>{escape(short)}</text>')
        body.append(f'<rect class="bar" data-series="received" data-value="{figures.received}" x="{label_w}" '
                    f'y="{y + 5}" width="{w:.1f}" height="{line_h - 10}" fill="{COLORS["received_counter"]}">'
                    f'<title>{escape(label)}: {figures.received}</title></rect>')
        share = display(figures.on_time_share, "share")
        body.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 18}" {_FONT_LARGE}>{display(figures.received, "count")}'
                    f' · {escape(_("đúng hạn"))} {share}</text>')
    if not rows:
        body.append(f'<text x="{label_w}" y="{top + 15}" {_FONT_LARGE}>{escape(_("Chưa có số liệu."))}</text>')
    return _figure(kind, title, "".join(body), width, height,
                   [(_("Hồ sơ tiếp nhận"), COLORS["received_counter"])], _("tỷ lệ đúng hạn ghi bên cạnh"))
