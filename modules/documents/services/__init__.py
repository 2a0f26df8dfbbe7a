"""The documents module's public surface for other modules: `reads` (a document by id, documents of a period,
mark_filed), `actions` (every change of a document, one function per action), `numbering`, `registers`; for a
signing module `use_signer` (the signing step's extension point) and `originals` (the draft to sign, the signed
bytes kept, the files received to verify)."""

from modules.documents.services import originals, reads  # noqa: F401
from modules.documents.services.errors import DocumentsCode, DocumentsError  # noqa: F401
from modules.documents.services.reads import (  # noqa: F401
    DocumentInfo,
    documents_of_period,
    get_document,
    mark_filed,
    with_number,
)
from modules.documents.services.signing import ManualSigner, Signer, current_signer, use_signer  # noqa: F401
