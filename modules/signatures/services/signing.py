"""PAdES signing of a PDF by the person with signing authority, then by the agency's seal (Decree 30/2020 Art. 5
and Appendix I), each with an RFC 3161 signature timestamp (PAdES baseline B-T); once sealed, the validation data is
embedded and a document timestamp added (B-LT/B-LTA, services/long_term.py). Every signature is an incremental
update: the bytes signed first are never rewritten, so each signature stays verifiable."""

import io
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import TimeStamper

from modules.signatures.services import appearance, long_term
from modules.signatures.services import issue_fields as issue_fields_service
from modules.signatures.services.errors import SignaturesCode, SignaturesError
from modules.signatures.services.keys import KeySource

SIGNER_FIELD, SEAL_FIELD = "ChuKyNguoiCoThamQuyen", "ChuKyCoQuan"
# The seal locks the signature fields; a value changed after it (the number included) is a modification to the
# verification, which tells filling an empty field from changing a signed value (locking the text fields too makes
# pyHanko 0.38 reject every later document timestamp).
SEAL_LOCK = fields.FieldMDPSpec(fields.FieldMDPAction.INCLUDE, fields=[SIGNER_FIELD, SEAL_FIELD])


@dataclass(frozen=True)
class Party:
    """Who signs, with which key: the person (full name as printed under the signature) or the agency (its name)."""

    name: str
    key: KeySource


def check_pdf(pdf: bytes) -> None:
    try:
        if not pdf.startswith(b"%PDF-"):
            raise ValueError
        PdfFileReader(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the same answer for the caller
        raise SignaturesError(SignaturesCode.NOT_A_PDF, _("Tệp không phải PDF hợp lệ."), field="pdf") from exc


def _field_names(writer: IncrementalPdfFileWriter) -> list[str]:
    try:
        return [str(ref.get_object().get("/T", "")) for ref in writer.root["/AcroForm"]["/Fields"]]
    except KeyError:
        return []


def _reserve(pdf: bytes, field: str, box: appearance.Box) -> bytes:
    """An empty signature field at `box` for the agency's seal to come; its lock closes every field once sealed."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec(field, on_page=box.page, box=box.as_tuple(),
                                                              field_mdp_spec=SEAL_LOCK))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_signature(pdf: bytes, party: Party, field: str, box: appearance.Box, make_style, reason: str,
                   timestamper: TimeStamper, at: datetime, fillable: tuple[str, ...] = ()) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    lock = {}
    if fillable:
        # Every field there is locked but the fillable ones (the seal's, reserved empty, among them), this signature's
        # own included; the document then allows form filling and signing only: MDP level 2.
        locked = [name for name in _field_names(writer) if name not in fillable] + [field]
        lock = {"field_mdp_spec": fields.FieldMDPSpec(fields.FieldMDPAction.INCLUDE, fields=locked),
                "doc_mdp_update_value": fields.MDPPerm.FILL_FORMS}
    if field == SEAL_FIELD:
        lock = {"field_mdp_spec": SEAL_LOCK}
    if field not in _field_names(writer):  # a reserved field (the seal's) is signed where it is
        fields.append_signature_field(writer, fields.SigFieldSpec(field, on_page=box.page, box=box.as_tuple(),
                                                                  **lock))
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256", reason=reason, name=party.name,
                                        subfilter=fields.SigSeedSubFilter.PADES)
    style = make_style(party.name, timezone.localtime(at).isoformat(timespec="seconds"), box)
    signer = signers.PdfSigner(meta, signer=party.key.signer(), timestamper=timestamper, stamp_style=style)
    out = io.BytesIO()
    try:
        signer.sign_pdf(writer, output=out)
    except SignaturesError:
        raise
    except Exception as exc:  # noqa: BLE001 - a key, token, TSA or remote service failure
        raise SignaturesError(SignaturesCode.SIGNING_FAILED, _("Không ký được: %(reason)s") % {"reason": exc}) from exc
    return out.getvalue()


def sign_pdf(pdf: bytes, *, signer: Party, agency: Party | None, timestamper: TimeStamper,
             placement: appearance.Placement | None = None, at: datetime | None = None,
             reason: str = "Ký ban hành văn bản", level: str | None = None, roots=None,
             issue_fields: bool = False) -> bytes:
    """The PDF signed by `signer`, then sealed by `agency` (None: the signer's signature only, e.g. a document
    countersigned elsewhere) and brought to the PAdES `level` (EGOV_SIGNING_PADES_LEVEL; the validation data's
    paths built to `roots`, the configured trust roots by default). With `issue_fields`, the number and date lines
    get fields the signer's signature leaves fillable (services/issue_fields.py), for `seal_pdf` to fill at issue.
    Returns new bytes; `pdf` is left as it was."""
    check_pdf(pdf)
    level = _level(level) if agency is not None else level
    at = at or timezone.now()
    where = placement or appearance.placement(pdf, signer.name)
    fillable: tuple[str, ...] = ()
    if issue_fields:
        pdf, fillable = issue_fields_service.add_fields(pdf)
        if fillable:  # the seal's field reserved now: a new field after the lock would break it
            pdf, fillable = _reserve(pdf, SEAL_FIELD, where.seal), (*fillable, SEAL_FIELD)
    signed = _add_signature(pdf, signer, SIGNER_FIELD, where.signer, appearance.signer_style, reason,
                            timestamper, at, fillable)
    if agency is None:
        return signed
    sealed = _add_signature(signed, agency, SEAL_FIELD, where.seal, appearance.seal_style,
                            "Xác thực của cơ quan, tổ chức", timestamper, at)
    return _long_term(sealed, timestamper, level, roots)


def _level(level: str | None) -> str:
    """The PAdES level asked for, else the configured one; checked before anything is signed."""
    try:
        return level or long_term.pades_level()
    except ImproperlyConfigured as exc:
        raise SignaturesError(SignaturesCode.NOT_CONFIGURED, str(exc)) from exc


def _long_term(sealed: bytes, timestamper: TimeStamper, level: str | None, roots) -> bytes:
    try:
        return long_term.archive(sealed, timestamper=timestamper, roots=roots, level=level)
    except Exception as exc:  # noqa: BLE001 - the TSA failing on the document timestamp
        raise SignaturesError(SignaturesCode.SIGNING_FAILED, _("Không ký được: %(reason)s") % {"reason": exc}) from exc


def seal_pdf(signed: bytes, *, agency: Party, timestamper: TimeStamper, at: datetime | None = None,
             level: str | None = None, roots=None, number: str = "", issued_on: date | None = None) -> bytes:
    """The agency's seal added to a PDF the signer already signed (Decree 30 Art. 15-16: the clerk seals at issue,
    after numbering), placed beside the signer's signature; without one, where the seal would go with a signature.
    With `number`, the issue fields the signer left fillable are first filled with it and `issued_on` (today)."""
    check_pdf(signed)
    level = _level(level)
    at = at or timezone.now()
    if number:
        signed = issue_fields_service.fill(signed, number=number, issued_on=issued_on or timezone.localdate(at))
    box = appearance.seal_placement(signed, SIGNER_FIELD) or appearance.placement(signed, agency.name).seal
    sealed = _add_signature(signed, agency, SEAL_FIELD, box, appearance.seal_style, "Xác thực của cơ quan, tổ chức",
                            timestamper, at)
    return _long_term(sealed, timestamper, level, roots)
