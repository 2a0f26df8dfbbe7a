"""The register of dossiers as an Excel workbook (openpyxl): the same rows and columns as the printed register."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

_COLUMNS = (  # (row key, header, width)
    ("code", "Mã hồ sơ", 24), ("procedure", "Tên thủ tục hành chính", 40), ("sets", "Số lượng hồ sơ (bộ)", 10),
    ("applicant", "Tên cá nhân, tổ chức", 26), ("contact", "Địa chỉ, số điện thoại", 30),
    ("agency", "Cơ quan chủ trì giải quyết", 26), ("received", "Ngày, tháng, năm nhận hồ sơ", 14),
    ("due", "Ngày, tháng, năm hẹn trả kết quả", 14), ("sent", "Chuyển hồ sơ đến cơ quan giải quyết", 14),
    ("result_in", "Nhận kết quả giải quyết", 14), ("returned", "Trả kết quả cho cá nhân, tổ chức", 14),
    ("note", "Ghi chú", 18),
)


def register_workbook(title: str, subtitle: str, circular: str, rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Sổ theo dõi hồ sơ")[:31]
    sheet.append([title.upper()])
    sheet.append([subtitle])
    sheet.append([_("Theo mẫu tại Phụ lục Thông tư %(c)s") % {"c": circular}])
    sheet.append(["STT", *(header for _key, header, _width in _COLUMNS)])
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *(row[key] for key, _header, _width in _COLUMNS)])
    for index, (_key, _header, width) in enumerate(_COLUMNS, start=2):
        sheet.column_dimensions[sheet.cell(row=4, column=index).column_letter].width = width
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_workbook(sheet_title: str, heading: list[str], columns: list[str], rows: list, widths: tuple) -> bytes:
    """A register or list as Excel, shaped like the printed table: heading lines (the second one bold), a blank line,
    the column headers, the numbered column row "(1) (2) ...", then the rows, bordered and wrapped."""
    from openpyxl.styles import Border, Side

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    for line in heading:
        sheet.append([line])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(list(columns))
    sheet.append([f"({i})" for i in range(1, len(columns) + 1)])
    for row in rows:
        sheet.append(list(row))
    thin = Side(style="thin", color="999999")
    for row in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    if len(heading) > 1:
        sheet["A2"].font = Font(bold=True, size=13)
    for index, width in enumerate(widths[:len(columns)], start=1):
        sheet.column_dimensions[sheet.cell(row=header_row, column=index).column_letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
