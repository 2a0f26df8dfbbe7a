"""The case-files module's public surface: the file plan, one function per action on a file (open, add or remove a
document, close), the transfer to the current archive with its archive numbers and list, the deadline notices."""

from modules.casefiles.services.archive import transfer
from modules.casefiles.services.dates import retention_ends_on, transfer_due_on
from modules.casefiles.services.deadlines import notify_deadlines, record_notices
from modules.casefiles.services.errors import CasefilesCode, CasefilesError
from modules.casefiles.services.files import add_document, close_file, open_file, remove_document
from modules.casefiles.services.handover import handover_list, handover_pdf, handover_xlsx
from modules.casefiles.services.plan import add_plan_entry, plan_of
from modules.casefiles.services.reads import files, get_file, notices, transfers
from modules.casefiles.services.transfer_list import transfer_list, transfer_pdf, transfer_xlsx

__all__ = ["CasefilesCode", "CasefilesError", "add_document", "add_plan_entry", "close_file", "files", "get_file",
           "handover_list", "handover_pdf", "handover_xlsx", "notices", "notify_deadlines", "open_file", "plan_of",
           "record_notices", "remove_document", "retention_ends_on", "transfer", "transfer_due_on", "transfer_list",
           "transfer_pdf", "transfer_xlsx", "transfers"]
