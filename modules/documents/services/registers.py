"""The registers of Decree 30/2020/NĐ-CP Appendix IV, for any period: outgoing (Mẫu sổ đăng ký văn bản đi) and
incoming (Mẫu sổ đăng ký văn bản đến), as rows, as a PDF (WeasyPrint, the printing module's fonts) and as Excel."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.documents.models import Direction, Document, Series
from modules.documents.services import access
from modules.documents.services.errors import DocumentsCode, DocumentsError

OUTGOING_COLUMNS = ("Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
                    "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển",
                    "Ký nhận", "Ghi chú")
INCOMING_COLUMNS = ("Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung",
                    "Đơn vị hoặc người nhận", "Ký nhận", "Ghi chú")
_TITLES = {Direction.OUTGOING: "SỔ ĐĂNG KÝ VĂN BẢN ĐI", Direction.INCOMING: "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"}
_NOTES = {"revoked": "Đã bị thu hồi", "replaced": "Đã bị thay thế", "corrected": "Đã được đính chính"}
# The registers are the clerk's books; leaders follow them (Decree 30 Art. 22, Appendix IV).
REGISTER_ROLES = frozenset({"clerk", "leader"})
# The workspace's addresses (web/urls.py) name the direction by these words.
SLUGS = {"den": Direction.INCOMING, "di": Direction.OUTGOING}
_PAGE = "@page { size: A4 landscape; margin: 15mm 12mm; }"


@dataclass(frozen=True)
class Register:
    direction: str
    first: date
    last: date
    unit_name: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]

    @property
    def title(self) -> str:
        return _TITLES[self.direction]


def _d(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _type_and_subject(doc: Document) -> str:
    return f"{doc.type_name}: {doc.subject}" if doc.type_code != "cong_van" else doc.subject


def _note(doc: Document) -> str:
    parts = [_NOTES.get(doc.validity, "")]
    if doc.duplicate_of_id:
        parts.append("Trùng số, ký hiệu với văn bản đến đã vào sổ")
    if doc.confidentiality:
        parts.append(doc.get_confidentiality_display())
    return "; ".join(p for p in parts if p)


def check_period(first: date, last: date) -> None:
    if first > last:
        raise DocumentsError(DocumentsCode.INVALID_DATA, _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."),
                             field="first")


def check_series(direction: str, series_code: str | None) -> None:
    """Only one outgoing series (its code), when asked: one the unit has."""
    if series_code and (direction != Direction.OUTGOING
                        or not Series.objects.filter(code=series_code, direction=Direction.OUTGOING).exists()):
        raise DocumentsError(DocumentsCode.INVALID_DATA, _("Không có sổ văn bản đi mã %(code)s.") % {
            "code": series_code}, field="series")


def register(direction: str, first: date, last: date, series_code: str | None = None) -> Register:
    """The register of the current unit for `first`..`last` (both included), in number order."""
    check_period(first, last)
    check_series(direction, series_code)
    if direction == Direction.OUTGOING:
        docs = Document.objects.filter(direction=direction, issued_on__gte=first, issued_on__lte=last)
        if series_code:
            docs = docs.filter(series__code=series_code)
        docs = docs.prefetch_related("distributions").order_by("year", "series_id", "number")
        rows = [(d.number_symbol, _d(d.issued_on), _type_and_subject(d), d.signer_name,
                 "; ".join(x.recipient_name for x in d.distributions.all()) or d.recipients, "", "", "", "", _note(d))
                for d in docs]
        columns = OUTGOING_COLUMNS
    else:
        docs = Document.objects.filter(direction=direction, arrived_at__date__gte=first, arrived_at__date__lte=last)
        docs = docs.prefetch_related("assignments").order_by("arrival_year", "arrival_number")
        rows = [(_d(timezone.localtime(d.arrived_at)), str(d.arrival_number), d.issuer_name, d.number_symbol,
                 _d(d.issued_on), _type_and_subject(d),
                 "; ".join(a.department or str(a.person_id) for a in d.assignments.all() if a.role == "lead"),
                 "", _note(d)) for d in docs]
        columns = INCOMING_COLUMNS
    return Register(direction, first, last, connection.tenant.name, columns, rows)


def register_pdf(reg: Register) -> bytes:
    from modules.printing.services import html_to_pdf

    html = render_to_string("documents/register.html", {"register": reg, "first": _d(reg.first),
                                                        "last": _d(reg.last)})
    return html_to_pdf(html, _PAGE)


def register_xlsx(reg: Register) -> bytes:
    from modules.printing.services import table_xlsx

    heading = [reg.unit_name, reg.title, _("Từ ngày %(a)s đến ngày %(b)s") % {"a": _d(reg.first), "b": _d(reg.last)}]
    return table_xlsx("So dang ky", heading, list(reg.columns), reg.rows, (14, 12, 50, 20, 30, 20, 10, 12, 12, 20))


def filename(reg: Register, extension: str) -> str:
    kind = "di" if reg.direction == Direction.OUTGOING else "den"
    return f"so-van-ban-{kind}-{reg.first.isoformat()}-{reg.last.isoformat()}.{extension}"


def may_print(user) -> bool:
    """Who prints the registers, on screen and through the API: the unit's clerks and leaders."""
    return bool(access.roles_of(user) & REGISTER_ROLES)


def register_path(direction: str, first: date, last: date, extension: str = "pdf",
                  series_code: str | None = None) -> str:
    """/m/documents/so/<den|di>.<pdf|xlsx>?tu=..&den=..[&so=..] in the unit's URLs: the workspace's download, after
    the same checks as the register itself."""
    check_period(first, last)
    check_series(direction, series_code)
    slug = next(slug for slug, value in SLUGS.items() if value == direction)
    query = {"tu": first.isoformat(), "den": last.isoformat(), **({"so": series_code} if series_code else {})}
    return (reverse("documents:export", urlconf=settings.ROOT_URLCONF, kwargs={"slug": slug, "extension": extension})
            + "?" + urlencode(query))
