"""What callers hand the actions: plain data, validated by the actions (the API, admin and commands build these)."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class FileInput:
    name: str
    content: bytes
    content_type: str  # declared by the sender; must be what the bytes are


@dataclass(frozen=True)
class Metadata:
    """The metadata of Decree 30 Appendix VI that people enter; numbers of outgoing documents are the system's."""

    type_code: str
    subject: str
    summary: str = ""
    number: int | None = None          # incoming: the issuer's number
    symbol: str = ""                   # "QĐ-UBND"
    issuer_name: str = ""
    issuer_code: str = ""
    place: str = ""
    issued_on: date | None = None      # incoming: the issuer's date
    signer_name: str = ""
    signer_position: str = ""
    authority_prefix: str = ""
    recipients: str = ""
    page_count: int | None = None
    language: str = "vi"
    urgency: str = ""
    confidentiality: str = ""
    is_copy: bool = False
    due_on: date | None = None


@dataclass(frozen=True)
class AssignmentInput:
    role: str                          # lead, support, info
    person_id: int | None = None
    department: str = ""
    days: int | None = None            # working days from the directive (core.calendar)


@dataclass(frozen=True)
class RecipientInput:
    name: str
    unit_code: str = ""                # a unit of this installation: delivered as incoming there at once
    organ_id: str = ""                 # an agency outside (Decision 20/2020 code): sent through the document axis


@dataclass(frozen=True)
class ReportInput:
    body: str
    final: bool = False
    files: tuple[FileInput, ...] = field(default_factory=tuple)
