"""Messages to agencies outside the installation, through the document axis: written in the action's transaction
(an ExchangeMessage, state "pending"), sent by a task after the commit (tasks.send_exchange), retried while the axis
is unavailable, failed for good when it refuses; every attempt is in the message's trace."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from modules.documents.axis import client
from modules.documents.models import Distribution, Document, ExchangeMessage
from modules.documents.models.exchange import Channel, Kind, State, Way
from modules.documents.services import attachments, events

XML = "application/xml"


def note(message: ExchangeMessage, event: str, at: datetime, **detail) -> None:
    message.trace = [*message.trace, {"at": at.isoformat(), "event": event, **detail}]
    message.updated_at = at


def _queue(message: ExchangeMessage) -> ExchangeMessage:
    from modules.documents.tasks import queue_send

    queue_send(message.pk)
    return message


def queue_envelope(document: Document, envelope: bytes, row: Distribution, at: datetime) -> ExchangeMessage:
    from modules.documents.services.envelopes import BUSINESS, identifier

    message = ExchangeMessage(
        way=Way.OUT, channel=Channel.AXIS, kind=Kind.ENVELOPE, state=State.PENDING, document=document,
        peer=row.organ_id, peer_name=row.recipient_name, document_identifier=identifier(document),
        code=document.number_symbol, subject=document.subject[:2000], business_type=BUSINESS.get(document.relation, 0),
        content=attachments.store(envelope, XML, at), created_at=at, updated_at=at)
    note(message, "queued", at, to=row.organ_id)
    message.save()
    return _queue(message)


def queue_status(document: Document | None, status: bytes, peer: str, code: str, identifier: str,
                 at: datetime) -> ExchangeMessage:
    message = ExchangeMessage(
        way=Way.OUT, channel=Channel.AXIS, kind=Kind.STATUS, state=State.PENDING, document=document, peer=peer,
        document_identifier=identifier, code=document.number_symbol if document else "", status_code=code,
        content=attachments.store(status, XML, at), created_at=at, updated_at=at)
    note(message, "queued", at, to=peer, status=code)
    message.save()
    return _queue(message)


def send(message_id: int, *, final: bool = False) -> str:
    """One attempt: the message's state afterwards. AxisUnavailable is raised again (after its attempt is noted and
    committed) for the task to retry; on the last retry (`final`) the message fails instead."""
    from modules.documents.services.envelopes import here

    retry = None
    with transaction.atomic():
        message = ExchangeMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != State.PENDING:
            return message.state if message else "missing"
        at = timezone.now()
        message.attempts += 1
        kind = "status" if message.kind == Kind.STATUS else "edoc"
        try:
            external = client.current().send(here().organ_id, [message.peer], kind,
                                             attachments.original(message.content_id))
        except client.AxisUnavailable as exc:
            message.last_error = str(exc)[:2000]
            note(message, "unavailable", at, error=str(exc)[:300])
            if final:
                _fail(message, at)
            else:
                retry = exc
        except client.AxisRefused as exc:
            message.last_error = str(exc)[:2000]
            note(message, "refused", at, error=str(exc)[:300])
            _fail(message, at)
        else:
            message.state, message.external_id = State.SENT, external
            note(message, "sent", at, external_id=external)
        message.save()
    if retry is not None:
        raise retry
    return message.state


def _fail(message: ExchangeMessage, at: datetime) -> None:
    """Failed for good: the clerk sees it on the distribution row and in the document's history."""
    message.state = State.FAILED
    if message.kind != Kind.ENVELOPE or message.document_id is None:
        return
    Distribution.objects.filter(document_id=message.document_id, organ_id=message.peer).update(
        failure=message.last_error[:2000])
    document = Document.objects.get(pk=message.document_id)
    events.record(document, "delivery_failed", at=at, from_status=document.status,
                  data={"organ_id": message.peer, "reason": message.last_error[:500]})


def pending_ids() -> list[int]:
    return list(ExchangeMessage.objects.filter(way=Way.OUT, state=State.PENDING).values_list("pk", flat=True))
