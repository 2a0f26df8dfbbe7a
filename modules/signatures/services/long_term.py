"""Long-term validation of a signed and sealed PDF (PAdES baseline B-LT and B-LTA, ETSI EN 319 142-1): after the
agency's seal, the certificates, CRLs and OCSP responses that prove every signature and its timestamp valid today
are written into the document security store (DSS), then (B-LTA) a document timestamp covers them, so the document
can still be checked when the CA's servers or the certificates are long gone (archives keep documents for decades).

Collecting this material is not a trust decision (verification makes that one): the paths are built to the
configured trust roots (without any, in development, to the self-signed roots the signatures carry). What cannot be collected (a revoked or
unreachable certificate) is left out and the document stays at the level it reached; verification reports it."""

import asyncio
import io
import logging

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper, TimestampDSSContentSettings
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore, collect_validation_info
from pyhanko_certvalidator import ValidationContext

from modules.signatures.services.revocation import fetcher_backend
from modules.signatures.services.settings import fetch_revocation, pades_level
from modules.signatures.services.trust import trust_roots

log = logging.getLogger(__name__)

B_T, B_LT, B_LTA = "B-T", "B-LT", "B-LTA"
TIMESTAMP_FIELD = "DauThoiGianLuuTru"  # numbered: each renewal of the archive timestamp adds the next one


def _self_signed(certs) -> list[asn1_x509.Certificate]:
    return [c for c in certs if c.self_signed == "maybe" or c.self_signed == "yes"]


def _context(reader: PdfFileReader, roots) -> ValidationContext:
    carried = [c for sig in reader.embedded_signatures for c in sig.signed_data["certificates"]
               if c.name == "certificate"]
    # Only the configured roots when there are some: a certificate's CRL/OCSP addresses are fetched only for chains
    # the installation trusts (a PDF brought in to be signed may carry anyone's certificates and addresses). Without
    # configured roots (development), the self-signed roots the signatures carry.
    anchors = list(roots) or _self_signed([c.chosen for c in carried])
    return ValidationContext(trust_roots=anchors, other_certs=[c.chosen for c in carried],
                             allow_fetching=fetch_revocation(), revocation_mode="soft-fail",
                             fetcher_backend=fetcher_backend())


async def _archive(pdf: bytes, timestamper: TimeStamper, roots, level: str) -> bytes:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    context = _context(reader, roots)
    paths = []
    for sig in reader.embedded_signatures:
        try:
            paths.extend(await collect_validation_info(sig, context))
        except Exception as exc:  # noqa: BLE001 - revoked, untrusted, unreachable: verification will say which
            log.warning("long-term validation data for %s not collected: %s", sig.field_name, exc)
    if not paths:
        return pdf
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if level == B_LT:
        DocumentSecurityStore.supply_dss_in_writer(writer, None, paths=paths, validation_context=context)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    # B-LTA: the DSS update (with the TSA's own validation data) goes in the revision the document timestamp signs.
    out = io.BytesIO()
    stamps = sum(1 for sig in reader.embedded_signatures if sig.sig_object_type == "/DocTimeStamp")
    await PdfTimeStamper(timestamper, field_name=f"{TIMESTAMP_FIELD}{stamps + 1}").async_timestamp_pdf(
        writer, "sha256", validation_context=context, validation_paths=paths, output=out,
        dss_settings=TimestampDSSContentSettings(update_before_ts=True, include_vri=False))
    return out.getvalue()


def archive(pdf: bytes, *, timestamper: TimeStamper | None, roots=None, level: str | None = None) -> bytes:
    """The signed PDF with its validation data embedded (B-LT) and a document timestamp over it (B-LTA), as an
    incremental update; `level` defaults to EGOV_SIGNING_PADES_LEVEL, `roots` to the configured trust roots.
    B-T (or nothing to collect) returns the PDF as it was."""
    level = level or pades_level()
    if level == B_LTA and timestamper is None:  # signed without timestamps: the data is embedded, nothing stamped
        level = B_LT
    if level not in (B_LT, B_LTA):
        return pdf
    roots = trust_roots() if roots is None else roots
    return asyncio.run(_archive(pdf, timestamper, roots, level))
