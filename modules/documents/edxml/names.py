"""Names and codes of QCVN 102:2016/BTTTT (edXML 2.0) as amended by Amendment 1:2022.

Element names are those of the standard's schema as agencies' software writes them (with the standard's own
spellings: Bussiness, TyperNotation). Sources read: the standard's structure as implemented in public edXML SDK
examples (root <edXML>, edXMLEnvelope > edXMLHeader > MessageHeader / TraceHeaderList / DigitalSignature,
edXMLBody > edXMLManifest > Reference, and AttachmentEncoded > Attachment outside the envelope; the status message
<Status> with ResponseFor, From, StatusCode, Description, Timestamp, StaffInfo).
"""

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XLINK = "http://www.w3.org/1999/xlink"
XMLDSIG = "http://www.w3.org/2000/09/xmldsig#"
SOAP_ACTOR = "http://schemas.xmlsoap.org/soap/actor/next"

# TraceHeaderList/Bussiness/BussinessDocType
NEW, REVOKE, UPDATE, REPLACE = 0, 1, 2, 3
BUSINESS_TYPES = (NEW, REVOKE, UPDATE, REPLACE)

# Status/StatusCode (Amendment 1:2022)
ARRIVED, REFUSED, REGISTERED, ASSIGNED, IN_PROGRESS, DONE = "01", "02", "03", "04", "05", "06"
TAKE_BACK, TAKE_BACK_ACCEPTED, TAKE_BACK_REFUSED = "13", "15", "16"
STATUS_CODES = (ARRIVED, REFUSED, REGISTERED, ASSIGNED, IN_PROGRESS, DONE, TAKE_BACK, TAKE_BACK_ACCEPTED,
                TAKE_BACK_REFUSED)

# MessageHeader/OtherInfo/Priority: 0 ordinary, 1 urgent, 2 very urgent, 3 flash, 4 flash with a set time
PRIORITIES = (0, 1, 2, 3, 4)
