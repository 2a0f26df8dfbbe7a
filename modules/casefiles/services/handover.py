"""The lists an ended agency hands over in an administrative reorganisation (Dispatch 414/BNV-VTLTNN): its finished
files, which stay in its closed archive fonds (Mục lục hồ sơ đã kết thúc), and, per successor, the unfinished files
handed over to it with every document they hold (Danh mục hồ sơ chưa kết thúc bàn giao). As rows, PDF and Excel.
Read in the ended unit's schema (modules/casefiles/reorganisation.py writes what they list)."""

from dataclasses import dataclass

from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.casefiles.models import CaseFile, CaseFileEvent, FileStatus
from tenants.models import Unit

FINISHED_COLUMNS = ("STT", "Số lưu trữ", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian bắt đầu và kết thúc",
                    "Thời hạn bảo quản", "Số văn bản", "Đơn vị, người lập hồ sơ", "Trạng thái")
UNFINISHED_COLUMNS = ("STT", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Ngày bắt đầu", "Thời hạn bảo quản",
                      "Số văn bản", "Các văn bản trong hồ sơ (số, ký hiệu - trích yếu)", "Đơn vị, người lập hồ sơ")
_PAGE = "@page { size: A4 landscape; margin: 15mm 12mm; }"
_HANDED_OVER = "handed_over"  # the event reorganisation.py writes on the old file


@dataclass(frozen=True)
class HandoverList:
    title: str
    unit_name: str        # the ended agency
    to_name: str          # the successor receiving them; "" for the finished files kept in the archive
    date: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _d(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _retention(years) -> str:
    return _("Vĩnh viễn") if years is None else _("%(n)s năm") % {"n": years}


def handover_list(to_unit_code: str | None = None) -> HandoverList:
    """The current (ended) unit's finished files (`to_unit_code` None), or the unfinished files it handed over to
    that successor."""
    today = _d(timezone.localdate())
    if to_unit_code is None:
        files = (CaseFile.objects.exclude(status=FileStatus.OPEN).exclude(events__action=_HANDED_OVER)
                 .prefetch_related("documents").order_by("year", "code"))
        rows = [(str(n), str(f.archive_number or ""), f.code, f.title,
                 f"{_d(f.work_started_on)} - {_d(f.work_ended_on)}", _retention(f.retention_years),
                 str(len(f.documents.all())), f.keeper_department, f.get_status_display())
                for n, f in enumerate(files, start=1)]
        return HandoverList(_("MỤC LỤC HỒ SƠ ĐÃ KẾT THÚC (PHÔNG LƯU TRỮ ĐÃ ĐÓNG)"), connection.tenant.name, "",
                            today, FINISHED_COLUMNS, rows)
    ids = CaseFileEvent.objects.filter(action=_HANDED_OVER, data__to_unit=to_unit_code).values("case_file_id")
    files = CaseFile.objects.filter(pk__in=ids).prefetch_related("documents").order_by("year", "code")
    rows = []
    for n, f in enumerate(files, start=1):
        docs = list(f.documents.all())
        listed = "; ".join(f"{d.number_symbol or '-'} - {d.subject[:120]}" for d in docs)
        rows.append((str(n), f.code, f.title, _d(f.work_started_on), _retention(f.retention_years), str(len(docs)),
                     listed, f.keeper_department))
    to = Unit.objects.filter(code=to_unit_code).values_list("name", flat=True).first() or to_unit_code
    return HandoverList(_("DANH MỤC HỒ SƠ CHƯA KẾT THÚC BÀN GIAO"), connection.tenant.name, to, today,
                        UNFINISHED_COLUMNS, rows)


def handover_pdf(listed: HandoverList) -> bytes:
    from modules.printing.services import html_to_pdf

    return html_to_pdf(render_to_string("casefiles/handover_list.html", {"list": listed}), _PAGE)


def handover_xlsx(listed: HandoverList) -> bytes:
    from modules.printing.services import table_xlsx

    heading = [listed.unit_name, listed.title,
               (_("Bàn giao cho %(to)s, ngày %(d)s") % {"to": listed.to_name, "d": listed.date}) if listed.to_name
               else _("Ngày %(d)s") % {"d": listed.date}]
    widths = (6, 10, 14, 50, 22, 14, 10, 24, 16) if not listed.to_name else (6, 14, 40, 12, 14, 10, 60, 24)
    return table_xlsx("Danh muc ban giao", heading, list(listed.columns), listed.rows, widths)
