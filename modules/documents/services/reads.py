"""Read services for other modules (case files, archives, tasks, search, audit): documents as plain records, never
the models. `mark_filed` is the one write they get: a document joins a case file."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.documents.models import Document
from modules.documents.services.errors import DocumentsCode, DocumentsError


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    direction: str
    status: str
    type_code: str
    type_name: str
    number: int | None
    number_symbol: str          # "05/QĐ-UBND" ("" before numbering)
    year: int | None
    issuer_name: str
    issued_on: date | None
    subject: str
    summary: str
    signer_name: str
    urgency: str
    confidentiality: str
    due_on: date | None
    arrival_number: int | None
    arrived_at: datetime | None
    validity: str
    filed_in: str
    created_at: datetime


def info(d: Document) -> DocumentInfo:
    return DocumentInfo(
        id=d.pk, direction=d.direction, status=d.status, type_code=d.type_code, type_name=d.type_name,
        number=d.number, number_symbol=d.number_symbol, year=d.year, issuer_name=d.issuer_name,
        issued_on=d.issued_on, subject=d.subject, summary=d.summary, signer_name=d.signer_name, urgency=d.urgency,
        confidentiality=d.confidentiality, due_on=d.due_on, arrival_number=d.arrival_number, arrived_at=d.arrived_at,
        validity=d.validity, filed_in=d.filed_in, created_at=d.created_at)


def _not_found(document_id) -> DocumentsError:
    return DocumentsError(DocumentsCode.NOT_FOUND, _("Không tìm thấy văn bản %(id)s.") % {"id": document_id},
                          field="id", status=404)


def get_document(document_id: int) -> DocumentInfo:
    """A document of the current unit by id; DocumentsError NOT_FOUND otherwise."""
    found = Document.objects.filter(pk=document_id).first()
    if found is None:
        raise _not_found(document_id)
    return info(found)


def with_number(text: str, user=None, limit: int = 2) -> list[int]:
    """The ids of documents whose number and symbol (or other words) match `text` (core.search: "31/qd-ubnd" finds
    "31/QĐ-UBND" only), best first: among those `user` may see, else among the unit's ordinary ones (the keeper of a
    case file files the unit's documents; a secret one only by its id), at most `limit`."""
    from core.search import best
    from modules.documents.services import search

    seen = list(search.search_documents(user, text).values_list("pk", flat=True)[:limit]) if user else []
    if seen:
        return seen
    return list(best(Document.objects.filter(confidentiality=""), search.INDEX, text).values_list("pk", flat=True)
                [:limit])


def documents_of_period(first: date, last: date, direction: str | None = None) -> list[DocumentInfo]:
    """Documents of the current unit issued (outgoing) or arrived (incoming) between `first` and `last` inclusive,
    in register order."""
    rows = Document.objects.none()
    if direction in (None, "outgoing"):
        rows = rows | Document.objects.filter(direction="outgoing", issued_on__gte=first, issued_on__lte=last)
    if direction in (None, "incoming"):
        rows = rows | Document.objects.filter(direction="incoming", arrived_at__date__gte=first,
                                              arrived_at__date__lte=last)
    return [info(d) for d in rows.order_by("direction", "year", "number", "arrival_year", "arrival_number", "id")]


@transaction.atomic
def mark_filed(document_id: int, file_code: str, at: datetime | None = None) -> DocumentInfo:
    """The document belongs to case file `file_code` from now on ("" takes it out); recorded in its history."""
    from modules.documents.services import events

    document = Document.objects.select_for_update().filter(pk=document_id).first()
    if document is None:
        raise _not_found(document_id)
    at = at or timezone.now()
    before = document.filed_in
    document.filed_in, document.filed_at = file_code, (at if file_code else None)
    document.updated_at = at
    document.save(update_fields=["filed_in", "filed_at", "updated_at"])
    events.record(document, "file", at=at, from_status=document.status, data={"file": file_code, "before": before})
    return info(document)
