"""Attachments: the original stored once per unit under its SHA-256 and never modified; its type is sniffed from
the bytes (never from the name) and must be the one declared; its size is limited by the unit's setting."""

import hashlib
import io
import zipfile
from datetime import datetime

from django.db import connection
from django.utils.translation import gettext as _

from core.modules.services import get_settings
from modules.documents.models import Attachment, Blob
from modules.documents.services.errors import DocumentsCode, DocumentsError

PDF, DOCX, XLSX, ODT = ("application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "application/vnd.oasis.opendocument.text")
DOC, PNG, JPEG, TIFF = "application/msword", "image/png", "image/jpeg", "image/tiff"
ACCEPTED = (PDF, DOCX, XLSX, ODT, DOC, PNG, JPEG, TIFF)
DEFAULT_LIMIT_MB = 50


def _zip_kind(content: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except zipfile.BadZipFile:
        return None
    if "mimetype" in names:
        return ODT if b"opendocument.text" in content[:200] else None
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
    return None


def sniff(content: bytes) -> str | None:
    """The content type the bytes are, among those accepted; None for anything else."""
    head = content[:8]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(content)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    return None


def size_limit() -> int:
    unit = getattr(connection, "tenant", None)
    mb = get_settings(unit, "documents").get("max_attachment_mb", DEFAULT_LIMIT_MB) if unit else DEFAULT_LIMIT_MB
    return int(mb) * 1024 * 1024


def check_size(size: int) -> None:
    """DocumentsError FILE_TOO_LARGE above the unit's limit: an upload is refused before its bytes are read."""
    limit = size_limit()
    if size > limit:
        raise DocumentsError(DocumentsCode.FILE_TOO_LARGE, _("Tệp vượt quá dung lượng cho phép (%(mb)s MB).") % {
            "mb": limit // (1024 * 1024)}, field="attachments")


def check(content: bytes, declared_type: str) -> str:
    """The sniffed type, or DocumentsError FILE_TOO_LARGE / FILE_TYPE_REFUSED / FILE_TYPE_MISMATCH."""
    check_size(len(content))
    found = sniff(content)
    if found is None:
        raise DocumentsError(DocumentsCode.FILE_TYPE_REFUSED, _("Không nhận loại tệp này (chỉ PDF, DOC, DOCX, XLSX, "
                                                                "ODT, PNG, JPEG, TIFF)."), field="attachments")
    if declared_type and declared_type.split(";")[0].strip().lower() != found:
        raise DocumentsError(DocumentsCode.FILE_TYPE_MISMATCH, _(
            "Nội dung tệp (%(found)s) không khớp với loại đã khai (%(declared)s).") % {
            "found": found, "declared": declared_type}, field="attachments")
    return found


def store(content: bytes, content_type: str, at: datetime) -> Blob:
    """The blob of these bytes, stored once: the same bytes again find the same row, never rewritten."""
    digest = hashlib.sha256(content).hexdigest()
    blob, _created = Blob.objects.get_or_create(
        sha256=digest, defaults={"size": len(content), "content_type": content_type, "content": content,
                                 "created_at": at})
    return blob


def attach(document, name: str, content: bytes, declared_type: str, at: datetime) -> Attachment:
    blob = store(content, check(content, declared_type), at)
    attachment, _created = Attachment.objects.get_or_create(document=document, blob=blob,
                                                            defaults={"name": name[:255], "created_at": at})
    return attachment


def original(sha256: str) -> bytes:
    """The stored bytes, as received."""
    return bytes(Blob.objects.values_list("content", flat=True).get(sha256=sha256))
