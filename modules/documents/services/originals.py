"""The files a signing module works on (Decree 30/2020 Art. 5, 15-16): the final approved draft to sign, the signed
(then sealed) bytes kept as the next version, which issue attaches as the original; and the files of a document
received from another unit, to verify on arrival. Bytes are stored once under their SHA-256 and never modified."""

from dataclasses import dataclass
from datetime import datetime

from modules.documents.models import Document, DraftVersion
from modules.documents.services import attachments, events


@dataclass(frozen=True)
class DraftFile:
    version: int
    content: bytes
    content_type: str
    sha256: str


@dataclass(frozen=True)
class OriginalFile:
    name: str
    content: bytes
    content_type: str
    sha256: str


def final_draft(document: Document) -> DraftFile | None:
    """The last draft version that has a file (the one approved, or already signed): what the signer signs."""
    version = document.versions.filter(blob__isnull=False).select_related("blob").order_by("-number").first()
    if version is None:
        return None
    blob = version.blob
    return DraftFile(version.number, bytes(blob.content), blob.content_type, blob.sha256)


def keep_signed(document: Document, content: bytes, *, actor, note: str, at: datetime) -> DraftFile:
    """Signed bytes kept as the document's next version (the signed draft is never overwritten): issuing attaches
    the last version as the original. Called inside the sign or issue action's transaction."""
    blob = attachments.store(content, attachments.check(content, attachments.PDF), at)
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    DraftVersion.objects.create(document=document, number=number, blob=blob, note=note, author=actor, at=at)
    return DraftFile(number, content, blob.content_type, blob.sha256)


def files_of(document_id: int) -> list[OriginalFile]:
    """The attached originals of a document, as stored."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return []
    return [OriginalFile(a.name, bytes(a.blob.content), a.blob.content_type, a.blob.sha256)
            for a in document.attachments.select_related("blob").order_by("id")]


def note_signature_check(document_id: int, results: list[dict], *, at: datetime) -> None:
    """The result of checking the digital signatures of a document's files, in its history (shown to the clerk)."""
    document = Document.objects.get(pk=document_id)
    events.record(document, "check_signatures", at=at, from_status=document.status, data={"files": results})
