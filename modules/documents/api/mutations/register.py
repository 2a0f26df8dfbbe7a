"""The clerk registers an incoming document (Decree 30, Art. 21)."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.documents.api import inputs
from modules.documents.api.inputs import DocumentFileInput, DocumentMetadataInput
from modules.documents.api.types import DocumentType
from modules.documents.services import actions


class RegisterIncomingDocument(BaseMutation):
    """Vào sổ văn bản đến trong ngày: số đến kế tiếp của năm; trùng số, ký hiệu, cơ quan thì được đánh dấu. /
    Register an incoming document the day it arrives."""

    class Arguments:
        metadata = DocumentMetadataInput(required=True)
        files = graphene.List(graphene.NonNull(DocumentFileInput))

    document = graphene.Field(DocumentType)

    @classmethod
    def clean_input(cls, info, metadata, files=None):
        return {"meta": inputs.metadata(metadata), "attached": inputs.files(files)}

    @classmethod
    def perform(cls, info, meta, attached):
        return cls(document=actions.register_incoming(meta, actor=info.context.user, files=attached))
