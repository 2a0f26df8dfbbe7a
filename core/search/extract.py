"""The text of an attachment, for search: PDF through pypdf, DOCX from its XML (word/document.xml). The original
bytes are never touched; the caller stores the text apart from them. Anything else, or a file that cannot be
read, gives "" (the attachment is still kept; it is only not searchable by its content)."""

import io
import logging
import zipfile
from xml.etree import ElementTree

log = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_CHARS = 1_000_000  # of text kept per file
MAX_XML_BYTES = 50 * 1024 * 1024  # of document.xml unpacked: a zip bomb stops here
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _pdf(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    out, size = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        out.append(text)
        size += len(text)
        if size >= MAX_CHARS:
            break
    return "\n".join(out)


def _docx(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        info = z.getinfo("word/document.xml")
        if info.file_size > MAX_XML_BYTES:
            return ""
        xml = z.read(info)
    if b"<!DOCTYPE" in xml[:4096].upper():
        return ""  # no entity tricks: a Word document never declares a DTD
    paragraphs = []
    for p in ElementTree.fromstring(xml).iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}tab", f"{_W}br"):
                parts.append(" ")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


EXTRACTORS = {PDF: _pdf, DOCX: _docx}


def extract_text(content: bytes, content_type: str) -> str:
    """The file's text ("" when its type has no extractor or it cannot be read), at most MAX_CHARS characters."""
    extractor = EXTRACTORS.get((content_type or "").split(";")[0].strip().lower())
    if extractor is None:
        return ""
    try:
        text = extractor(content)
    except Exception:  # a damaged or hostile file: kept as received, just not searchable
        log.warning("text extraction failed for a %s file", content_type, exc_info=True)
        return ""
    return text[:MAX_CHARS].replace("\x00", "")
