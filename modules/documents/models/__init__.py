from modules.documents.models.blob import Attachment, Blob
from modules.documents.models.departments import Department, DepartmentMember
from modules.documents.models.document import (
    Confidentiality,
    Direction,
    Document,
    Relation,
    Status,
    Urgency,
)
from modules.documents.models.drafting import DraftComment, DraftVersion
from modules.documents.models.events import DocumentEvent
from modules.documents.models.exchange import ExchangeMessage
from modules.documents.models.numbering import Series, SeriesCounter
from modules.documents.models.reminders import Reminder, ReminderKind
from modules.documents.models.routing import Access, Assignment, AssignmentRole, Directive, Distribution, Report
from modules.documents.models.search import BlobText, DocumentSearchIndex

__all__ = [
    "Access", "Assignment", "AssignmentRole", "Attachment", "Blob", "BlobText", "Confidentiality", "Department",
    "DepartmentMember", "Direction", "Directive", "Distribution", "Document", "DocumentEvent", "DocumentSearchIndex",
    "DraftComment", "DraftVersion", "ExchangeMessage",
    "Relation", "Reminder", "ReminderKind", "Report", "Series", "SeriesCounter", "Status", "Urgency",
]
