"""What a unit does with documents other units of this installation send it: registered as incoming at once."""

import base64
from datetime import date

from django.utils.translation import gettext as _

from modules.documents.services.actions import register_incoming
from modules.documents.services.delivery import DELIVER
from modules.documents.services.errors import DocumentsError
from modules.documents.services.inputs import FileInput, Metadata
from tenants.messaging.handlers import MessageRefused, failure_handler, message_handler


@message_handler(DELIVER)
def receive_document(message) -> dict:
    p = message.payload
    meta = Metadata(
        type_code=p["type_code"], subject=p["subject"], summary=p.get("summary", ""), number=p["number"],
        symbol=p["symbol"], issuer_name=p["issuer_name"], issuer_code=p["issuer_code"], place=p.get("place", ""),
        issued_on=date.fromisoformat(p["issued_on"]), signer_name=p.get("signer_name", ""),
        signer_position=p.get("signer_position", ""), authority_prefix=p.get("authority_prefix", ""),
        recipients=p.get("recipients", ""), page_count=p.get("page_count"), language=p.get("language", "vi"),
        urgency=p.get("urgency", ""), confidentiality=p.get("confidentiality", ""), is_copy=p.get("is_copy", False),
        due_on=date.fromisoformat(p["due_on"]) if p.get("due_on") else None)
    files = tuple(FileInput(f["name"], base64.b64decode(f["content"]), f["content_type"]) for f in p.get("files", ()))
    try:
        document = register_incoming(meta, actor=None, files=files, at=message.received_at,
                                     source_unit_code=message.sender_code, source_document_id=p["id"])
    except DocumentsError as exc:
        raise MessageRefused(exc.code, str(exc)) from exc
    return {"accepted": True, "arrival_number": document.arrival_number, "arrival_year": document.arrival_year}


@failure_handler(DELIVER)
def delivery_failed(message) -> bool:
    """Our document never reached the other unit (refused, or undelivered after the last retry): the clerk sees it
    on the distribution row and in the document's history, and sends it again or another way."""
    from modules.documents.services.delivery import record_failure

    record_failure(message.payload["id"], str(message.pk), message.receiver_code,
                   message.last_error or _("không rõ lý do"))
    return False
