"""A document as an edXML envelope, and an envelope as the metadata and files of an incoming document.

The metadata of Decree 30/2020 Appendix VI map onto QCVN 102:2016's MessageHeader: number and symbol to Code,
place and date to PromulgationInfo, the type to DocumentType (its name, and our stable code in TypeDetail so that a
unit of the installation gets the very type back), summary to Content, signing authority to SignerInfo, urgency to
OtherInfo/Priority, page count to OtherInfo/PageAmount, the recipients' names to ToPlaces. A revocation, replacement
or correction (documents' `relation`) is BussinessDocType 1, 3 or 2 naming the original's DocumentId."""

from datetime import datetime

from django.db import connection
from django.utils.translation import gettext as _

from modules.doctypes.services import DoctypeError, get_type, types_in_force
from modules.documents.edxml import Attachment, Business, EdxmlError, Envelope, Party, Trace
from modules.documents.edxml.model import document_id
from modules.documents.edxml.names import NEW, REPLACE, REVOKE, UPDATE
from modules.documents.models import Document, Relation
from modules.documents.models.document import AuthorityPrefix
from modules.documents.services.inputs import FileInput, Metadata

PRIORITY = {"": 0, "khan": 1, "thuong_khan": 2, "hoa_toc": 3}
URGENCY = {0: "", 1: "khan", 2: "thuong_khan", 3: "hoa_toc", 4: "hoa_toc"}
BUSINESS = {Relation.REVOKES: REVOKE, Relation.CORRECTS: UPDATE, Relation.REPLACES: REPLACE}
RELATION = {REVOKE: Relation.REVOKES, UPDATE: Relation.CORRECTS, REPLACE: Relation.REPLACES}
FALLBACK_TYPE = "cong_van"


def organ_id_of(unit) -> str:
    """A unit's code in exchanges: its OrganId (Decision 20/2020/QĐ-TTg) when recorded, otherwise its unit code."""
    return unit.organ_id or unit.code


def here() -> Party:
    unit = connection.tenant
    return Party(organ_id_of(unit), unit.name)


def identifier(document: Document, organ_id: str | None = None) -> str:
    """The DocumentId of an issued document of this unit: "OrganId,YYYY/MM/DD,Number/Notation"."""
    return document_id(organ_id or here().organ_id, document.issued_on, document.number_symbol)


def envelope_of(document: Document, recipients: list[Party], at: datetime, with_files: bool = True) -> Envelope:
    """The envelope of an issued document of this unit, addressed to `recipients`."""
    try:
        normative = get_type(document.type_code, document.issued_on).kind == "normative"
    except DoctypeError:
        normative = False
    business = Business(NEW)
    original = document.related_to if document.related_to_id else None
    if original is not None and document.relation in BUSINESS:
        original_id = identifier(original)
        business = Business(BUSINESS[document.relation], document.get_relation_display(), original_id,
                            replaced=(original_id,) if document.relation == Relation.REPLACES else ())
    files = [Attachment(a.name, a.blob.content_type, data=bytes(a.blob.content))
             for a in document.attachments.select_related("blob").order_by("id")] if with_files else []
    sender = here()
    return Envelope(
        sender=sender, recipients=recipients, code_number=document.number_text, code_notation=document.symbol,
        promulgation_date=document.issued_on, place=document.place, subject=document.subject,
        type=2 if normative else 1, type_name=document.type_name, type_detail=document.type_code,
        content=document.summary, signer_competence=document.authority_prefix,
        signer_position=document.signer_position, signer_name=document.signer_name, due_date=document.due_on,
        to_places=[d.recipient_name for d in document.distributions.all()] or [r.name for r in recipients],
        priority=PRIORITY.get(document.urgency, 0), page_amount=document.page_count,
        document_id=identifier(document, sender.organ_id), business=business,
        traces=[Trace(sender.organ_id, at)], attachments=files)


def _type_code(envelope: Envelope, on) -> str:
    if envelope.type_detail:
        try:
            return get_type(envelope.type_detail, on).code
        except DoctypeError:
            pass
    wanted = envelope.type_name.strip().casefold()
    for info in types_in_force(on):
        if info.name.casefold() == wanted:
            return info.code
    return FALLBACK_TYPE


def metadata_of(envelope: Envelope, issuer_code: str) -> Metadata:
    """The incoming document's metadata; EdxmlError when a required one cannot be read (the number)."""
    try:
        number = int(envelope.code_number)
    except ValueError:
        raise EdxmlError("CodeNumber", _("%(element)s: giá trị “%(value)s” không hợp lệ.") % {
            "element": "CodeNumber", "value": envelope.code_number[:40]}) from None
    competence = envelope.signer_competence if envelope.signer_competence in AuthorityPrefix.values else ""
    return Metadata(
        type_code=_type_code(envelope, envelope.promulgation_date), subject=envelope.subject,
        summary=envelope.content, number=number, symbol=envelope.code_notation,
        issuer_name=envelope.sender.name or envelope.sender.organ_id, issuer_code=issuer_code,
        place=envelope.place, issued_on=envelope.promulgation_date, signer_name=envelope.signer_name,
        signer_position=envelope.signer_position, authority_prefix=competence,
        recipients="; ".join(envelope.to_places), page_count=envelope.page_amount,
        urgency=URGENCY.get(envelope.priority, ""), due_on=envelope.due_date)


def files_of(envelope: Envelope) -> tuple[FileInput, ...]:
    """The files to register: an attachment that wraps other envelopes (a zip, often named .doc) gives theirs."""
    found = []
    for attachment in envelope.attachments:
        if attachment.nested:
            for inner in attachment.nested:
                found.extend(files_of(inner))
        else:
            found.append(FileInput(attachment.name, attachment.read(), ""))  # the type is sniffed from the bytes
    return tuple(found)
