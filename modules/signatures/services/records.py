"""Signed PDFs kept in the unit: signed here (sign_and_keep) or entering it (receive), each verified on the way
in and the result kept with the file. A failing file is kept and flagged, never refused silently."""

import hashlib
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.signatures.models import Origin, SignedPdf, Verification
from modules.signatures.services import configured, signing, timestamps
from modules.signatures.services.errors import SignaturesCode, SignaturesError
from modules.signatures.services.verification import verify_pdf


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def keep(pdf: bytes, name: str, origin: str, at: datetime, actor=None) -> SignedPdf:
    """Stored once under its SHA-256: the same bytes again find the same row, never rewritten."""
    digest = hashlib.sha256(pdf).hexdigest()
    record, _created = SignedPdf.objects.get_or_create(sha256=digest, defaults={
        "name": name[:255], "content": pdf, "size": len(pdf), "origin": origin, "signed_by": actor,
        "created_at": at})
    return record


def verify_record(record: SignedPdf, at: datetime | None = None) -> Verification:
    """Verify the kept bytes again (e.g. when revocation can now be reached); the newest result is the one shown."""
    result = verify_pdf(bytes(record.content))
    return Verification.objects.create(pdf=record, status=result.status, result=result.as_dict(),
                                       checked_at=at or timezone.now())


def receive(pdf: bytes, name: str, *, at: datetime | None = None) -> SignedPdf:
    """A signed PDF entering the unit (received, uploaded, imported): kept as it came, verified."""
    signing.check_pdf(pdf)
    at = at or timezone.now()
    with transaction.atomic():
        record = keep(pdf, name, Origin.RECEIVED, at)
        verify_record(record, at)
    return record


def sign_and_keep(pdf: bytes, name: str, *, actor, with_seal: bool = True, at: datetime | None = None) -> SignedPdf:
    """The PDF signed by `actor` (who must hold the signing permission), then sealed with the unit's seal, each
    timestamped; the signed file is kept and verified."""
    if not actor.has_perm("signatures.sign_pdf"):
        raise SignaturesError(SignaturesCode.NOT_ALLOWED, _("Chỉ người có thẩm quyền ký mới được ký số."))
    at = at or timezone.now()
    unit = connection.tenant
    signer = signing.Party(display_name(actor), configured.person_key(unit.code, actor.get_username()))
    agency = signing.Party(unit.name, configured.agency_key(unit.code)) if with_seal else None
    signed = signing.sign_pdf(pdf, signer=signer, agency=agency, timestamper=timestamps.timestamper(), at=at)
    with transaction.atomic():
        record = keep(signed, name, Origin.SIGNED, at, actor)
        verify_record(record, at)
    return record


def get_pdf(pdf_id: int) -> SignedPdf:
    found = SignedPdf.objects.filter(pk=pdf_id).first()
    if found is None:
        raise SignaturesError(SignaturesCode.NOT_FOUND, _("Không tìm thấy tệp %(id)s.") % {"id": pdf_id}, field="id")
    return found


def latest_verification(record: SignedPdf) -> Verification | None:
    return record.verifications.first()
