"""Envelopes from agencies outside the installation: from the document axis (fetched, kept, acknowledged; the
sender told 01 on arrival) or from a file (`egov documents import-edxml`). An envelope arrives in the unit's inbox
of arrivals (an ExchangeMessage "arrived") for the clerk to register (03) or refuse (02); a status message about one
of our documents shows on its recipient row. What is refused - invalid XML, an impossible date, broken base64, an
envelope not addressed to this unit - changes nothing but the trace of the axis message."""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ids import object_id
from modules.documents.axis import client
from modules.documents.edxml import EdxmlError, Envelope, Status, build, parse
from modules.documents.edxml import names as N
from modules.documents.edxml.model import Party
from modules.documents.models import Direction, Document, ExchangeMessage
from modules.documents.models import Status as DocStatus
from modules.documents.models.document import Validity
from modules.documents.models.exchange import Channel, Kind, State, Way
from modules.documents.services import attachments, axis_outbox, envelopes, events, recipient_status
from modules.documents.services.errors import DocumentsCode, DocumentsError
from modules.documents.services.signing import check_envelope, signed_envelope
from tenants.models import Unit
from tenants.services.units_over_time import forwarded

_VALIDITY = {N.REVOKE: Validity.REVOKED, N.UPDATE: Validity.CORRECTED, N.REPLACE: Validity.REPLACED}


def _invalid(exc: EdxmlError) -> DocumentsError:
    return DocumentsError(DocumentsCode.INVALID_ENVELOPE, str(exc), field=exc.element)


def check_addressed(envelope: Envelope) -> None:
    """NOT_ADDRESSED unless one of the envelope's To is this unit (its OrganId or its code), or a unit that ended in
    a reorganisation and whose messages this unit now receives (tenants' forwarding: its principal successor)."""
    unit = connection.tenant
    mine = {envelopes.organ_id_of(unit), unit.code}
    to = {p.organ_id for p in envelope.recipients}
    if to & mine:
        return
    for old in Unit.objects.filter(Q(code__in=to) | Q(organ_id__in=to)).exclude(pk=unit.pk):
        target = forwarded(old.code)
        if target is not None and target.pk == unit.pk:
            return
    raise DocumentsError(DocumentsCode.NOT_ADDRESSED, _("Gói tin không gửi tới đơn vị này (%(to)s).") % {
        "to": ", ".join(sorted(to))[:200]}, field="To")


def _check_files(envelope: Envelope) -> None:
    for f in envelopes.files_of(envelope):
        attachments.check(f.content, "")


@dataclass(frozen=True)
class Preview:
    """What an envelope holds, read without storing anything (`--dry-run`)."""

    kind: str
    sender: str
    code: str
    subject: str
    document_id: str
    business_type: int
    files: tuple[tuple[str, int], ...]
    signature: str


def preview(content: bytes | Path) -> Preview:
    try:
        with parse(content) as parsed:
            if parsed.status is not None:
                s = parsed.status
                return Preview("status", s.sender.organ_id, s.response_for.code, s.description,
                               s.response_for.document_id, 0, (), parsed.signature)
            env = parsed.envelope
            check_addressed(env)
            envelopes.metadata_of(env, env.sender.organ_id)
            _check_files(env)
            return Preview("envelope", env.sender.organ_id, env.code, env.subject, env.document_id,
                           env.business.doc_type, tuple((f.name, len(f.content)) for f in envelopes.files_of(env)),
                           parsed.signature)
    except EdxmlError as exc:
        raise _invalid(exc) from exc


@transaction.atomic
def receive(content: bytes, *, channel: str, external_id: str = "", at: datetime | None = None) -> ExchangeMessage:
    """Keep an envelope in the inbox of arrivals (or apply a status): DocumentsError when refused, nothing kept."""
    at = at or timezone.now()
    try:
        with parse(content) as parsed:
            if parsed.status is not None:
                return _status_arrived(parsed.status, content, channel, external_id, at)
            env = parsed.envelope
            check_addressed(env)
            envelopes.metadata_of(env, env.sender.organ_id)
            _check_files(env)
            signature = parsed.signature
    except EdxmlError as exc:
        raise _invalid(exc) from exc
    message = ExchangeMessage(
        way=Way.IN, channel=channel, kind=Kind.ENVELOPE, state=State.ARRIVED, peer=env.sender.organ_id,
        peer_name=env.sender.name, document_identifier=env.document_id, code=env.code, subject=env.subject[:2000],
        business_type=env.business.doc_type, content=attachments.store(content, axis_outbox.XML, at),
        external_id=external_id, created_at=at, updated_at=at,
        trace=[{"at": t.timestamp.isoformat(), "event": "trace", "organ_id": t.organ_id} for t in env.traces])
    # The envelope's XML signature: integrity against the certificate it carries, then trust (the signatures
    # module's trust roots, when it is installed).
    checked = check_envelope(content) if signature == "xmldsig" else {}
    axis_outbox.note(message, "arrived", at, signature=signature, business_type=env.business.doc_type,
                     **({"signature_valid": checked["valid"], "signer": checked["subject"],
                         "signature_trusted": checked["trusted"], **_trust_note(checked["trust"])}
                        if checked else {}))
    message.save()
    if channel == Channel.AXIS:
        recipient_status.tell_axis(message, N.ARRIVED, at)
    return message


def _trust_note(trust: dict) -> dict:
    return {f"signature_{key}": trust[key] for key in ("revocation", "reason") if trust.get(key)}


def _our_document(document_identifier: str) -> Document | None:
    """Our issued document named by a DocumentId "OrganId,YYYY/MM/DD,Number/Notation"."""
    parts = document_identifier.split(",", 2)
    if len(parts) != 3:
        return None
    try:
        issued_on = date(*(int(p) for p in parts[1].strip().split("/")))
    except ValueError:
        return None
    number, _sep, symbol = parts[2].strip().partition("/")
    if object_id(number) is None:
        return None
    return Document.objects.filter(direction=Direction.OUTGOING, issued_on=issued_on, number=int(number),
                                   symbol=symbol).first()


def _status_arrived(status: Status, content: bytes, channel: str, external_id: str, at) -> ExchangeMessage:
    document = _our_document(status.response_for.document_id)
    if document is None:
        raise DocumentsError(DocumentsCode.NOT_ADDRESSED, _("Không có văn bản %(id)s của đơn vị.") % {
            "id": status.response_for.document_id[:200]}, field="ResponseFor")
    recipient_status.apply(document.pk, status, organ_id=status.sender.organ_id)
    message = ExchangeMessage(
        way=Way.IN, channel=channel, kind=Kind.STATUS, state=State.APPLIED, document=document,
        peer=status.sender.organ_id, peer_name=status.sender.name,
        document_identifier=status.response_for.document_id, code=document.number_symbol, status_code=status.code,
        content=attachments.store(content, axis_outbox.XML, at), external_id=external_id, created_at=at,
        updated_at=at)
    axis_outbox.note(message, "applied", at, status=status.code)
    message.save()
    return message


def _arrival(message_id: int) -> ExchangeMessage:
    message = ExchangeMessage.objects.select_for_update().filter(pk=message_id, way=Way.IN,
                                                                 kind=Kind.ENVELOPE).first()
    if message is None:
        raise DocumentsError(DocumentsCode.NOT_FOUND, _("Không tìm thấy gói tin %(id)s.") % {"id": message_id},
                             status=404)
    if message.state != State.ARRIVED:
        raise DocumentsError(DocumentsCode.INVALID_TRANSITION, _("Gói tin đã được xử lý (%(state)s).") % {
            "state": message.get_state_display()})
    return message


@transaction.atomic
def register_arrival(message_id: int, *, actor, at: datetime | None = None) -> Document:
    """The clerk registers an arrived envelope as an incoming document (03 to the sender); a revocation, update or
    replacement marks the copy we hold of the document it names."""
    from modules.documents.services import access
    from modules.documents.services.actions import register_incoming

    at = at or timezone.now()
    if actor is not None and "clerk" not in access.roles_of(actor):
        raise DocumentsError(DocumentsCode.FORBIDDEN_ROLE, _("Bạn không có quyền %(action)s.") % {
            "action": _("vào sổ")})
    message = _arrival(message_id)
    try:
        with parse(attachments.original(message.content_id)) as parsed:
            env = parsed.envelope
            meta, files = envelopes.metadata_of(env, env.sender.organ_id), envelopes.files_of(env)
    except EdxmlError as exc:
        raise _invalid(exc) from exc
    document = register_incoming(meta, actor=actor, files=files, at=at)
    message.state, message.document = State.REGISTERED, document
    axis_outbox.note(message, "registered", at, document=document.pk)
    message.save()
    if env.business.doc_type != N.NEW:
        copy = ExchangeMessage.objects.filter(
            way=Way.IN, kind=Kind.ENVELOPE, document__isnull=False,
            document_identifier__in=[env.business.document_id, *env.business.replaced]).exclude(pk=message.pk).first()
        if copy is not None:
            _mark(copy.document, document, env.business.doc_type, at)
    if message.channel == Channel.AXIS:
        recipient_status.tell_axis(message, N.REGISTERED, at, actor)
    return document


@transaction.atomic
def refuse_arrival(message_id: int, *, actor, reason: str, at: datetime | None = None) -> ExchangeMessage:
    """The clerk refuses an arrived envelope (02 to the sender, with the reason)."""
    from modules.documents.services import access

    at = at or timezone.now()
    if actor is not None and "clerk" not in access.roles_of(actor):
        raise DocumentsError(DocumentsCode.FORBIDDEN_ROLE, _("Bạn không có quyền %(action)s.") % {
            "action": _("từ chối tiếp nhận")})
    if not reason.strip():
        raise DocumentsError(DocumentsCode.REQUIRED, _("Cần nêu lý do để %(action)s.") % {
            "action": _("từ chối tiếp nhận")}, field="reason")
    message = _arrival(message_id)
    message.state = State.REFUSED
    axis_outbox.note(message, "refused", at, reason=reason[:500], by=getattr(actor, "pk", None))
    message.save()
    if message.channel == Channel.AXIS:
        recipient_status.tell_axis(message, N.REFUSED, at, actor, reason)
    return message


def apply_business(document: Document, doc_type: int, *, source_unit_code: str, source_document_id: int) -> None:
    """A revocation, update or replacement from another unit of the installation marks our copy of the original."""
    copy = Document.objects.filter(source_unit_code=source_unit_code, source_document_id=source_document_id).first()
    if copy is not None:
        _mark(copy, document, doc_type, timezone.now())


def _mark(copy: Document, by: Document, doc_type: int, at: datetime) -> None:
    copy = Document.objects.select_for_update().get(pk=copy.pk)
    copy.validity, copy.updated_at = _VALIDITY[doc_type], at
    copy.save(update_fields=["validity", "updated_at"])
    relation = envelopes.RELATION[doc_type]
    events.record(copy, relation, at=at, from_status=copy.status,
                  data={"by": by.pk, "by_number": by.number_symbol})


# --- the axis ---

def fetch_from_axis() -> list[ExchangeMessage]:
    """What the axis holds for this unit, each kept in its own transaction then acknowledged; a message refused
    is kept as refused with why (and acknowledged: the axis would hand it out for ever)."""
    axis, organ = client.current(), envelopes.here().organ_id
    kept = []
    for item in axis.pending(organ):
        external_id = str(item["id"])
        if not ExchangeMessage.objects.filter(channel=Channel.AXIS, external_id=external_id, way=Way.IN).exists():
            content = axis.fetch(external_id)
            try:
                kept.append(receive(content, channel=Channel.AXIS, external_id=external_id))
            except DocumentsError as exc:
                kept.append(_refused(content, external_id, item, exc))
            except IntegrityError:
                pass  # fetched meanwhile by another worker
        axis.acknowledge(external_id, organ)
    return kept


@transaction.atomic
def _refused(content: bytes, external_id: str, item: dict, exc: DocumentsError) -> ExchangeMessage:
    at = timezone.now()
    message = ExchangeMessage(
        way=Way.IN, channel=Channel.AXIS, kind=Kind.STATUS if item.get("type") == "status" else Kind.ENVELOPE,
        state=State.REFUSED, peer=str(item.get("from", ""))[:200], document_identifier="", external_id=external_id,
        content=attachments.store(content, axis_outbox.XML, at), last_error=str(exc)[:2000], created_at=at,
        updated_at=at)
    axis_outbox.note(message, "refused", at, code=str(exc.code), element=exc.field, error=str(exc)[:300])
    message.save()
    return message


# --- files ---

def import_file(path: Path, *, dry_run: bool = False, at: datetime | None = None) -> Preview | Document:
    """`egov documents import-edxml`: an envelope from a file, registered as incoming (or only read)."""
    content = Path(path).read_bytes()
    found = preview(content)
    if dry_run:
        return found
    with transaction.atomic():
        message = receive(content, channel=Channel.FILE, at=at)
        if message.kind == Kind.STATUS:
            return message.document
        return register_arrival(message.pk, actor=None, at=at)


def export(document_id: int, to: list[str] = (), at: datetime | None = None) -> bytes:
    """An issued outgoing document as an envelope for agencies reached by file: addressed to `to` (OrganIds) or to
    the outside recipients it was issued to with a code."""
    document = Document.objects.filter(pk=document_id, direction=Direction.OUTGOING,
                                       status=DocStatus.ISSUED).first()
    if document is None:
        raise DocumentsError(DocumentsCode.NOT_FOUND, _("Không tìm thấy văn bản đã ban hành %(id)s.") % {
            "id": document_id}, status=404)
    rows = {d.organ_id: d.recipient_name for d in document.distributions.exclude(organ_id="")}
    recipients = [Party(code, rows.get(code, "")) for code in (to or rows)]
    if not recipients:
        raise DocumentsError(DocumentsCode.REQUIRED, _("Cần mã định danh của cơ quan nhận (--to)."), field="to")
    return signed_envelope(build(envelopes.envelope_of(document, recipients, at or timezone.now())))


def inbox(limit: int = 200) -> list[dict]:
    """Envelopes arrived from outside and waiting for the clerk (the workspace's inbox of arrivals)."""
    rows = ExchangeMessage.objects.filter(way=Way.IN, kind=Kind.ENVELOPE, state=State.ARRIVED).order_by("created_at")
    return [{"id": m.pk, "channel": m.channel, "sender": m.peer, "sender_name": m.peer_name, "code": m.code,
             "subject": m.subject, "document_identifier": m.document_identifier, "business_type": m.business_type,
             "arrived_at": m.created_at, **signature_of(m)} for m in rows[:limit]]


def signature_of(message: ExchangeMessage) -> dict:
    """{"signature": none | xmldsig | unqualified, "signature_valid": bool | None, "signature_trusted": bool | None}
    as checked on arrival (trusted: None when not checked against trust roots)."""
    arrived = next((t for t in message.trace if t.get("event") == "arrived"), {})
    return {"signature": arrived.get("signature", "none"), "signature_valid": arrived.get("signature_valid"),
            "signature_trusted": arrived.get("signature_trusted")}


def messages_of(document_id: int) -> list[dict]:
    """Every message exchanged outside about a document, with its trace."""
    return [{"id": m.pk, "way": m.way, "channel": m.channel, "kind": m.kind, "state": m.state, "peer": m.peer,
             "status_code": m.status_code, "attempts": m.attempts, "last_error": m.last_error, "trace": m.trace,
             "external_id": m.external_id, "created_at": m.created_at}
            for m in ExchangeMessage.objects.filter(document_id=document_id).order_by("created_at", "id")]
