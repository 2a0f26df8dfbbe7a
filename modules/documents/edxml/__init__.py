"""edXML: the envelope and the status message of document exchange between agencies (QCVN 102:2016/BTTTT as amended
by Amendment 1:2022, Circular 01/2022/TT-BTTTT). Pure format: no database; the documents services turn envelopes
into incoming documents and documents into envelopes.

    envelope = Envelope(...)                      # model.py
    data = build(envelope)                        # build.py: bytes (or write_envelope(envelope, file))
    parsed = parse(source)                        # parse.py: streamed, attachments decoded to files
    status = Status(...); build_status(status)    # status.py; parse() recognises a status message too
    sign(data, key, cert) / verify(data, cert)    # signature.py: XML signature (signxml)

Refusals are EdxmlError naming the element concerned.
"""

from modules.documents.edxml.build import build, write_envelope  # noqa: F401
from modules.documents.edxml.errors import EdxmlError  # noqa: F401
from modules.documents.edxml.model import (  # noqa: F401
    Attachment,
    Business,
    Envelope,
    Party,
    ResponseFor,
    Status,
    Trace,
)
from modules.documents.edxml.parse import Parsed, parse  # noqa: F401
from modules.documents.edxml.status import build_status  # noqa: F401
