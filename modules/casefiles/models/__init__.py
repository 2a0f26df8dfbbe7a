from modules.casefiles.models.archive import ArchiveCounter, CaseFileEvent, Transfer, TransferNotice
from modules.casefiles.models.casefile import CaseFile, CaseFileDocument, FileStatus
from modules.casefiles.models.plan import FilePlanEntry

__all__ = ["ArchiveCounter", "CaseFile", "CaseFileDocument", "CaseFileEvent", "FilePlanEntry", "FileStatus",
           "Transfer", "TransferNotice"]
