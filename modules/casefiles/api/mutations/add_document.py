"""Put a document of the unit in an open case file."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.casefiles.api.inputs import file_id, parse_document_id
from modules.casefiles.api.types import CaseFileType
from modules.casefiles.services import add_document


class AddDocumentToCaseFile(BaseMutation):
    """Đưa văn bản vào hồ sơ đang lập. / Put a document in an open file."""

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
        row = add_document(file, document, actor=info.context.user)
        return cls(case_file=row.case_file)

