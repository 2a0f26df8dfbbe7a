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
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from modules.signatures.services import revocation
from modules.signatures.services.settings import fetch_revocation
from modules.signatures.services.trust import trust_roots

# Overall statuses, worst last.
VALID, UNTRUSTED, MODIFIED, INVALID, UNSIGNED = "valid", "untrusted", "modified", "invalid", "unsigned"
# Revocation: checked and good, revoked (before the time of signing, or after it: the signature then stands), or
# not checked (no OCSP/CRL named by the certificate, none reachable, or fetching switched off).
REVOCATION_GOOD, REVOCATION_REVOKED, REVOCATION_UNKNOWN = revocation.GOOD, revocation.REVOKED, revocation.NOT_CHECKED
REVOCATION_REVOKED_AFTER = revocation.REVOKED_AFTER_SIGNING
# PAdES baseline levels (ETSI EN 319 142-1): B-B signed, B-T timestamped, B-LT validation data embedded, B-LTA
# and a document timestamp over it.
DOC_TIMESTAMP = "/DocTimeStamp"


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
    revoked_at: str | None = None
    embedded_validation: bool = False  # the chain and its CRL/OCSP answers are in the document (PAdES B-LT)
    form_filled_after: list[str] = field(default_factory=list)  # fields filled since, as its lock allows
    revocation_why: str = ""  # when not checked: no_address, unreachable, fetching_off

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and self.valid_at_signing and not self.modified_after


@dataclass
class TimestampCheck:
    """A document timestamp (PAdES B-LTA): proves the document, with its embedded validation data, existed then."""

    field: str
    at: str | None
    intact: bool
    trusted: bool

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted


@dataclass
class Verification:
    status: str
    signatures: list[SignatureCheck]
    checked_at: str
    level: str | None = None  # B-B, B-T, B-LT, B-LTA; None without signatures
    timestamps: list[TimestampCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == VALID

    def as_dict(self) -> dict:
        return {"status": self.status, "checked_at": self.checked_at, "level": self.level,
                "signatures": [asdict(s) for s in self.signatures],
                "timestamps": [asdict(t) for t in self.timestamps]}


@dataclass(frozen=True)
class _Embedded:
    """The validation data the document carries in its DSS."""

    certs: tuple = ()
    crls: tuple = ()
    ocsps: tuple = ()


def _embedded(reader: PdfFileReader) -> _Embedded:
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return _Embedded()
    context = dss.as_validation_context({"trust_roots": []})  # only its contents are read
    return _Embedded(tuple(dss.load_certs()), tuple(context.crls), tuple(context.ocsps))


def _local(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _name_part(cert, oid: str) -> str:
    return str(cert.subject.native.get(oid, "")) if cert is not None else ""


def _context(roots, known: _Embedded, moment: datetime | None = None) -> ValidationContext:
    return ValidationContext(trust_roots=list(roots), other_certs=list(known.certs), crls=list(known.crls),
                             ocsps=list(known.ocsps), allow_fetching=fetch_revocation(), revocation_mode="soft-fail",
                             moment=moment, fetcher_backend=revocation.fetcher_backend())


def _validate(embedded, roots, known: _Embedded, moment: datetime | None = None):
    signer_context = _context(roots, known, moment)
    return validate_pdf_signature(embedded, signer_context, ts_validation_context=_context(roots, known, moment)), \
        signer_context


def _values_at_signing(embedded, names) -> dict[str, str]:
    """The values the named form fields had in the revision the signature signed."""
    try:
        form_fields = embedded.reader.get_historical_root(embedded.signed_revision)["/AcroForm"]["/Fields"]
    except KeyError:
        return {}
    values = {}
    for ref in form_fields:
        widget = ref.get_object()
        if str(widget.get("/T", "")) in names:
            values[str(widget["/T"])] = str(widget.get("/V", "") or "")
    return values


def _filled_after(embedded, status, signature_fields: set[str]) -> tuple[list[str], list[str]]:
    """(fields filled after this signature while empty when it signed: allowed form filling, e.g. the number and
    date of issue the signer's field lock leaves fillable; fields whose signed value was changed: a modification)."""
    changed = getattr(status.diff_result, "changed_form_fields", None) or set()
    names = sorted(name for name in changed if name not in signature_fields)
    if not names or status.modification_level != ModificationLevel.FORM_FILLING:
        return [], []
    before = _values_at_signing(embedded, set(names))
    return [n for n in names if not before.get(n)], [n for n in names if before.get(n)]


def _check(embedded, roots, known: _Embedded, signature_fields: set[str] = frozenset()) -> SignatureCheck:
    status, context = _validate(embedded, roots, known)
    revoked_now = status.revocation_details
    moment = None
    ts = status.timestamp_validity
    if not status.trusted and ts is not None and ts.intact and ts.valid:
        # Validity at the time of signing: the timestamp proves when the signature existed, so a certificate
        # expired or revoked since is judged at that time (the TSA's chain too).
        then, then_context = _validate(embedded, roots, known, ts.timestamp)
        if then.trusted:
            status, context, moment = then, then_context, ts.timestamp
    ts = status.timestamp_validity
    level = status.modification_level
    filled, rewritten = _filled_after(embedded, status, signature_fields)
    modified = bool(rewritten) or (status.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
        level is None or level > ModificationLevel.FORM_FILLING or not status.docmdp_ok))
    problems = [f"changed after signing: {name}" for name in rewritten]
    if status.trust_problem_indic is not None:
        problems.append(str(status.trust_problem_indic.name))
    if status.diff_result is not None and not hasattr(status.diff_result, "modification_level"):
        problems.append(str(status.diff_result))
    valid_at_signing = bool(status.valid and status.trusted and status.revocation_details is None)
    cert = status.signing_cert
    others = [*embedded.other_embedded_certs, *known.certs]
    if revoked_now is not None:
        state = REVOCATION_REVOKED_AFTER if valid_at_signing else REVOCATION_REVOKED
    elif status.trusted and revocation.proven_good(cert, roots=roots, others=others, crls=context.crls,
                                                   ocsps=context.ocsps, moment=moment):
        state = REVOCATION_GOOD
    else:
        state = REVOCATION_UNKNOWN
    why = _why_not_checked(cert, context) if state == REVOCATION_UNKNOWN and status.trusted else ""
    signed_moment = ts.timestamp if ts else status.signer_reported_dt
    if revocation.declares_revocation(cert):
        carried = revocation.proven_good(cert, roots=roots, others=others, crls=known.crls, ocsps=known.ocsps,
                                         moment=signed_moment)
    else:  # nothing to revoke it by: the chain in the DSS is all long-term validation needs
        carried = any(c.sha256 == cert.sha256 for c in known.certs)
    return SignatureCheck(
        field=embedded.field_name, signer=_name_part(cert, "common_name"),
        organisation=_name_part(cert, "organization_name"),
        intact=bool(status.intact), trusted=bool(status.trusted), valid_at_signing=valid_at_signing,
        signed_at=_local(signed_moment), timestamped=ts is not None,
        timestamp_valid=bool(ts and ts.valid and ts.intact and ts.trusted), revocation=state,
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE, modified_after=bool(modified),
        problems=problems, revoked_at=_local(revoked_now.revocation_date) if revoked_now is not None else None,
        embedded_validation=bool(carried), form_filled_after=[] if modified else filled, revocation_why=why)


def _why_not_checked(cert, context: ValidationContext) -> str:
    if not revocation.declares_revocation(cert):
        return revocation.NO_ADDRESS
    if not fetch_revocation():
        return revocation.FETCHING_OFF
    return revocation.UNREACHABLE if context.soft_fail_exceptions else ""


def _check_timestamp(embedded, roots, known: _Embedded) -> TimestampCheck:
    status = validate_pdf_timestamp(embedded, validation_context=_context(roots, known))
    if not status.trusted and status.intact and status.timestamp is not None:
        # The TSA's certificate may have expired since: judged at the time it stamped (renewals extend the chain).
        status = validate_pdf_timestamp(embedded, validation_context=_context(roots, known, status.timestamp))
    return TimestampCheck(field=embedded.field_name, at=_local(status.timestamp), intact=bool(status.intact),
                          trusted=bool(status.trusted and status.valid))


def _level(kinds: list[str], checks: list[SignatureCheck], stamps: list[TimestampCheck]) -> str | None:
    if not checks:
        return None
    if not all(c.timestamp_valid for c in checks):
        return "B-B"
    if not all(c.embedded_validation for c in checks):
        return "B-T"
    last_signature = max(i for i, kind in enumerate(kinds) if kind == "signature")
    after = [i for i, kind in enumerate(kinds) if kind == "timestamp" and i > last_signature]
    return "B-LTA" if after and stamps[-1].ok else "B-LT"


def _broken(embedded, exc: Exception) -> SignatureCheck:
    return SignatureCheck(field=getattr(embedded, "field_name", "") or "", signer="", organisation="", intact=False,
                          trusted=False, valid_at_signing=False, signed_at=None, timestamped=False,
                          timestamp_valid=False, revocation=REVOCATION_UNKNOWN, covers_whole_file=False,
                          modified_after=True, problems=[f"{type(exc).__name__}: {exc}"])


def verify_pdf(pdf: bytes, *, roots=None) -> Verification:
    """Every signature and document timestamp of the PDF checked; `roots` defaults to the configured trust roots."""
    roots = trust_roots() if roots is None else roots
    checked_at = _local(timezone.now())
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
        known = _embedded(reader)
    except Exception as exc:  # noqa: BLE001 - a file pyHanko cannot read is reported, not raised
        return Verification(INVALID, [_broken(None, exc)], checked_at)
    checks, stamps, kinds = [], [], []
    signature_fields = {sig.field_name for sig in embedded}
    for sig in embedded:
        if sig.sig_object_type == DOC_TIMESTAMP:
            kinds.append("timestamp")
            try:
                stamps.append(_check_timestamp(sig, roots, known))
            except Exception:  # noqa: BLE001 - reported as a broken timestamp
                stamps.append(TimestampCheck(field=sig.field_name or "", at=None, intact=False, trusted=False))
            continue
        kinds.append("signature")
        try:
            checks.append(_check(sig, roots, known, signature_fields))
        except Exception as exc:  # noqa: BLE001 - a signature that cannot be checked is reported as broken
            checks.append(_broken(sig, exc))
    if not checks:
        status = UNSIGNED
    elif not all(c.intact for c in checks) or not all(t.intact for t in stamps):
        status = INVALID
    elif any(c.modified_after for c in checks):
        status = MODIFIED
    elif not all(c.trusted and c.valid_at_signing for c in checks) or not all(t.ok for t in stamps):
        status = UNTRUSTED
    else:
        status = VALID
    return Verification(status, checks, checked_at, _level(kinds, checks, stamps), stamps)
