"""The documents mutations of the unit endpoint: one file per mutation or small group."""

import graphene

from modules.documents.api.exchange import ExchangeMutation
from modules.documents.api.mutations.create import CreateOutgoingDocument
from modules.documents.api.mutations.drafting import DraftDocumentStep
from modules.documents.api.mutations.issue import IssueDocument
from modules.documents.api.mutations.register import RegisterIncomingDocument
from modules.documents.api.mutations.routing import (
    CompleteDocument,
    DirectDocument,
    PresentDocument,
    ReportOnDocument,
    ShareDocument,
)


class Mutation(ExchangeMutation, graphene.ObjectType):
    documents_register_incoming = RegisterIncomingDocument.Field()
    documents_present = PresentDocument.Field()
    documents_direct = DirectDocument.Field()
    documents_report = ReportOnDocument.Field()
    documents_complete = CompleteDocument.Field()
    documents_share = ShareDocument.Field()
    documents_create_outgoing = CreateOutgoingDocument.Field()
    documents_draft_step = DraftDocumentStep.Field()
    documents_issue = IssueDocument.Field()
