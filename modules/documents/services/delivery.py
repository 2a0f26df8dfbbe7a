"""Distribution of an issued document. A recipient unit of this installation gets it as a message (tenants.messaging:
written in the issuing transaction, delivered once) and registers it as incoming at once; an outside recipient is
recorded, for the inter-agency exchange to send. A unit that cannot receive is refused before anything changes."""

import base64
from datetime import datetime

from django.db import connection
from django.utils.translation import gettext as _

from core.modules.services import get_settings, is_enabled
from modules.documents.models import Distribution, Document
from modules.documents.services.errors import DocumentsCode, DocumentsError
from modules.documents.services.inputs import RecipientInput
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


def payload_of(document: Document) -> dict:
    here = connection.tenant
    files = [{"name": a.name, "content_type": a.blob.content_type,
              "content": base64.b64encode(bytes(a.blob.content)).decode("ascii")}
             for a in document.attachments.select_related("blob")]
    return {
        "id": document.pk, "code": document.number_symbol, "type_code": document.type_code,
        "number": document.number, "symbol": document.symbol, "issuer_name": here.name, "issuer_code": here.code,
        "place": document.place, "issued_on": document.issued_on.isoformat(), "subject": document.subject,
        "summary": document.summary, "signer_name": document.signer_name,
        "signer_position": document.signer_position, "authority_prefix": document.authority_prefix,
        "recipients": document.recipients, "page_count": document.page_count, "language": document.language,
        "urgency": document.urgency, "confidentiality": document.confidentiality, "is_copy": document.is_copy,
        "due_on": document.due_on.isoformat() if document.due_on else None, "files": files,
    }


def distribute(document: Document, recipients: list[RecipientInput], units: dict[str, Unit],
               at: datetime) -> list[dict]:
    sent, payload = [], None
    for r in recipients:
        message_id = None
        if r.unit_code:
            payload = payload or payload_of(document)
            message_id = send(r.unit_code, DELIVER, payload).pk
        name = r.name.strip() or units[r.unit_code].name
        Distribution.objects.create(document=document, recipient_unit_code=r.unit_code, recipient_name=name,
                                    internal=bool(r.unit_code), message_id=message_id, at=at)
        sent.append({"name": name, "unit": r.unit_code})
    return sent


def record_failure(document_id: int, message_id: str, unit_code: str, reason: str) -> None:
    """In the sender's schema and transaction: the distribution row says why, and the document's history too."""
    from django.utils import timezone

    from modules.documents.services import events

    Distribution.objects.filter(document_id=document_id, message_id=message_id).update(failure=reason[:2000])
    document = Document.objects.filter(pk=document_id).first()
    if document is not None:
        events.record(document, "delivery_failed", at=timezone.now(), from_status=document.status,
                      data={"unit": unit_code, "reason": reason[:500]})
