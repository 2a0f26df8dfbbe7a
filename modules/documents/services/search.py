"""Search of documents, in Vietnamese (core.search): over the metadata (number and symbol, type, subject, summary,
issuer, signer, recipients) and the text extracted from the attachments (PDF, DOCX), with or without tone marks,
exact tones first, numbers and symbols as identifiers ("12/QĐ-UBND" never finds "112/QĐ-UBND").

The index is rewritten in the transaction of every change (services/events.record): a document is findable when
its change commits. Results go through the list's own permission filter (listing.documents_for) in the same query.

Two ways: `matching` narrows a list (the registers' and the API's `search` filter) to every match; `search_documents`
(the search page) gives the best first in a time that does not grow with the unit's documents: it ranks the newest
matches only (core.search.best), looked for among the documents routed to the person when that is all they see."""

from django.db.models import QuerySet
from django.utils import timezone

from core.search import SearchIndex, best, extract_text, search, write_index
from modules.documents.models import Attachment, Blob, BlobText, Document, DocumentSearchIndex
from modules.documents.services import access, listing

INDEX = SearchIndex(model=DocumentSearchIndex, key="document", relation="search_index")
MAX_ATTACHMENT_CHARS = 200_000  # of each attachment's text indexed (positions stop counting at 16,383 words anyway)


def attachment_texts(document_id: int) -> list[str]:
    """The extracted text of each attachment of the document; a file seen for the first time is read once and its
    text stored apart from the original (BlobText), which stays untouched."""
    rows = list(Attachment.objects.filter(document_id=document_id).order_by("id")
                .values_list("blob_id", "blob__text__text"))
    texts = []
    for sha256, text in rows:
        if text is None:
            blob = Blob.objects.only("content", "content_type").get(pk=sha256)
            text = extract_text(bytes(blob.content), blob.content_type)
            BlobText.objects.get_or_create(blob_id=sha256, defaults={"text": text, "extracted_at": timezone.now()})
        texts.append(text[:MAX_ATTACHMENT_CHARS])
    return texts


def metadata_texts(d: Document) -> list[str]:
    return [d.number_symbol, d.symbol, d.type_abbreviation, d.type_name, d.subject, d.summary, d.issuer_name,
            d.issuer_code, d.place, d.signer_name, d.signer_position, d.recipients]


def index_document(document: Document) -> None:
    """(Re)write the document's search vector, in the caller's transaction."""
    write_index(INDEX, document.pk, [*metadata_texts(document), *attachment_texts(document.pk)])


def reindex_all(batch: int = 500) -> int:
    """Every document of the current unit indexed again (after a change of the normalisation rules); their count."""
    count = 0
    for document in Document.objects.order_by("pk").iterator(chunk_size=batch):
        index_document(document)
        count += 1
    return count


def matching(documents: QuerySet, text: str) -> QuerySet:
    """`documents` (already filtered for the caller) narrowed to those matching `text`, ranked (`search_rank`)."""
    return search(documents, INDEX, text)


def search_documents(user, text: str, *, direction: str | None = None, status: str | None = None) -> QuerySet:
    """The documents `user` may see (the list's filter) that match `text`, best match first, each with
    `search_rank`, ranked among the newest matches (core.search.best: at most EGOV_SEARCH_CANDIDATES of them, and as
    many written with the tones typed). Nothing for an empty query."""
    return best(listing.documents_for(user, direction=direction, status=status), INDEX, text,
                within=access.scope_of(user))


__all__ = ["INDEX", "index_document", "matching", "reindex_all", "search_documents"]
