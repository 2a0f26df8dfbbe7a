"""Digitisation at receipt (Circular 03/2025/TT-VPCP Art. 5; Decree 118/2025/NĐ-CP): each paper component handed in
at the counter or by post is scanned into the dossier as it is received, except what the rules leave out: dossiers
filed online (already electronic), papers only shown for comparison, and papers with state-secret content. The
result is digitised too (record_result), except a result made during processing and a confidential one.

A scan is stored once per unit under its SHA-256, never modified (as the documents module keeps originals); its type
is sniffed from the bytes (PDF or an image: what a scanner makes), its size limited by the unit's `max_scan_mb`.
Everything is checked before anything is written: a refused part refuses the whole receipt, nothing recorded.

What was digitised feeds the Decision 766 digitisation indicators (modules.statistics, counters
received_digitised, received_reusing_data, results_electronic). Components a shared database provided instead of
paper (services/data_sources.py) are recorded here too, with handling `database`, or `paper` with the reason.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from core.modules.services import get_settings
from modules.documents.services.attachments import JPEG, PDF, PNG, TIFF, sniff
from modules.onestop.models import Channel, Dossier, DossierComponent, Exemption, Handling, ScanFile
from modules.onestop.services.errors import OnestopError

SCAN_TYPES = (PDF, PNG, JPEG, TIFF)
DEFAULT_MAX_SCAN_MB = 20
# The exemptions an officer may choose for a component handed in on paper (online is given by the channel).
PAPER_EXEMPTIONS = (Exemption.SHOWN_ONLY, Exemption.CONFIDENTIAL)
RESULT_EXEMPTIONS = (Exemption.PROCESSING_RESULT, Exemption.CONFIDENTIAL)


@dataclass(frozen=True)
class Scan:
    file_name: str
    content: bytes


@dataclass(frozen=True)
class Part:
    """One component as the officer records it at receipt."""

    name: str
    scan: Scan | None = None
    exemption: str = ""            # models.Exemption: shown_only or confidential on paper
    database: dict = field(default_factory=dict)  # data_sources.Found.as_part(): looked up instead of asked for


def max_scan_bytes() -> int:
    unit = getattr(connection, "tenant", None)
    mb = get_settings(unit, "onestop").get("max_scan_mb", DEFAULT_MAX_SCAN_MB) if getattr(unit, "pk", None) \
        else DEFAULT_MAX_SCAN_MB
    return int(mb) * 1024 * 1024


def _checked_scan(scan: Scan, name: str) -> str:
    limit = max_scan_bytes()
    if len(scan.content) > limit:
        raise OnestopError("FILE_TOO_LARGE", _("Bản quét của “%(name)s” lớn hơn %(mb)d MB.") % {
            "name": name, "mb": limit // (1024 * 1024)}, "components")
    kind = sniff(scan.content)
    if kind not in SCAN_TYPES:
        raise OnestopError("FILE_TYPE_REFUSED", _("Bản quét của “%(name)s” phải là tệp PDF hoặc ảnh (JPEG, PNG, "
                                                  "TIFF).") % {"name": name}, "components")
    return kind


def checked(channel: str, parts) -> list[tuple[Part, str]]:
    """The parts with each scan's sniffed type; OnestopError (nothing recorded) for a part refused."""
    out, seen = [], set()
    for part in parts:
        name = (part.name or "").strip()
        if not name:
            raise OnestopError("REQUIRED", _("Cần tên giấy tờ."), "components")
        if name in seen:
            raise OnestopError("INVALID_DATA", _("Giấy tờ “%(name)s” được ghi hai lần.") % {"name": name},
                               "components")
        seen.add(name)
        if part.exemption and part.exemption not in PAPER_EXEMPTIONS:
            raise OnestopError("INVALID_DATA", _("Lý do không số hóa không hợp lệ: %(v)s.") % {"v": part.exemption},
                               "components")
        kind = ""
        if part.scan is not None:
            kind = _checked_scan(part.scan, name)
        elif channel != Channel.ONLINE and not part.exemption and not part.database:
            raise OnestopError("SCAN_REQUIRED", _(
                "Cần bản quét của “%(name)s”: thành phần hồ sơ giấy được số hóa khi tiếp nhận (Điều 5 Thông tư "
                "03/2025/TT-VPCP), trừ giấy tờ chỉ xuất trình để đối chiếu hoặc có nội dung bí mật nhà nước.")
                % {"name": name}, "components")
        out.append((Part(name, part.scan, part.exemption, part.database), kind))
    return out


def _store(scan: Scan, kind: str, at: datetime) -> ScanFile:
    """The file of these bytes, stored once: the same bytes again find the same row, never rewritten."""
    digest = hashlib.sha256(scan.content).hexdigest()
    stored, _created = ScanFile.objects.get_or_create(sha256=digest, defaults={
        "size": len(scan.content), "content_type": kind, "content": scan.content, "created_at": at})
    return stored


def _row(dossier: Dossier, part: Part, kind: str, channel: str, actor, at: datetime,
         what: str = DossierComponent.COMPONENT) -> DossierComponent:
    row = DossierComponent(dossier=dossier, kind=what, name=part.name[:500], actor=actor, created_at=at)
    if part.database:
        row.database_code = part.database.get("database", "")
        row.lookup_reference = part.database.get("reference", "")[:200]
        row.lookup_data = part.database.get("data", {})
        row.fallback_reason = part.database.get("fallback_reason", "")
    if part.scan is not None and channel == Channel.ONLINE:  # a file filed online: kept, already electronic
        row.handling, row.exemption = Handling.EXEMPT, Exemption.ONLINE
        row.scan, row.file_name = _store(part.scan, kind, at), part.scan.file_name[:255]
    elif part.scan is not None:
        row.handling, row.scan, row.file_name = Handling.SCANNED, _store(part.scan, kind, at), part.scan.file_name[:255]
    elif part.database and not row.fallback_reason:
        row.handling = Handling.DATABASE
    elif part.exemption or channel == Channel.ONLINE:
        row.handling, row.exemption = Handling.EXEMPT, part.exemption or Exemption.ONLINE
    else:
        row.handling = Handling.PAPER  # the database could not give it: the paper is asked for
    return row


def record(dossier: Dossier, parts: list[tuple[Part, str]], *, actor=None, at: datetime | None = None) -> list:
    """Write the checked parts on the dossier (inside the caller's transaction)."""
    at = at or timezone.now()
    rows = [_row(dossier, part, kind, dossier.channel, actor, at) for part, kind in parts]
    for row in rows:
        row.save()
    return rows


def record_result(dossier: Dossier, *, scan: Scan | None = None, exemption: str = "", name: str = "",
                  actor=None, at: datetime | None = None) -> DossierComponent:
    """The dossier's result digitised (a scan of the paper result, or the electronic result itself), or left out
    (made during processing, confidential). One result per dossier: recording again replaces it."""
    at = at or timezone.now()
    if dossier.completed_at is None:
        raise OnestopError("NO_RESULT", _("Hồ sơ %(code)s chưa có kết quả.") % {"code": dossier.code}, "code")
    if scan is None and exemption not in RESULT_EXEMPTIONS:
        raise OnestopError("SCAN_REQUIRED", _("Cần bản số hóa của kết quả, hoặc lý do không số hóa (kết quả trong "
                                              "quá trình xử lý, bí mật nhà nước)."), "scan")
    if scan is not None and exemption:
        raise OnestopError("INVALID_DATA", _("Kết quả đã có bản số hóa thì không ghi lý do không số hóa."),
                           "exemption")
    kind = _checked_scan(scan, name or _("Kết quả giải quyết")) if scan is not None else ""
    part = Part(name or _("Kết quả giải quyết"), scan, exemption)
    row = _row(dossier, part, kind, Channel.COUNTER, actor, at, DossierComponent.RESULT)
    if scan is None:
        row.handling, row.exemption = Handling.EXEMPT, exemption
    DossierComponent.objects.filter(dossier=dossier, kind=DossierComponent.RESULT).delete()
    row.save()
    return row


def components_of(dossier: Dossier) -> list[DossierComponent]:
    """The dossier's components and result as recorded, in order (scans without their bytes)."""
    return list(DossierComponent.objects.filter(dossier=dossier).select_related("scan")
                .defer("scan__content").order_by("kind", "id"))


def scan_content(sha256: str) -> bytes:
    return bytes(ScanFile.objects.values_list("content", flat=True).get(sha256=sha256))


def summary(dossier: Dossier) -> list[dict]:
    """The dossier's components as received, without the scans' bytes: what a transfer message carries, so the unit
    that decides knows what was handed in and how (and counts it for Decision 766). The scans stay at the unit that
    received them."""
    return [{"name": c.name, "handling": c.handling, "exemption": c.exemption, "file_name": c.file_name,
             "sha256": c.scan_id or "", "database": c.database_code, "reference": c.lookup_reference,
             "fallback_reason": c.fallback_reason}
            for c in DossierComponent.objects.filter(dossier=dossier, kind=DossierComponent.COMPONENT).order_by("id")]


def record_summary(dossier: Dossier, items, at: datetime) -> None:
    """The components a transfer message carried, recorded on the dossier once (a dossier received again keeps its
    first list); the scans' bytes are not copied."""
    if not items or DossierComponent.objects.filter(dossier=dossier, kind=DossierComponent.COMPONENT).exists():
        return
    DossierComponent.objects.bulk_create([DossierComponent(
        dossier=dossier, name=str(i.get("name", ""))[:500], handling=i.get("handling") or Handling.PAPER,
        exemption=i.get("exemption", ""), file_name=str(i.get("file_name", ""))[:255],
        database_code=i.get("database", ""), lookup_reference=str(i.get("reference", ""))[:200],
        fallback_reason=i.get("fallback_reason", ""), created_at=at) for i in items if isinstance(i, dict)])
