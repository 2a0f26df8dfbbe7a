"""The report as an Excel workbook (.xlsx): a title, the period, a two-line header and one line per row, the total."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from modules.statistics.services.columns import COLUMNS, header_groups
from modules.statistics.services.report import Report

_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="DCE6F1")
_FORMATS = {"count": "#,##0", "share": "0.0%", "score": "0.00"}


def filename(report: Report) -> str:
    scope = "tong-hop" if report.rollup else "don-vi"
    return f"thong-ke-{scope}-{report.unit_code}-{report.date_from.isoformat()}-{report.date_to.isoformat()}.xlsx"


def workbook_bytes(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Thống kê")
    last_column = get_column_letter(len(COLUMNS) + 1)
    title = (_("TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH") + (" - " + _("TỔNG HỢP") if report.rollup else ""))
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last_column}1")
    ws["A2"] = _("Đơn vị: %(name)s (%(code)s)") % {"name": report.unit_name, "code": report.unit_code}
    ws["A3"] = _("Kỳ báo cáo: từ ngày %(a)s đến ngày %(b)s") % {
        "a": report.date_from.strftime("%d/%m/%Y"), "b": report.date_to.strftime("%d/%m/%Y")}
    computed = timezone.localtime(report.computed_at).strftime("%H:%M %d/%m/%Y") if report.computed_at else "—"
    ws["A4"] = _("Số đơn vị: %(n)s, có số liệu: %(r)s; số liệu tổng hợp lúc %(t)s") % {
        "n": report.units, "r": report.units_reporting, "t": computed}

    top, sub = 6, 7
    ws.cell(top, 1, report.group_label)
    ws.merge_cells(start_row=top, start_column=1, end_row=sub, end_column=1)
    column = 2
    for group, width in header_groups():
        ws.cell(top, column, group)
        if width > 1:
            ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + width - 1)
        column += width
    for i, col in enumerate(COLUMNS, start=2):
        ws.cell(sub, i, str(col.title))
    for row in ws.iter_rows(min_row=top, max_row=sub, max_col=len(COLUMNS) + 1):
        for cell in row:
            cell.font, cell.fill, cell.border = Font(bold=True), _HEAD, _BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    line = sub + 1
    for item in [*((r.label, r.figures) for r in report.rows), (_("Tổng cộng"), report.total)]:
        ws.cell(line, 1, item[0]).border = _BOX
        for i, col in enumerate(COLUMNS, start=2):
            cell = ws.cell(line, i, getattr(item[1], col.attribute))
            cell.number_format, cell.border = _FORMATS[col.kind], _BOX
        line += 1
    for cell in ws[line - 1]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 42
    for i in range(2, len(COLUMNS) + 2):
        ws.column_dimensions[get_column_letter(i)].width = 12
    ws.freeze_panes = ws.cell(sub + 1, 2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
