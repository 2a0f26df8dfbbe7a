"""Distribution of an issued document, as an edXML envelope (QCVN 102:2016). A recipient unit of this installation
gets it as a message (tenants.messaging: written in the issuing transaction, delivered once) and registers it as
incoming at once; an outside agency named by its code (Decision 20/2020/QĐ-TTg) gets it through the document axis
(services/axis_outbox.py: queued in the same transaction); an outside recipient without a code is recorded. A unit
that cannot receive is refused before anything changes."""

from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from core.modules.services import get_settings, is_enabled
from modules.documents.edxml import Party, build
from modules.documents.models import Distribution, Document
from modules.documents.services import axis_outbox, envelopes
from modules.documents.services.errors import DocumentsCode, DocumentsError
from modules.documents.services.inputs import RecipientInput
from modules.documents.services.signing import signed_envelope
from tenants.messaging.services import send
from tenants.models import Unit, UnitStatus

DELIVER = "documents.deliver"


def default_place() -> str:
    unit = getattr(connection, "tenant", None)
    return get_settings(unit, "documents").get("place", "") if unit is not None else ""


def check_recipients(recipients: list[RecipientInput]) -> dict[str, Unit]:
    """The units named, each ready, not this one, with the documents module: or DocumentsError, nothing sent."""
    here = connection.tenant
    codes = {r.unit_code for r in recipients if r.unit_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    for r in recipients:
        if not r.unit_code:
            if not r.name.strip():
                raise DocumentsError(DocumentsCode.REQUIRED, _("Cần ghi tên nơi nhận."), field="recipients")
            if r.organ_id and not settings.EGOV_DOCUMENT_AXIS_URL:
                raise DocumentsError(DocumentsCode.NO_AXIS, _(
                    "Chưa kết nối trục liên thông văn bản: không gửi được tới %(organ)s.") % {"organ": r.organ_id},
                    field="recipients")
            continue
        target = units.get(r.unit_code)
        if target is None or target.status != UnitStatus.READY or target.pk == here.pk:
            raise DocumentsError(DocumentsCode.UNKNOWN_UNIT, _("Đơn vị nhận %(code)s không hợp lệ.") % {
                "code": r.unit_code}, field="recipients")
        if not is_enabled(target, "documents"):
            raise DocumentsError(DocumentsCode.RECEIVER_NOT_ENABLED, _(
                "Đơn vị %(unit)s chưa dùng quản lý văn bản: hãy gửi ra ngoài hệ thống.") % {"unit": target.name},
                field="recipients")
    return units


def payload_of(document: Document, envelope: bytes, recipient: Distribution) -> dict:
    """The message to a unit of the installation: the envelope, and our ids so that statuses and revocations find
    their way back (`id`, and `related_id`: the document this one revokes, replaces or corrects)."""
    return {"id": document.pk, "code": document.number_symbol, "related_id": document.related_to_id,
            "distribution": recipient.pk, "edxml": envelope.decode("utf-8")}


def _party(r: RecipientInput, units: dict[str, Unit]) -> Party:
    if r.unit_code:
        unit = units[r.unit_code]
        return Party(envelopes.organ_id_of(unit), r.name.strip() or unit.name)
    return Party(r.organ_id or "", r.name.strip())


def distribute(document: Document, recipients: list[RecipientInput], units: dict[str, Unit],
               at: datetime) -> list[dict]:
    if document.confidentiality and any(r.organ_id and not r.unit_code for r in recipients):
        # State secrets never travel over the public exchange axis (Law 29/2018/QH14 on protecting state secrets).
        raise DocumentsError(DocumentsCode.INVALID_DATA, _(
            "Văn bản mật không được gửi qua trục liên thông văn bản."), field="recipients")
    rows = []
    for r in recipients:
        name = r.name.strip() or units[r.unit_code].name
        rows.append(Distribution.objects.create(
            document=document, recipient_unit_code=r.unit_code, recipient_name=name, internal=bool(r.unit_code),
            organ_id="" if r.unit_code else r.organ_id, at=at))
    addressed = [_party(r, units) for r in recipients if r.unit_code or r.organ_id]
    envelope = signed_envelope(build(envelopes.envelope_of(document, addressed, at))) if addressed else None
    sent = []
    for r, row in zip(recipients, rows, strict=True):
        if r.unit_code:
            row.message_id = send(r.unit_code, DELIVER, payload_of(document, envelope, row)).pk
            row.save(update_fields=["message_id"])
        elif r.organ_id:
            axis_outbox.queue_envelope(document, envelope, row, at)
        sent.append({"name": row.recipient_name, "unit": r.unit_code, "organ_id": row.organ_id})
    return sent


def record_failure(document_id: int, message_id: str, unit_code: str, reason: str) -> None:
    """In the sender's schema and transaction: the distribution row says why, and the document's history too."""
    from django.utils import timezone

    from modules.documents.services import events

    if not Distribution.objects.filter(document_id=document_id, message_id=message_id).update(failure=reason[:2000]):
        return  # not this unit's sending (a reorganisation's successor sending an ended unit's message again)
    document = Document.objects.filter(pk=document_id).first()
    if document is not None:
        events.record(document, "delivery_failed", at=timezone.now(), from_status=document.status,
                      data={"unit": unit_code, "reason": reason[:500]})
