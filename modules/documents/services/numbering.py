"""Numbers of documents (Decree 30/2020/NĐ-CP, Art. 15 and 22): per unit, per series, per calendar year.

The next number comes from the (series, year) counter row, incremented in the numbering transaction: concurrent
issuers wait on that row, and a rolled-back issue gives its number back, so numbers are unique and gap-free. The
year is the local (Asia/Ho_Chi_Minh) year of the moment of numbering: the first number of 1 January is 01 again.
"""

from datetime import datetime

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.documents.models import Direction, Document, Series
from modules.documents.services.errors import DocumentsCode, DocumentsError

_NEXT = """
INSERT INTO documents_seriescounter (series_id, year, last) VALUES (%s, %s, 1)
ON CONFLICT (series_id, year) DO UPDATE SET last = documents_seriescounter.last + 1
RETURNING last
"""


def year_of(at: datetime) -> int:
    return timezone.localtime(at).year


def next_number(series: Series, year: int) -> int:
    """The next number of `series` in `year`; call inside the transaction that stores it."""
    with connection.cursor() as cur:
        cur.execute(_NEXT, [series.pk, year])
        return cur.fetchone()[0]


def format_number(number: int) -> str:
    """Zero-padded below 10: 01 ... 09, 10, 11, ... (Decree 30, Art. 15)."""
    return f"{number:02d}"


def series_for(document: Document) -> Series:
    """The outgoing series that numbers `document`: the first active one, by position, whose rules it meets (secret
    documents only in a secret series, copies only in a copies series, a series naming types only for those)."""
    candidates = Series.objects.filter(direction=Direction.OUTGOING, active=True,
                                       confidential=bool(document.confidentiality), copies=document.is_copy)
    for series in candidates.order_by("position", "code"):
        if not series.type_codes or document.type_code in series.type_codes:
            return series
    raise DocumentsError(DocumentsCode.NO_SERIES, _("Đơn vị chưa có sổ đăng ký phù hợp để cấp số cho văn bản này "
                                                    "(loại %(type)s).") % {"type": document.type_name}, field="series")


def incoming_series() -> Series:
    found = Series.objects.filter(direction=Direction.INCOMING, active=True).order_by("position", "code").first()
    if found is None:
        raise DocumentsError(DocumentsCode.NO_SERIES, _("Đơn vị chưa có sổ đăng ký văn bản đến."), field="series")
    return found


def refuse_after_end(at: datetime) -> None:
    """An agency ended by a reorganisation issues no document from the day its successors take over (Dispatch
    414/BNV-VTLTNN): DocumentsError UNIT_ENDED."""
    ended_on = getattr(connection.tenant, "ended_on", None)
    if ended_on is not None and timezone.localtime(at).date() >= ended_on:
        raise DocumentsError(DocumentsCode.UNIT_ENDED, _(
            "Đơn vị đã chấm dứt hoạt động từ ngày %(day)s do sắp xếp đơn vị hành chính: không cấp số, ban hành văn "
            "bản sau ngày quyết định có hiệu lực.") % {"day": ended_on.strftime("%d/%m/%Y")}, field="series")


def number_outgoing(document: Document, at: datetime) -> None:
    """Give `document` (locked by the caller) the next number of its series in the year of `at`."""
    refuse_after_end(at)
    series = series_for(document)
    document.series, document.year = series, year_of(at)
    document.number = next_number(series, document.year)


def number_incoming(document: Document, at: datetime) -> None:
    """The unit's consecutive incoming number of the year of `at` (số đến)."""
    document.arrival_year = year_of(at)
    document.arrival_number = next_number(incoming_series(), document.arrival_year)


def duplicate_of(document: Document) -> Document | None:
    """An incoming document already registered with the same number and symbol from the same issuer."""
    if not document.symbol or document.number is None:
        return None
    issuer = Q(issuer_code=document.issuer_code) if document.issuer_code else Q(issuer_name=document.issuer_name)
    same = Document.objects.filter(issuer, direction=Direction.INCOMING, number=document.number,
                                   symbol__iexact=document.symbol)
    if document.issued_on:
        same = same.filter(issued_on__year=document.issued_on.year)
    return same.exclude(pk=document.pk).order_by("id").first()
