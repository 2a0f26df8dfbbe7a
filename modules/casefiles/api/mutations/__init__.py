"""The case-file mutations of the unit endpoint: one file per mutation."""

import graphene

from modules.casefiles.api.mutations.add_document import AddDocumentToCaseFile
from modules.casefiles.api.mutations.add_plan_entry import AddFilePlanEntry
from modules.casefiles.api.mutations.close_file import CloseCaseFile
from modules.casefiles.api.mutations.open_file import OpenCaseFile
from modules.casefiles.api.mutations.remove_document import RemoveDocumentFromCaseFile
from modules.casefiles.api.mutations.transfer import TransferCaseFiles


class Mutation(graphene.ObjectType):
    casefiles_add_plan_entry = AddFilePlanEntry.Field()
    casefiles_open = OpenCaseFile.Field()
    casefiles_add_document = AddDocumentToCaseFile.Field()
    casefiles_remove_document = RemoveDocumentFromCaseFile.Field()
    casefiles_close = CloseCaseFile.Field()
    casefiles_transfer = TransferCaseFiles.Field()
