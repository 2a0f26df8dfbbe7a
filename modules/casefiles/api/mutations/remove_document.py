"""Take a document out of an open case file."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.casefiles.api.inputs import file_id, parse_document_id
from modules.casefiles.api.types import CaseFileType
from modules.casefiles.services import remove_document


class RemoveDocumentFromCaseFile(BaseMutation):
    """Rút văn bản khỏi hồ sơ đang lập. / Take a document out of an open file."""

    permissions = ("casefiles.change_casefile",)

    class Arguments:
        id = graphene.ID(required=True)
        document_id = graphene.ID(required=True)

    case_file = graphene.Field(CaseFileType)

    @classmethod
    def clean_input(cls, info, id, document_id):
        return {"file": file_id(id), "document": parse_document_id(document_id)}

    @classmethod
    def perform(cls, info, file, document):
        return cls(case_file=remove_document(file, document, actor=info.context.user))

