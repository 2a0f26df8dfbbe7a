"""The documents module's public surface for other modules: `reads` (a document by id, documents of a period,
mark_filed), `actions` (every change of a document, one function per action), `numbering`, `registers`."""

from modules.documents.services import reads  # noqa: F401
from modules.documents.services.errors import DocumentsCode, DocumentsError  # noqa: F401
from modules.documents.services.reads import (  # noqa: F401
    DocumentInfo,
    documents_of_period,
    get_document,
    mark_filed,
)
