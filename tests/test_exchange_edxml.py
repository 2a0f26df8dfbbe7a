"""edXML (QCVN 102:2016/BTTTT, Amendment 1:2022): an envelope built, parsed back and equal; envelopes as agencies
really send them accepted (elements in another order, a Signature without the xmldsig namespace, dd/mm/yyyy dates,
an envelope zipped inside a file labelled .doc); broken ones refused naming the element; status messages; the XML
signature. Pure format: no database."""

import base64
from datetime import datetime

import pytest
from cryptography import x509
from exchange_support import HN, PDF, envelope, make_certificate, zipped
from lxml import etree

from modules.documents.edxml import Business, EdxmlError, Party, ResponseFor, Status, build, build_status, parse
from modules.documents.edxml import names as N
from modules.documents.edxml.signature import sign, verify


def test_an_envelope_built_and_parsed_back_is_equal():
    sent = envelope(files=(("quyet-dinh.pdf", PDF), ("phu-luc.pdf", PDF + b"%phu luc")),
                    business=Business(N.REPLACE, "Thay thế Quyết định 10", "000.00.00.H42,2026/11/01,10/QĐ-UBND",
                                      replaced=("000.00.00.H42,2026/11/01,10/QĐ-UBND",), paper=1, staff="Lê Văn A"))
    data = build(sent)
    with parse(data) as parsed:
        assert parsed.status is None and parsed.signature == "none"
        assert parsed.envelope == sent
        got = parsed.envelope
        assert got.document_id == "000.00.00.H42,2026/11/18,12/QĐ-UBND"  # "OrganId,YYYY/MM/DD,Number/Notation"
        assert [a.read() for a in got.attachments] == [PDF, PDF + b"%phu luc"]
        assert got.business.doc_type == N.REPLACE and got.business.replaced == sent.business.replaced
    # The standard's structure: edXMLEnvelope's header and manifest, the base64 outside it.
    root = etree.fromstring(data)
    ns = {"e": N.NS}
    assert root.xpath("/e:edXML/e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader/e:From/e:OrganId/text()",
                      namespaces=ns) == ["000.00.00.H42"]
    assert root.xpath("//e:TraceHeaderList/e:Bussiness/e:BussinessDocType/text()", namespaces=ns) == ["3"]
    assert root.xpath("//e:PromulgationInfo/e:PromulgationDate/text()", namespaces=ns) == ["2026/11/18"]
    assert len(root.xpath("/e:edXML/e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest/e:Reference", namespaces=ns)) == 2
    encoded = root.xpath("/e:edXML/e:AttachmentEncoded/e:Attachment/e:ContentTransferEncoded/text()", namespaces=ns)
    assert base64.b64decode(encoded[0]) == PDF


def test_a_status_message_built_and_parsed_back_is_equal():
    sent = Status(ResponseFor("000.00.00.H42", "12/QĐ-UBND", None, "000.00.00.H42,2026/11/18,12/QĐ-UBND"),
                  Party("000.00.31.H42", "Sở Nội vụ"), N.ASSIGNED, datetime(2026, 11, 20, 8, 15, tzinfo=HN),
                  "Đã phân công", department="Phòng Tổ chức", staff="Trần Thị B")
    with parse(build_status(sent)) as parsed:
        assert parsed.envelope is None and parsed.status == sent


# What agencies really send: the SOAP-era layout, elements in their own order, no edXML prefix on some, the
# Signature without its namespace, dates as dd/mm/yyyy and timestamps with them.
MESSY = """<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:edXML="http://schemas.xmlsoap.org/soap/envelope/">
 <SOAP-ENV:Header>
  <edXML:MessageHeader>
   <edXML:Subject>  Về việc báo cáo số liệu  </edXML:Subject>
   <edXML:DocumentId>000.00.00.G22,2014/02/28,3/BC-UBND</edXML:DocumentId>
   <edXML:To><edXML:OrganId>000.00.31.H42</edXML:OrganId></edXML:To>
   <edXML:Code><edXML:CodeNotation>BC-UBND</edXML:CodeNotation><edXML:CodeNumber>3</edXML:CodeNumber></edXML:Code>
   <edXML:From><edXML:OrganName>UBND huyện X</edXML:OrganName><edXML:OrganId>000.00.00.G22</edXML:OrganId></edXML:From>
   <edXML:PromulgationInfo><edXML:PromulgationDate>28/02/2014</edXML:PromulgationDate></edXML:PromulgationInfo>
   <edXML:OtherInfo><edXML:PageAmount>1</edXML:PageAmount><edXML:Priority>0</edXML:Priority></edXML:OtherInfo>
   <edXML:UnknownExtension>kept out</edXML:UnknownExtension>
  </edXML:MessageHeader>
  <edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>000.00.00.G22</edXML:OrganId>
   <edXML:Timestamp>28/02/2014 16:05:09</edXML:Timestamp></edXML:TraceHeader></edXML:TraceHeaderList>
  <Signature><SignedInfo/><SignatureValue>AAAA</SignatureValue></Signature>
 </SOAP-ENV:Header>
 <SOAP-ENV:Body>
  <edXML:Manifest><edXML:Reference><edXML:ContentId>cid:f1</edXML:ContentId></edXML:Reference></edXML:Manifest>
  <Attachment><ContentId>f1</ContentId><AttachmentName>bao-cao.pdf</AttachmentName>
   <ContentTransferEncoded>
   {pdf}
   </ContentTransferEncoded></Attachment>
 </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"""


def _messy() -> bytes:
    return MESSY.replace("{pdf}", base64.encodebytes(PDF).decode()).encode()


def test_what_agencies_really_send_is_accepted():
    with parse(_messy()) as parsed:
        env = parsed.envelope
        assert parsed.signature == "unqualified"  # a Signature without the xmldsig namespace: noted, not refused
        assert (env.sender.organ_id, env.code, env.subject) == ("000.00.00.G22", "3/BC-UBND", "Về việc báo cáo số liệu")
        assert env.promulgation_date.isoformat() == "2014-02-28"  # dd/mm/yyyy
        assert env.traces[0].timestamp == datetime(2014, 2, 28, 16, 5, 9, tzinfo=HN)
        assert [(a.name, a.read()) for a in env.attachments] == [("bao-cao.pdf", PDF)]  # base64 with line breaks


@pytest.mark.parametrize(("change", "element"), [
    ({"28/02/2014</edXML:PromulgationDate>": "30/02/2014</edXML:PromulgationDate>"}, "PromulgationDate"),
    ({"28/02/2014</edXML:PromulgationDate>": "2014/02/30</edXML:PromulgationDate>"}, "PromulgationDate"),
    ({"28/02/2014 16:05:09": "28/02/2014 25:05:09"}, "Timestamp"),
    ({"<edXML:Subject>": "<dsx:Subject>", "</edXML:Subject>": "</dsx:Subject>"}, "Subject"),  # undeclared prefix
    ({"</edXML:MessageHeader>": ""}, "MessageHeader"),  # not XML: an element never closed
    ({"<ContentTransferEncoded>": "<ContentTransferEncoded>%%%"}, "ContentTransferEncoded"),
    ({"<ContentTransferEncoded>": "<ContentTransferEncoded>QQ==QUFB"}, "ContentTransferEncoded"),
    ({"<edXML:Priority>0<": "<edXML:Priority>7<"}, "Priority"),
    ({"<edXML:To><edXML:OrganId>000.00.31.H42</edXML:OrganId></edXML:To>": ""}, "To"),
    ({"<edXML:CodeNumber>3</edXML:CodeNumber>": "", "<edXML:CodeNotation>BC-UBND</edXML:CodeNotation>": ""}, "Code"),
    ({"<ContentId>f1</ContentId>": "<ContentId>f2</ContentId>"}, "Reference"),  # declared, never sent
])
def test_broken_envelopes_are_refused_naming_the_element(change, element):
    data = _messy()
    for old, new in change.items():
        assert old.encode() in data
        data = data.replace(old.encode(), new.encode(), 1)
    with pytest.raises(EdxmlError) as refused:
        parse(data)
    assert refused.value.element.endswith(element), (refused.value.element, str(refused.value))
    assert str(refused.value)


def test_a_doctype_is_refused():
    with pytest.raises(EdxmlError) as refused:
        parse(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><edXML>&a;</edXML>')
    assert refused.value.element in ("DOCTYPE", "edXML")


def test_an_envelope_zipped_in_a_file_labelled_doc_is_opened():
    inner = build(envelope(files=(("ban-goc.pdf", PDF),)))
    outer = envelope(files=())
    from modules.documents.edxml import Attachment

    outer.attachments = [Attachment("van-ban.doc", "application/msword", data=zipped({"edxml.xml": inner}))]
    with parse(build(outer)) as parsed:
        wrapper = parsed.envelope.attachments[0]
        assert [e.code for e in wrapper.nested] == ["12/QĐ-UBND"]
        assert wrapper.nested[0].attachments[0].read() == PDF
    docx = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    outer.attachments = [Attachment("that.docx", "application/msword", data=docx)]
    with parse(build(outer)) as parsed:
        assert parsed.envelope.attachments[0].nested == []  # a real Office file is a file


def test_the_xml_signature_is_made_and_checked():
    key, cert = make_certificate()
    signed = sign(build(envelope()), key, cert)
    checked = verify(signed)
    chain = checked.pop("chain")  # the certificate carried, for the trust check
    assert checked == {"signed": True, "valid": True, "subject": "CN=UBND tinh Nghe An", "error": ""}
    assert [x509.load_pem_x509_certificate(c.encode()) for c in chain] == [x509.load_pem_x509_certificate(cert)]
    with parse(signed) as parsed:
        assert parsed.signature == "xmldsig" and parsed.envelope == envelope()
    tampered = signed.replace("Ban Chỉ đạo chuyển đổi số".encode(), "Ban Chỉ đạo khác".encode())
    assert verify(tampered)["valid"] is False
    assert verify(build(envelope()))["signed"] is False
    assert verify(_messy())["signed"] is True and verify(_messy())["valid"] is False  # no namespace: cannot check
