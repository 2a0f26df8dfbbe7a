"""What the documents module does in an administrative reorganisation (Dispatch 414/BNV-VTLTNN): the ended agency
issues nothing after the decision takes effect (services/numbering.py refuses its numbers), its document database is
kept whole (nothing is deleted), and the incoming documents still awaiting action go to the agency that takes the
work over, registered there as arrivals from the ended unit (its own incoming number, the original files untouched).

An incoming document goes to the successor its subject names (route_by_address), else to the principal successor.
The old document is completed, "handed over" in its history, with a forwarding address (kind "documents.document",
key its id). Outgoing drafts not issued stay in the archive and are listed for a person to decide: the successor
drafts and issues them again under its own name and number.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.modules.reorganisation import CarryLine, Successor, route_by_address
from modules.documents.models import Direction, Document, DocumentEvent, Status
from modules.documents.services import actions, events
from modules.documents.services.inputs import FileInput, Metadata
from tenants.services import entered
from tenants.services.forwarding import forward, forward_missing, principal_successor

KIND = "documents.document"
HANDED_OVER = "hand_over"
_AWAITING = (Status.REGISTERED, Status.PRESENTED, Status.DIRECTED, Status.IN_PROGRESS)
_DRAFTS = (Status.DRAFTING, Status.CONTENT_REVIEW, Status.FORMAT_REVIEW, Status.AWAITING_APPROVAL, Status.APPROVED,
           Status.SIGNED)
_METADATA = [name for name in Metadata.__dataclass_fields__]


def _awaiting():
    return Document.objects.filter(direction=Direction.INCOMING, status__in=_AWAITING).order_by("id")


def _target(document: Document, successors: tuple[Successor, ...]) -> Successor:
    return route_by_address(document.subject, successors) or principal_successor(successors)


def _lines(counts: dict[str, int], drafts: list[Document]) -> list[CarryLine]:
    lines = [CarryLine(_("Văn bản đến đang chờ xử lý"), n, code) for code, n in sorted(counts.items())]
    lines.append(CarryLine(_("Văn bản đã ban hành, đã hoàn thành (giữ nguyên trong cơ sở dữ liệu)"),
                           Document.objects.exclude(status__in=(*_AWAITING, *_DRAFTS)).count(), None))
    if drafts:
        lines.append(CarryLine(_("Dự thảo văn bản đi chưa ban hành (không ban hành sau ngày quyết định có hiệu lực)"),
                               0, None, needs_decision=len(drafts),
                               details=[f"{d.pk}: {d.subject[:80]}" for d in drafts[:20]]))
    return lines


def _drafts() -> list[Document]:
    return list(Document.objects.filter(direction=Direction.OUTGOING, status__in=_DRAFTS).order_by("id"))


def inventory(unit, *, successors: tuple[Successor, ...], effective: date) -> list[CarryLine]:
    counts: dict[str, int] = {}
    for document in _awaiting():
        code = _target(document, successors).unit.code
        counts[code] = counts.get(code, 0) + 1
    return _lines(counts, _drafts())


def carry(unit, *, successors: tuple[Successor, ...], effective: date,
          at: datetime | None = None) -> list[CarryLine]:
    at = at or timezone.now()
    counts: dict[str, int] = {}
    _forward_earlier(unit, successors, at)
    for document in _awaiting().prefetch_related("attachments__blob"):
        successor = _target(document, successors).unit
        _hand_over(unit, document, successor, at)
        counts[successor.code] = counts.get(successor.code, 0) + 1
    return _lines(counts, _drafts())


def _forward_earlier(old_unit, successors: tuple[Successor, ...], at: datetime) -> None:
    """The addresses of documents an earlier attempt of this step handed over (forward_missing)."""
    units = {s.unit.code: s.unit for s in successors}
    handed = DocumentEvent.objects.filter(action=HANDED_OVER, data__to_unit__in=list(units))
    forward_missing(KIND, [(str(pk), units[code]) for pk, code in handed.values_list("document_id", "data__to_unit")],
                    old_unit, at=at)


def _hand_over(old_unit, document: Document, successor_unit, at: datetime) -> None:
    meta = Metadata(**{name: getattr(document, name) for name in _METADATA})
    files = tuple(FileInput(a.name, bytes(a.blob.content), a.blob.content_type) for a in document.attachments.all())
    with entered(successor_unit):
        # A copy an earlier attempt committed on the successor's server while the platform's commit failed (two
        # databases, docs/ict/scale-out.md): the step resumes with it, never a second one.
        arrived = Document.objects.filter(source_unit_code=old_unit.code, source_document_id=document.pk).first()
        if arrived is None:
            arrived = actions.register_incoming(meta, actor=None, files=files, at=at, source_unit_code=old_unit.code,
                                                source_document_id=document.pk)
    before = document.status
    document.status, document.completed_at, document.updated_at = Status.COMPLETED, at, at
    document.save(update_fields=["status", "completed_at", "updated_at"])
    events.record(document, HANDED_OVER, at=at, from_status=before, data={
        "to_unit": successor_unit.code, "arrival_number": arrived.arrival_number})
    forward(KIND, str(document.pk), old_unit, successor_unit, at=at)

