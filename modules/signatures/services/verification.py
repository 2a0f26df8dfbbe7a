"""Verification of every signature in a PDF (Decree 30/2020 Art. 21: the receiver checks authenticity and
integrity): integrity of the signed bytes, the certificate chain to the configured trust roots, validity at the
time of signing (the timestamp's time when there is one), revocation where OCSP/CRL can be reached (otherwise a
clear "not checked" status), and whether the document was changed after signing (pyHanko's difference analysis).

The answer is a plain, JSON-ready value: it is kept with the file and shown to the clerk as it is."""

import io
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from modules.signatures.services.settings import fetch_revocation
from modules.signatures.services.trust import trust_roots

# Overall statuses, worst last.
VALID, UNTRUSTED, MODIFIED, INVALID, UNSIGNED = "valid", "untrusted", "modified", "invalid", "unsigned"
# Revocation: checked and good, revoked, or not checked (no OCSP/CRL reachable or none named by the certificate).
REVOCATION_GOOD, REVOCATION_REVOKED, REVOCATION_UNKNOWN = "good", "revoked", "not_checked"


@dataclass
class SignatureCheck:
    field: str
    signer: str
    organisation: str
    intact: bool  # the signed bytes are those the signer signed
    trusted: bool  # the chain reaches a configured trust root
    valid_at_signing: bool  # the certificate was valid at the time of signing
    signed_at: str | None  # the timestamp's time, else the time the signer's computer claimed (ISO 8601, +07:00)
    timestamped: bool
    timestamp_valid: bool
    revocation: str
    covers_whole_file: bool  # nothing was added after this signature
    modified_after: bool  # what was added after it changes the content (not just later signatures)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and self.valid_at_signing and not self.modified_after


@dataclass
class Verification:
    status: str
    signatures: list[SignatureCheck]
    checked_at: str

    @property
    def ok(self) -> bool:
        return self.status == VALID

    def as_dict(self) -> dict:
        return {"status": self.status, "checked_at": self.checked_at,
                "signatures": [asdict(s) for s in self.signatures]}


def _local(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _name_part(cert, oid: str) -> str:
    return str(cert.subject.native.get(oid, "")) if cert is not None else ""


def _revocation(status, context: ValidationContext) -> str:
    """Revoked when pyHanko found it so; "good" only when revocation was fetched and nothing soft-failed (an OCSP
    responder or CRL that could not be reached is "not checked", never "good")."""
    if getattr(status, "revocation_details", None) is not None:
        return REVOCATION_REVOKED
    cert = status.signing_cert
    has_pointers = bool(cert.ocsp_urls or cert.crl_distribution_points)
    if (status.trusted and status.validation_path is not None and has_pointers and fetch_revocation()
            and not context.soft_fail_exceptions):
        return REVOCATION_GOOD
    return REVOCATION_UNKNOWN


def _validate(embedded, roots, moment: datetime | None = None):
    def context():
        return ValidationContext(trust_roots=list(roots), allow_fetching=fetch_revocation(),
                                 revocation_mode="soft-fail", moment=moment)
    signer_context = context()
    return validate_pdf_signature(embedded, signer_context, ts_validation_context=context()), signer_context


def _check(embedded, roots) -> SignatureCheck:
    status, context = _validate(embedded, roots)
    ts = status.timestamp_validity
    if not status.trusted and ts is not None and ts.intact and ts.valid:
        # Validity at the time of signing: the timestamp proves when the signature existed, so a certificate
        # expired since is judged at that time (the TSA's chain too).
        then, then_context = _validate(embedded, roots, ts.timestamp)
        if then.trusted:
            status, context = then, then_context
    ts = status.timestamp_validity
    level = status.modification_level
    modified = (status.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
        level is None or level > ModificationLevel.FORM_FILLING or not status.docmdp_ok))
    problems = []
    if status.trust_problem_indic is not None:
        problems.append(str(status.trust_problem_indic.name))
    if status.diff_result is not None and not hasattr(status.diff_result, "modification_level"):
        problems.append(str(status.diff_result))
    valid_at_signing = bool(status.valid and status.trusted and status.revocation_details is None)
    return SignatureCheck(
        field=embedded.field_name, signer=_name_part(status.signing_cert, "common_name"),
        organisation=_name_part(status.signing_cert, "organization_name"),
        intact=bool(status.intact), trusted=bool(status.trusted), valid_at_signing=valid_at_signing,
        signed_at=_local(ts.timestamp if ts else status.signer_reported_dt), timestamped=ts is not None,
        timestamp_valid=bool(ts and ts.valid and ts.intact and ts.trusted), revocation=_revocation(status, context),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE, modified_after=bool(modified),
        problems=problems)


def _broken(embedded, exc: Exception) -> SignatureCheck:
    return SignatureCheck(field=getattr(embedded, "field_name", "") or "", signer="", organisation="", intact=False,
                          trusted=False, valid_at_signing=False, signed_at=None, timestamped=False,
                          timestamp_valid=False, revocation=REVOCATION_UNKNOWN, covers_whole_file=False,
                          modified_after=True, problems=[f"{type(exc).__name__}: {exc}"])


def verify_pdf(pdf: bytes, *, roots=None) -> Verification:
    """Every signature of the PDF checked; `roots` defaults to the configured trust roots."""
    roots = trust_roots() if roots is None else roots
    checked_at = _local(timezone.now())
    try:
        embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception as exc:  # noqa: BLE001 - a file pyHanko cannot read is reported, not raised
        return Verification(INVALID, [_broken(None, exc)], checked_at)
    checks = []
    for sig in embedded:
        try:
            checks.append(_check(sig, roots))
        except Exception as exc:  # noqa: BLE001 - a signature that cannot be checked is reported as broken
            checks.append(_broken(sig, exc))
    if not checks:
        status = UNSIGNED
    elif not all(c.intact for c in checks):
        status = INVALID
    elif any(c.modified_after for c in checks):
        status = MODIFIED
    elif not all(c.trusted and c.valid_at_signing for c in checks):
        status = UNTRUSTED
    else:
        status = VALID
    return Verification(status, checks, checked_at)
