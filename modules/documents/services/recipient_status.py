"""Statuses between a document's sender and its recipients (QCVN 102:2016 Amendment 1:2022): what the recipient did
with it flows back and shows on the sender's distribution row, per recipient; the sender may ask to take a document
back (13), which the recipient accepts (15) while it has not started on it, or refuses (16).

Between units of the installation a status is a `documents.status` message (tenants.messaging) holding the edXML
status; to an agency outside it goes through the axis (axis_outbox). Everything is written in the transaction of the
action that caused it."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.documents.edxml import EdxmlError, Party, ResponseFor, Status, build_status, parse
from modules.documents.edxml import names as N
from modules.documents.edxml.dates import parse_date
from modules.documents.edxml.model import document_id as make_document_id
from modules.documents.models import Direction, Distribution, Document, ExchangeMessage
from modules.documents.models import Status as DocStatus
from modules.documents.models.document import Validity
from modules.documents.models.exchange import Channel, Kind, Way
from modules.documents.services import axis_outbox, events
from modules.documents.services.errors import DocumentsCode, DocumentsError
from tenants.messaging.services import send
from tenants.services.units_over_time import forwarded

STATUS = "documents.status"
# What a recipient's action tells the sender (the arrival from another unit is registered at once: 01 then 03).
CODES = {"receive": (N.ARRIVED, N.REGISTERED), "direct": (N.ASSIGNED,), "report": (N.IN_PROGRESS,),
         "complete": (N.DONE,)}
LABELS = {
    N.ARRIVED: gettext_lazy("Đã đến"), N.REFUSED: gettext_lazy("Bị từ chối tiếp nhận"),
    N.REGISTERED: gettext_lazy("Đã vào sổ"), N.ASSIGNED: gettext_lazy("Đã phân công xử lý"),
    N.IN_PROGRESS: gettext_lazy("Đang xử lý"), N.DONE: gettext_lazy("Đã hoàn thành"),
    N.TAKE_BACK: gettext_lazy("Đã yêu cầu lấy lại"), N.TAKE_BACK_ACCEPTED: gettext_lazy("Đồng ý cho lấy lại"),
    N.TAKE_BACK_REFUSED: gettext_lazy("Từ chối cho lấy lại"),
}
_WITHDRAWABLE = {DocStatus.REGISTERED, DocStatus.PRESENTED}


def _rank(code: str) -> int:
    return N.STATUS_CODES.index(code) if code in N.STATUS_CODES else -1


def _me() -> Party:
    from modules.documents.services.envelopes import here

    return here()


def status_xml(answer: ResponseFor, code: str, at: datetime, actor=None, description: str = "") -> bytes:
    staff = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    return build_status(Status(answer, _me(), code, at, description or str(LABELS[code]), staff=staff))


def _about_incoming(document: Document) -> ResponseFor:
    """The sender's document, as this incoming copy knows it."""
    return ResponseFor(document.issuer_code, document.number_symbol, document.issued_on,
                       make_document_id(document.issuer_code, document.issued_on, document.number_symbol))


def after_event(document: Document, action: str, at: datetime, actor) -> None:
    """Called by events.record for every action: an incoming document from another unit or from the axis tells
    its sender what was done with it."""
    codes = CODES.get(action)
    if not codes or document.direction != Direction.INCOMING:
        return
    if document.source_unit_code:
        for code in codes:
            send(document.source_unit_code, STATUS, {"document_id": document.source_document_id, "code": code,
                                                     "edxml": status_xml(_about_incoming(document), code, at,
                                                                         actor).decode("utf-8")})
        return
    arrival = ExchangeMessage.objects.filter(document=document, way=Way.IN, kind=Kind.ENVELOPE,
                                             channel=Channel.AXIS).first()
    if arrival is not None:
        for code in codes:
            if code != N.ARRIVED:  # sent when it came off the axis
                tell_axis(arrival, code, at, actor)


def tell_axis(arrival: ExchangeMessage, code: str, at: datetime, actor=None, description: str = "") -> None:
    """A status about an envelope that came from the axis, sent back through it."""
    parts = arrival.document_identifier.split(",", 2)
    try:
        promulgated = parse_date(parts[1], "DocumentId") if len(parts) == 3 else None
    except EdxmlError:
        promulgated = None
    answer = ResponseFor(arrival.peer, arrival.code, promulgated, arrival.document_identifier)
    axis_outbox.queue_status(arrival.document, status_xml(answer, code, at, actor, description), arrival.peer, code,
                             arrival.document_identifier, at)


def apply(document_id: int, status: Status, *, unit_code: str = "", organ_id: str = "") -> Distribution:
    """At the sender: a recipient's status on its distribution row (the latest one wins: by time, then by how far
    along it is) and in the document's history. NOT_ADDRESSED when the document was not sent to it."""
    found = {"recipient_unit_code": unit_code} if unit_code else {"organ_id": organ_id, "internal": False}
    row = Distribution.objects.select_for_update().filter(document_id=document_id, **found).first() if (
        unit_code or organ_id) else None
    if row is None and unit_code:  # the recipient ended in a reorganisation: its successor received it
        row = next((r for r in Distribution.objects.select_for_update().filter(document_id=document_id, internal=True)
                    if (getattr(forwarded(r.recipient_unit_code), "code", None) == unit_code)), None)
    if row is None:
        raise DocumentsError(DocumentsCode.NOT_ADDRESSED, _("Văn bản này không được gửi tới %(who)s.") % {
            "who": unit_code or organ_id or "?"})
    if row.status_at is None or (status.timestamp, _rank(status.code)) >= (row.status_at, _rank(row.status_code)):
        row.status_code, row.status_at = status.code, status.timestamp
        row.status_note = " - ".join(p for p in (status.description, status.staff) if p)[:2000]
        row.save(update_fields=["status_code", "status_at", "status_note"])
    document = row.document
    events.record(document, "recipient_status", at=timezone.now(), from_status=document.status, data={
        "unit": unit_code, "organ_id": organ_id, "code": status.code, "status_at": status.timestamp,
        "description": status.description[:500], "staff": status.staff[:200]})
    return row


def take_back(document_id: int, unit_code: str, *, actor, reason: str, at: datetime | None = None) -> Distribution:
    """The clerk asks a unit of the installation to give back a document sent by mistake (status 13)."""
    from modules.documents.services import access

    at = at or timezone.now()
    if actor is not None and "clerk" not in access.roles_of(actor):
        raise DocumentsError(DocumentsCode.FORBIDDEN_ROLE, _("Bạn không có quyền %(action)s.") % {
            "action": _("lấy lại văn bản")})
    if not reason.strip():
        raise DocumentsError(DocumentsCode.REQUIRED, _("Cần nêu lý do để %(action)s.") % {
            "action": _("lấy lại văn bản")}, field="reason")
    document = Document.objects.select_for_update().filter(pk=document_id, direction=Direction.OUTGOING,
                                                           status=DocStatus.ISSUED).first()
    row = document and Distribution.objects.select_for_update().filter(
        document=document, recipient_unit_code=unit_code, internal=True).first()
    if row is None:
        raise DocumentsError(DocumentsCode.NOT_ADDRESSED, _("Văn bản này không được gửi tới %(who)s.") % {
            "who": unit_code}, field="unit_code")
    from modules.documents.services.envelopes import identifier

    answer = ResponseFor(_me().organ_id, document.number_symbol, document.issued_on, identifier(document))
    send(unit_code, STATUS, {"source_document_id": document.pk, "code": N.TAKE_BACK,
                             "edxml": status_xml(answer, N.TAKE_BACK, at, actor, reason).decode("utf-8")})
    # To the second, as statuses carry their time (the answer, later or in the same second, wins).
    row.status_code, row.status_at, row.status_note = N.TAKE_BACK, at.replace(microsecond=0), reason[:2000]
    row.save(update_fields=["status_code", "status_at", "status_note"])
    events.record(document, "take_back", at=at, actor=actor, from_status=document.status,
                  data={"unit": unit_code, "reason": reason[:500]})
    return row


def answer_take_back(sender_code: str, source_document_id: int, request: Status) -> str:
    """At the recipient: give the document back (15) if nobody has started on it, otherwise refuse (16)."""
    copy = Document.objects.select_for_update().filter(source_unit_code=sender_code,
                                                       source_document_id=source_document_id).first()
    if copy is None:
        raise DocumentsError(DocumentsCode.NOT_ADDRESSED, _("Không có văn bản này để trả lại."))
    at = timezone.now()
    accepted = copy.status in _WITHDRAWABLE and copy.validity == Validity.IN_FORCE
    code = N.TAKE_BACK_ACCEPTED if accepted else N.TAKE_BACK_REFUSED
    if accepted:
        copy.validity, copy.updated_at = Validity.WITHDRAWN, at
        copy.save(update_fields=["validity", "updated_at"])
    events.record(copy, "taken_back" if accepted else "take_back_refused", at=at, from_status=copy.status,
                  data={"reason": request.description[:500]})
    description = "" if accepted else _("Văn bản đã được xử lý (%(status)s).") % {"status": copy.get_status_display()}
    send(sender_code, STATUS, {"document_id": source_document_id, "code": code,
                               "edxml": status_xml(_about_incoming(copy), code, at, None, description).decode()})
    return code


def read_status(text: str) -> Status:
    """The Status of a message's edXML; DocumentsError INVALID_ENVELOPE naming the element otherwise."""
    try:
        with parse(text.encode("utf-8")) as parsed:
            if parsed.status is None:
                raise EdxmlError("Status", _("Gói tin không phải gói tin trạng thái."))
            return parsed.status
    except EdxmlError as exc:
        raise DocumentsError(DocumentsCode.INVALID_ENVELOPE, str(exc), field=exc.element) from exc


def statuses_of(document_id: int) -> list[dict]:
    """Each recipient of an outgoing document and where it stands there (the workspace's per-recipient column)."""
    rows = Distribution.objects.filter(document_id=document_id).order_by("id")
    return [{"id": r.pk, "name": r.recipient_name, "unit_code": r.recipient_unit_code, "organ_id": r.organ_id,
             "internal": r.internal, "status_code": r.status_code,
             "status": str(LABELS.get(r.status_code, "")) if r.status_code else "",
             "status_at": r.status_at, "note": r.status_note, "failure": r.failure, "sent_at": r.at} for r in rows]
