"""The list of a transfer (Mục lục hồ sơ, tài liệu nộp lưu, the form of Decree 30/2020/NĐ-CP Appendix V) as rows,
as a PDF (WeasyPrint, the printing module's fonts) and as Excel."""

from dataclasses import dataclass

from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.casefiles.models import Transfer
from modules.casefiles.services.errors import CasefilesCode, CasefilesError

COLUMNS = ("Số lưu trữ", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian bắt đầu và kết thúc", "Thời hạn bảo quản",
           "Số tờ", "Số văn bản", "Đơn vị, người lập hồ sơ", "Ghi chú")
TITLE = "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU"
_PAGE = "@page { size: A4 landscape; margin: 15mm 12mm; }"


@dataclass(frozen=True)
class TransferList:
    number: int
    date: str
    unit_name: str
    department: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    title: str = TITLE


def _d(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def transfer_list(transfer_id: int) -> TransferList:
    """The list of one transfer of the current unit, in archive-number order (three queries)."""
    made = Transfer.objects.filter(pk=transfer_id).first()
    if made is None:
        raise CasefilesError(CasefilesCode.NOT_FOUND, _("Không tìm thấy lần nộp lưu %(id)s.") % {"id": transfer_id},
                             field="id", status=404)
    files = made.files.order_by("archive_number").prefetch_related("documents")
    rows = []
    for f in files:
        docs = list(f.documents.all())
        retention = _("Vĩnh viễn") if f.retention_years is None else _("%(n)s năm") % {"n": f.retention_years}
        rows.append((str(f.archive_number), f.code, f.title, f"{_d(f.work_started_on)} - {_d(f.work_ended_on)}",
                     retention, str(f.page_count or ""), str(len(docs)), f.keeper_department, f.note))
    return TransferList(made.number, _d(timezone.localdate(made.at)), connection.tenant.name, made.department,
                        COLUMNS, rows)


def transfer_pdf(tl: TransferList) -> bytes:
    from modules.printing.services import html_to_pdf

    return html_to_pdf(render_to_string("casefiles/transfer_list.html", {"list": tl}), _PAGE)


def transfer_xlsx(tl: TransferList) -> bytes:
    from modules.printing.services import table_xlsx

    heading = [tl.unit_name, tl.title, _("Lần nộp lưu số %(n)s, ngày %(d)s") % {"n": tl.number, "d": tl.date}]
    return table_xlsx("Muc luc nop luu", heading, list(tl.columns), tl.rows, (10, 14, 50, 24, 14, 8, 10, 24, 20))


def filename(tl: TransferList, extension: str) -> str:
    return f"muc-luc-nop-luu-{tl.number:03d}.{extension}"
