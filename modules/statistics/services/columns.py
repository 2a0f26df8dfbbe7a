"""The columns of the statistics table, shared by the dashboard, the Excel file and their tests."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Column:
    attribute: str      # of report.Figures
    title: str          # Vietnamese source text, translated when shown
    group: str          # the heading above a set of columns
    kind: str = "count"  # count, share (0..1), score (1..5)


_RECEIVED, _RESOLVED, _OPEN, _ENDED, _SHARES = (_("Tiếp nhận"), _("Đã giải quyết"), _("Đang giải quyết"),
                                                 _("Không giải quyết"), _("Tỷ lệ, mức hài lòng"))

COLUMNS = (
    Column("received", _("Tổng số"), _RECEIVED),
    Column("received_counter", _("Trực tiếp"), _RECEIVED),
    Column("received_online", _("Trực tuyến"), _RECEIVED),
    Column("received_post", _("Bưu chính"), _RECEIVED),
    Column("resolved", _("Tổng số"), _RESOLVED),
    Column("resolved_early", _("Trước hạn"), _RESOLVED),
    Column("resolved_on_time", _("Đúng hạn"), _RESOLVED),
    Column("resolved_late", _("Quá hạn"), _RESOLVED),
    Column("in_progress", _("Tổng số"), _OPEN),
    Column("in_progress_on_time", _("Trong hạn"), _OPEN),
    Column("in_progress_overdue", pgettext_lazy("đang giải quyết", "Quá hạn"), _OPEN),
    Column("returned", _("Trả lại"), _ENDED),
    Column("withdrawn", _("Rút hồ sơ"), _ENDED),
    Column("stopped", _("Dừng giải quyết"), _ENDED),
    Column("received_for_others", _("Số hồ sơ"), _("Tiếp nhận cho đơn vị khác")),
    Column("on_time_share", _("Đúng hạn"), _SHARES, "share"),
    Column("online_share", _("Nộp trực tuyến"), _SHARES, "share"),
    Column("online_payment_share", _("Thanh toán trực tuyến"), _SHARES, "share"),
    Column("average_satisfaction", _("Hài lòng (1-5)"), _SHARES, "score"),
)


def header_groups() -> list[tuple[str, int]]:
    """(group title, number of columns) in order, for the two-line header."""
    groups: list[tuple[str, int]] = []
    for column in COLUMNS:
        if groups and groups[-1][0] == str(column.group):
            groups[-1] = (groups[-1][0], groups[-1][1] + 1)
        else:
            groups.append((str(column.group), 1))
    return groups


def display(value, kind: str) -> str:
    """A figure as people read it: 1.234 / 56,7% / 4,50 (Vietnamese separators); '—' when it cannot be computed."""
    if value is None:
        return "—"
    if kind == "share":
        return f"{value * 100:.1f}%".replace(".", ",")
    if kind == "score":
        return f"{value:.2f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")
