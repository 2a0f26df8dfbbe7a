"""The envelope and the status message as plain data (QCVN 102:2016 element names in the comments)."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from modules.documents.edxml.dates import format_date


@dataclass(frozen=True)
class Party:
    """From / To: the agency's code (Decision 20/2020/QĐ-TTg, OrganId) and its name."""

    organ_id: str
    name: str = ""             # OrganName
    in_charge: str = ""        # OrganizationInCharge
    address: str = ""          # OrganAdd
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass(frozen=True)
class ResponseFor:
    """The document this one answers (MessageHeader/ResponseFor), or a status answers (Status/ResponseFor)."""

    organ_id: str
    code: str = ""
    promulgation_date: date | None = None
    document_id: str = ""


@dataclass(frozen=True)
class Trace:
    """TraceHeaderList/TraceHeader: an agency the envelope passed, and when."""

    organ_id: str
    timestamp: datetime


@dataclass(frozen=True)
class Business:
    """TraceHeaderList/Bussiness: a new document (0), or a revocation (1), update (2) or replacement (3) of the
    document named by `document_id` (for a replacement: ReplacementInfoList, `replaced`)."""

    doc_type: int = 0                  # BussinessDocType
    reason: str = ""                   # BussinessDocReason
    document_id: str = ""              # DocumentId: the document concerned
    replaced: tuple[str, ...] = ()     # ReplacementInfoList/ReplacementInfo/DocumentId
    paper: int = 0                     # Paper: 1 when the paper original follows
    department: str = ""               # StaffInfo/Department
    staff: str = ""                    # StaffInfo/Staff
    email: str = ""
    mobile: str = ""


@dataclass(eq=False)
class Attachment:
    """A file of the envelope: its bytes in memory (`data`) or in a file (`path`, as the parser writes them)."""

    name: str                          # AttachmentName
    content_type: str = "application/octet-stream"
    description: str = ""
    content_id: str = ""               # ContentId, without "cid:"
    data: bytes | None = None
    path: Path | None = None
    nested: list["Envelope"] = field(default_factory=list)  # a zip (often labelled .doc) holding envelopes

    def read(self) -> bytes:
        return self.data if self.data is not None else Path(self.path).read_bytes()

    def chunks(self, size: int = 3 * 1024 * 1024):
        if self.data is not None:
            for start in range(0, len(self.data), size):
                yield self.data[start:start + size]
            return
        with open(self.path, "rb") as f:
            while block := f.read(size):
                yield block

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else Path(self.path).stat().st_size

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for block in self.chunks():
            digest.update(block)
        return digest.hexdigest()

    def __eq__(self, other):
        if not isinstance(other, Attachment):
            return NotImplemented
        return ((self.name, self.content_type, self.description) == (other.name, other.content_type,
                                                                     other.description)
                and self.sha256() == other.sha256())

    __hash__ = None


def document_id(organ_id: str, promulgation_date: date, number_notation: str) -> str:
    """MessageHeader/DocumentId: "OrganId,YYYY/MM/DD,Number/Notation"."""
    return f"{organ_id},{format_date(promulgation_date)},{number_notation}"


@dataclass
class Envelope:
    sender: Party                                       # From
    recipients: list[Party]                             # To (one or more)
    code_number: str                                    # Code/CodeNumber: "12"
    code_notation: str                                  # Code/CodeNotation: "QĐ-UBND"
    promulgation_date: date                             # PromulgationInfo/PromulgationDate
    subject: str                                        # Subject (trích yếu)
    place: str = ""                                     # PromulgationInfo/Place
    type: int = 1                                       # DocumentType/Type: 1 administrative, 2 normative
    type_name: str = ""                                 # DocumentType/TypeName: "Quyết định"
    type_detail: str = ""                               # DocumentType/TypeDetail
    content: str = ""                                   # Content
    signer_competence: str = ""                         # SignerInfo/Competence: "KT.", "TM."...
    signer_position: str = ""                           # SignerInfo/Position
    signer_name: str = ""                               # SignerInfo/FullName
    due_date: date | None = None                        # DueDate
    to_places: list[str] = field(default_factory=list)  # ToPlaces/Place
    priority: int = 0                                   # OtherInfo/Priority
    page_amount: int | None = None                      # OtherInfo/PageAmount
    promulgation_amount: int | None = None              # OtherInfo/PromulgationAmount
    sphere: str = ""                                    # OtherInfo/SphereOfPromulgation
    typer_notation: str = ""                            # OtherInfo/TyperNotation
    appendixes: list[str] = field(default_factory=list)  # OtherInfo/Appendixes/Appendix
    steering_type: int = 0                              # SteeringType: 0 none, 1 directing, 2 reporting...
    document_id: str = ""                               # DocumentId (computed when empty)
    response_for: list[ResponseFor] = field(default_factory=list)
    business: Business = field(default_factory=Business)
    traces: list[Trace] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    def __post_init__(self):
        if not self.document_id:
            self.document_id = document_id(self.sender.organ_id, self.promulgation_date, self.code)

    @property
    def code(self) -> str:
        """"12/QĐ-UBND" (number and notation as on the document)."""
        return "/".join(p for p in (self.code_number, self.code_notation) if p)


@dataclass(frozen=True)
class Status:
    """The status message: the receiver tells the sender where the document is (names.STATUS_CODES)."""

    response_for: ResponseFor          # the document concerned (its sender's OrganId, code, date, DocumentId)
    sender: Party                      # From: the agency whose status it is
    code: str                          # StatusCode
    timestamp: datetime
    description: str = ""
    department: str = ""               # StaffInfo/Department
    staff: str = ""                    # StaffInfo/Staff
    email: str = ""
    mobile: str = ""
