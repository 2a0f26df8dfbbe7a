"""The one place a document's change is recorded: every action of services/actions.py ends here, with who, when,
from which status to which and its data. Audit and search hook in here: the `documents.document_changed` hook is sent
inside the action's transaction, so a receiver that fails undoes the change and none is ever missed."""

from datetime import date, datetime

from django.db import connection

from core.audit import services as audit
from core.modules.hooks import send
from modules.documents.hooks import document_changed
from modules.documents.models import Document, DocumentEvent
from modules.documents.services import recipient_status, search


def _jsonable(data: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in data.items()}


def record(document: Document, action: str, *, at: datetime, actor=None, from_status: str = "",
           data: dict | None = None) -> DocumentEvent:
    """One line of the document's history: what happened, from which status to the one it has now, who did it
    (`actor=None`: the system or another unit), with what data."""
    event = DocumentEvent.objects.create(
        document=document, action=action, from_status=from_status, to_status=document.status, actor=actor,
        data=_jsonable(data or {}), at=at)
    # In the same transaction: the unit's audit log (who, what, when, on which document) and the search index.
    audit.record(action, object_type="documents.document", object_id=document.pk, actor=actor, at=at,
                 object_label=document.number_symbol or document.subject[:120],
                 data={"from_status": from_status, "to_status": document.status, **event.data})
    search.index_document(document)
    recipient_status.after_event(document, action, at, actor)  # the sender of an incoming document is told
    unit = getattr(connection, "tenant", None)
    if unit is not None and getattr(unit, "pk", None):
        send(document_changed, unit, document_id=document.pk, event_id=event.pk, action=action)
    return event


def viewed(document: Document, actor, at: datetime | None = None) -> None:
    """A person opened the document: a line of the unit's audit log (not of the document's history)."""
    audit.record("view", object_type="documents.document", object_id=document.pk, actor=actor, at=at,
                 object_label=document.number_symbol or document.subject[:120])
