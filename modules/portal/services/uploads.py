"""Files attached to an online submission: at most MAX_FILES, each within the unit's `max_file_mb`, of a type
sniffed from the bytes (never the name or the browser's word; the types the documents module accepts), scanned by
the installation's scanner; stored with the dossier, original bytes untouched."""

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.modules.services import get_settings
from modules.documents.services.attachments import ACCEPTED, sniff
from modules.portal.models import SubmittedFile
from modules.portal.services.errors import PortalError
from modules.portal.services.scanning import threat_in

MAX_FILES = 5
_UNSAFE = re.compile(r"[^\w.\- ()]+")


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes
    content_type: str


def max_file_bytes(unit) -> int:
    return int(get_settings(unit, "portal")["max_file_mb"]) * 1024 * 1024


def max_request_bytes(unit) -> int:
    """The largest submission worth reading: every file at the limit, plus the form's fields."""
    return MAX_FILES * max_file_bytes(unit) + 256 * 1024


def clean_name(name: str) -> str:
    """The file's base name as shown back to people: no path, no control or markup characters, 120 at most."""
    base = os.path.basename(unicodedata.normalize("NFC", (name or "").replace("\\", "/")))
    cleaned = _UNSAFE.sub("_", base).strip(" .") or "tep"
    return cleaned[-120:]


def checked(unit, files) -> list[Upload]:
    """The uploaded files (Django UploadedFile objects) checked; PortalError on the first one refused."""
    files = [f for f in files if f is not None]
    if len(files) > MAX_FILES:
        raise PortalError("TOO_MANY_FILES", _("Tối đa %(n)d tệp đính kèm.") % {"n": MAX_FILES}, "files")
    limit = max_file_bytes(unit)
    out = []
    for f in files:
        name = clean_name(f.name)
        if f.size > limit:
            raise PortalError("FILE_TOO_LARGE", _("Tệp %(name)s lớn hơn %(mb)d MB.") % {
                "name": name, "mb": limit // (1024 * 1024)}, "files", status=413)
        content = f.read(limit + 1)
        if len(content) > limit:
            raise PortalError("FILE_TOO_LARGE", _("Tệp %(name)s lớn hơn %(mb)d MB.") % {
                "name": name, "mb": limit // (1024 * 1024)}, "files", status=413)
        kind = sniff(content)
        if kind not in ACCEPTED:
            raise PortalError("FILE_TYPE_REFUSED", _("Tệp %(name)s không phải PDF, ảnh (JPEG, PNG, TIFF) hay văn bản "
                                                     "Word, Excel, ODT.") % {"name": name}, "files", status=415)
        threat = threat_in(name, content)
        if threat:
            raise PortalError("FILE_INFECTED", _("Tệp %(name)s bị từ chối khi quét mã độc.") % {"name": name},
                              "files", threat=threat)
        out.append(Upload(name, content, kind))
    return out


def store(dossier_code: str, uploads: list[Upload]) -> list[SubmittedFile]:
    """The files kept with the dossier (in the current unit's schema, in the caller's transaction)."""
    now = timezone.now()
    return SubmittedFile.objects.bulk_create([
        SubmittedFile(dossier_code=dossier_code, name=u.name, content_type=u.content_type, size=len(u.content),
                      sha256=hashlib.sha256(u.content).hexdigest(), content=u.content, created_at=now)
        for u in uploads])


def files_of(dossier_code: str) -> list[SubmittedFile]:
    """The files attached to a dossier online (without their bytes), in the order they were sent."""
    return list(SubmittedFile.objects.filter(dossier_code=dossier_code).defer("content").order_by("id"))


def file_content(dossier_code: str, file_id: int) -> SubmittedFile | None:
    return SubmittedFile.objects.filter(dossier_code=dossier_code, pk=file_id).first()


def latest_with_files(limit: int = 50) -> list[tuple[str, list[SubmittedFile]]]:
    """The latest dossiers submitted with files, newest first, each with its files (without their bytes)."""
    codes = list(SubmittedFile.objects.order_by("-created_at", "-id").values_list("dossier_code", flat=True)
                 .distinct()[:limit * 10])
    codes = list(dict.fromkeys(codes))[:limit]
    rows = SubmittedFile.objects.filter(dossier_code__in=codes).defer("content").order_by("id")
    grouped: dict[str, list[SubmittedFile]] = {code: [] for code in codes}
    for row in rows:
        grouped[row.dossier_code].append(row)
    return list(grouped.items())
