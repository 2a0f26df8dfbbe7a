"""The status message (Amendment 1:2022 codes 01-06, 13, 15, 16): the receiver tells the sender where the document
it sent has got to. The parser (parse.py) reads it back as a Status."""

from lxml import etree

from modules.documents.edxml.build import E, party
from modules.documents.edxml.dates import format_date, format_timestamp
from modules.documents.edxml.model import Status
from modules.documents.edxml.names import NS


def build_status(status: Status) -> bytes:
    root = etree.Element(f"{{{NS}}}edXML", nsmap={None: NS})
    envelope = etree.SubElement(root, f"{{{NS}}}edXMLEnvelope", nsmap={"edXML": NS})
    node = E(E(envelope, "edXMLHeader"), "Status")
    answer = status.response_for
    r = E(node, "ResponseFor")
    E(r, "OrganId", answer.organ_id)
    E(r, "Code", answer.code)
    if answer.promulgation_date:
        E(r, "PromulgationDate", format_date(answer.promulgation_date))
    E(r, "DocumentId", answer.document_id)
    party(node, "From", status.sender)
    E(node, "StatusCode", status.code)
    E(node, "Description", status.description)
    E(node, "Timestamp", format_timestamp(status.timestamp))
    staff = E(node, "StaffInfo")
    for tag, value in (("Department", status.department), ("Staff", status.staff), ("Email", status.email),
                       ("Mobile", status.mobile)):
        E(staff, tag, value)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
