"""Writing an envelope: the header as a small tree, the attachments streamed in base64 from their files (lxml's
incremental writer), so a large envelope is never all in memory."""

import base64
import io
import uuid
from typing import BinaryIO

from lxml import etree

from modules.documents.edxml.dates import format_date, format_timestamp
from modules.documents.edxml.model import Envelope, Party
from modules.documents.edxml.names import NS, SOAP_ACTOR, XLINK

_CHUNK = 3 * 256 * 1024  # bytes per base64 block: a multiple of 3, so the blocks join without padding


def E(parent, name: str, text=None, **attrs):
    """A child in the edXML namespace, with its text when given (None and "" write an empty element)."""
    element = etree.SubElement(parent, f"{{{NS}}}{name}", attrs)
    if text is not None and text != "":
        element.text = str(text)
    return element


def party(parent, name: str, p: Party) -> None:
    node = E(parent, name)
    E(node, "OrganId", p.organ_id)
    for tag, value in (("OrganizationInCharge", p.in_charge), ("OrganName", p.name), ("OrganAdd", p.address),
                       ("Email", p.email), ("Telephone", p.telephone), ("Fax", p.fax), ("Website", p.website)):
        if value:
            E(node, tag, value)


def _message_header(parent, env: Envelope) -> None:
    h = E(parent, "MessageHeader")
    party(h, "From", env.sender)
    for recipient in env.recipients:
        party(h, "To", recipient)
    for answer in env.response_for:
        r = E(h, "ResponseFor")
        E(r, "OrganId", answer.organ_id)
        E(r, "Code", answer.code)
        if answer.promulgation_date:
            E(r, "PromulgationDate", format_date(answer.promulgation_date))
        E(r, "DocumentId", answer.document_id)
    code = E(h, "Code")
    E(code, "CodeNumber", env.code_number)
    E(code, "CodeNotation", env.code_notation)
    info = E(h, "PromulgationInfo")
    E(info, "Place", env.place)
    E(info, "PromulgationDate", format_date(env.promulgation_date))
    kind = E(h, "DocumentType")
    E(kind, "Type", env.type)
    E(kind, "TypeName", env.type_name)
    if env.type_detail:
        E(kind, "TypeDetail", env.type_detail)
    E(h, "Subject", env.subject)
    E(h, "Content", env.content)
    signer = E(h, "SignerInfo")
    E(signer, "Competence", env.signer_competence)
    E(signer, "Position", env.signer_position)
    E(signer, "FullName", env.signer_name)
    if env.due_date:
        E(h, "DueDate", format_date(env.due_date))
    places = E(h, "ToPlaces")
    for place in env.to_places:
        E(places, "Place", place)
    other = E(h, "OtherInfo")
    E(other, "Priority", env.priority)
    for tag, value in (("SphereOfPromulgation", env.sphere), ("TyperNotation", env.typer_notation),
                       ("PromulgationAmount", env.promulgation_amount), ("PageAmount", env.page_amount)):
        if value not in (None, ""):
            E(other, tag, value)
    if env.appendixes:
        appendixes = E(other, "Appendixes")
        for appendix in env.appendixes:
            E(appendixes, "Appendix", appendix)
    E(h, "SteeringType", env.steering_type)
    E(h, "DocumentId", env.document_id)


def _trace_header_list(parent, env: Envelope) -> None:
    t = E(parent, "TraceHeaderList", id=uuid.uuid4().hex[:8], version="1.0", mustUnderstand="1", actor=SOAP_ACTOR)
    for trace in env.traces:
        node = E(t, "TraceHeader")
        E(node, "OrganId", trace.organ_id)
        E(node, "Timestamp", format_timestamp(trace.timestamp))
    b, business = E(t, "Bussiness"), env.business
    E(b, "BussinessDocType", business.doc_type)
    E(b, "BussinessDocReason", business.reason)
    if business.document_id:
        E(b, "DocumentId", business.document_id)
    if business.replaced:
        replacements = E(b, "ReplacementInfoList")
        for replaced in business.replaced:
            E(E(replacements, "ReplacementInfo"), "DocumentId", replaced)
    staff = E(b, "StaffInfo")
    for tag, value in (("Department", business.department), ("Staff", business.staff), ("Mobile", business.mobile),
                       ("Email", business.email)):
        E(staff, tag, value)
    E(b, "Paper", business.paper)


def _envelope(env: Envelope) -> etree._Element:
    root = etree.Element(f"{{{NS}}}edXMLEnvelope", nsmap={"edXML": NS})
    header = E(root, "edXMLHeader")
    _message_header(header, env)
    _trace_header_list(header, env)
    manifest = E(E(root, "edXMLBody"), "edXMLManifest", version="1.0")
    for attachment in env.attachments:
        ref = etree.SubElement(manifest, f"{{{NS}}}Reference", nsmap={"xlink": XLINK})
        ref.set(f"{{{XLINK}}}href", f"cid:{attachment.content_id}")
        ref.set(f"{{{XLINK}}}type", "simple")
        E(ref, "Description", attachment.description)
        E(ref, "AttachmentName", attachment.name)
        E(ref, "ContentType", attachment.content_type)
        E(ref, "ContentId", f"cid:{attachment.content_id}")
    return root


def write_envelope(env: Envelope, out: BinaryIO) -> None:
    """The envelope to a binary file: <edXML> holding edXMLEnvelope and AttachmentEncoded (base64 streamed)."""
    for attachment in env.attachments:
        attachment.content_id = attachment.content_id or uuid.uuid4().hex
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{NS}}}edXML", nsmap={None: NS}):
            xf.write(_envelope(env))
            if env.attachments:
                with xf.element(f"{{{NS}}}AttachmentEncoded"):
                    for attachment in env.attachments:
                        with xf.element(f"{{{NS}}}Attachment"):
                            for tag, value in (("ContentType", attachment.content_type),
                                               ("ContentId", attachment.content_id),
                                               ("Description", attachment.description),
                                               ("AttachmentName", attachment.name)):
                                with xf.element(f"{{{NS}}}{tag}"):
                                    xf.write(value or "")
                            with xf.element(f"{{{NS}}}ContentTransferEncoded"):
                                for block in attachment.chunks(_CHUNK):
                                    xf.write(base64.b64encode(block).decode("ascii"))


def build(env: Envelope) -> bytes:
    out = io.BytesIO()
    write_envelope(env, out)
    return out.getvalue()
