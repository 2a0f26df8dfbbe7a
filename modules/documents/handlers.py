"""What a unit does with what other units of this installation send it: a document (an edXML envelope) is
registered as incoming at once; a status (an edXML status message) shows on the outgoing document's recipient row,
or, for a take-back request, is answered."""

from django.utils.translation import gettext as _

from modules.documents.edxml import EdxmlError, parse
from modules.documents.edxml import names as N
from modules.documents.services import arrivals, envelopes, recipient_status
from modules.documents.services.actions import register_incoming
from modules.documents.services.delivery import DELIVER
from modules.documents.services.errors import DocumentsCode, DocumentsError
from tenants.messaging.handlers import MessageRefused, failure_handler, message_handler


def _refused(exc: DocumentsError) -> MessageRefused:
    return MessageRefused(exc.code, str(exc))


@message_handler(DELIVER)
def receive_document(message) -> dict:
    p = message.payload
    try:
        with parse(p["edxml"].encode("utf-8")) as parsed:
            envelope = parsed.envelope
            if envelope is None:
                raise EdxmlError("MessageHeader", _("Gói tin không có MessageHeader."))
            arrivals.check_addressed(envelope)
            meta = envelopes.metadata_of(envelope, message.sender_code)
            files = envelopes.files_of(envelope)
    except EdxmlError as exc:
        raise MessageRefused(DocumentsCode.INVALID_ENVELOPE, f"{exc.element}: {exc}") from exc
    except DocumentsError as exc:
        raise _refused(exc) from exc
    try:
        document = register_incoming(meta, actor=None, files=files, at=message.received_at,
                                     source_unit_code=message.sender_code, source_document_id=p["id"])
        if p.get("related_id") and envelope.business.doc_type != N.NEW:
            arrivals.apply_business(document, envelope.business.doc_type, source_unit_code=message.sender_code,
                                    source_document_id=p["related_id"])
    except DocumentsError as exc:
        raise _refused(exc) from exc
    return {"accepted": True, "document_id": document.pk, "arrival_number": document.arrival_number,
            "arrival_year": document.arrival_year}


@message_handler(recipient_status.STATUS)
def receive_status(message) -> dict:
    p = message.payload
    try:
        status = recipient_status.read_status(p["edxml"])
        if status.code == N.TAKE_BACK:
            return {"accepted": True, "answer": recipient_status.answer_take_back(
                message.sender_code, p["source_document_id"], status)}
        recipient_status.apply(p["document_id"], status, unit_code=message.sender_code)
    except DocumentsError as exc:
        raise _refused(exc) from exc
    return {"accepted": True, "code": status.code}


@failure_handler(DELIVER)
def delivery_failed(message) -> bool:
    """Our document never reached the other unit (refused, or undelivered after the last retry): the clerk sees it
    on the distribution row and in the document's history, and sends it again or another way."""
    from modules.documents.services.delivery import record_failure

    record_failure(message.payload["id"], str(message.pk), message.receiver_code,
                   message.last_error or _("không rõ lý do"))
    return False
