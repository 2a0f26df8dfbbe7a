"""The documents module's signing step done with digital signatures (Decree 30/2020 Art. 5: the signer's and the
agency's signature; Art. 15-16: the clerk numbers, seals and issues the same day), and the check of signed files
arriving from another unit (Art. 21). Installed by the app when documents is loaded (apps.py); in a unit where
signatures is not enabled, where no key source is configured, or when the draft is not a PDF, the step stays the
recorded manual one."""

import io
import logging
from datetime import datetime

from asn1crypto import pem
from cryptography.hazmat.primitives import serialization
from django.db import connection, transaction
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader

from core.modules.services import is_enabled
from modules.documents.services import ManualSigner, originals
from modules.signatures.models import Origin
from modules.signatures.services import certificates, configured, records, settings, signing, timestamps
from modules.signatures.services.errors import SignaturesCode, SignaturesError
from modules.signatures.services.keys import Pkcs12Key, load_pkcs12

PDF = "application/pdf"
MODULE = "signatures"
log = logging.getLogger(__name__)


def _keys_configured() -> bool:
    return bool(settings.keys_dir() or settings.remote_service() or settings.pkcs11_library())


def _applies() -> bool:
    unit = getattr(connection, "tenant", None)
    return unit is not None and is_enabled(unit, MODULE) and _keys_configured()


def _signed_by_signer(pdf: bytes) -> bool:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return any(s.field_name == signing.SIGNER_FIELD for s in reader.embedded_signatures)


def _key(load, who: str):
    """The key, or a refusal saying whose key is missing (the action is rolled back: nothing changes)."""
    try:
        return load()
    except SignaturesError as exc:
        if exc.code != SignaturesCode.KEY_UNAVAILABLE:
            raise
        raise SignaturesError(SignaturesCode.KEY_UNAVAILABLE, _(
            "Không ký số được văn bản: chưa có khóa ký số của %(who)s tại đơn vị %(unit)s. Hãy đề nghị phòng CNTT "
            "cấp khóa; văn bản chưa bị thay đổi.") % {"who": who, "unit": connection.tenant.code},
            field="key") from exc


class DigitalSigner(ManualSigner):
    def sign(self, document, *, actor, at: datetime) -> dict:
        draft = originals.final_draft(document) if _applies() else None
        if draft is None or draft.content_type != PDF:
            return super().sign(document, actor=actor, at=at)
        unit = connection.tenant
        name = document.signer_name or records.display_name(actor)
        key = _key(lambda: configured.person_key(unit.code, actor.get_username()), name)
        # The number and date are given at issue, after this signature: fields it leaves fillable carry them.
        signed = signing.sign_pdf(draft.content, signer=signing.Party(name, key), agency=None,
                                  timestamper=timestamps.timestamper(), at=at, issue_fields=True)
        kept = originals.keep_signed(document, signed, actor=actor, at=at,
                                     note=_("Bản đã ký số của người có thẩm quyền ký"))
        return {"method": "digital", "signer": name, "version": kept.version, "sha256": kept.sha256}

    def seal(self, document, *, actor, at: datetime) -> dict:
        draft = originals.final_draft(document) if _applies() else None
        if draft is None or draft.content_type != PDF or not _signed_by_signer(draft.content):
            return super().seal(document, actor=actor, at=at)
        unit = connection.tenant
        key = _key(lambda: configured.agency_key(unit.code), unit.name)
        sealed = signing.seal_pdf(draft.content, agency=signing.Party(unit.name, key),
                                  timestamper=timestamps.timestamper(), at=at, number=document.number_symbol,
                                  issued_on=document.issued_on)
        kept = originals.keep_signed(document, sealed, actor=actor, at=at, note=_("Bản đã đóng dấu số của cơ quan"))
        # Verified once as it leaves: the result is kept with the file (signatures' SignedPdf and Verification).
        record = records.keep(sealed, f"{document.number_symbol.replace('/', '-')}.pdf", Origin.SIGNED, at, actor)
        verification = records.verify_record(record, at)
        return {"method": "digital", "version": kept.version, "sha256": kept.sha256, "signed_pdf": record.pk,
                "verification": verification.status}


    def envelope_key(self) -> tuple[bytes, bytes] | None:
        """The seal's key and certificate chain (PEM) for the XML signature of outgoing envelopes, when the key is a
        PKCS#12 file; a PKCS#11 token or a remote service signs digests only through pyHanko's signers, not
        signxml's XML signing, so the envelope then goes unsigned (and the log says so)."""
        if not _applies():
            return None
        unit = connection.tenant
        try:
            key = configured.agency_key(unit.code)
        except SignaturesError as exc:
            log.warning("edXML envelope of %s not XML-signed: %s", unit.code, exc)
            return None
        if not isinstance(key, Pkcs12Key):
            log.info("edXML envelope of %s not XML-signed: the seal's key (%s) signs digests only",
                     unit.code, type(key).__name__)
            return None
        loaded = load_pkcs12(key.path, key.passphrase)
        chain = b"".join(pem.armor("CERTIFICATE", c.dump()) for c in (loaded.certificate, *loaded.chain))
        return loaded.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()), chain

    def certificate_trust(self, chain: list[str]) -> dict | None:
        """An arriving envelope's signing certificate against the configured trust roots, where this unit has
        signatures on (None elsewhere: integrity only, as before)."""
        unit = getattr(connection, "tenant", None)
        if unit is None or not is_enabled(unit, MODULE):
            return None
        return certificates.certificate_trust(chain)


def check_received(document_id: int, at: datetime) -> list[dict]:
    """Each PDF of a document another unit sent, kept and verified (`records.receive`); a failing file is flagged,
    never refused: the arrival stands and its history says what was found."""
    results = []
    for file in originals.files_of(document_id):
        if file.content_type != PDF:
            continue
        try:
            with transaction.atomic():
                record = records.receive(file.content, file.name, at=at)
            verification = records.latest_verification(record)
            status = verification.status if verification else "unsigned"
            results.append({"name": file.name, "sha256": file.sha256, "signed_pdf": record.pk, "status": status,
                            "flagged": status != "valid"})
        except SignaturesError as exc:
            results.append({"name": file.name, "sha256": file.sha256, "signed_pdf": None, "status": exc.code,
                            "flagged": True, "message": str(exc)})
    if results:
        originals.note_signature_check(document_id, results, at=at)
    return results
