"""A new outgoing draft, or a revocation, replacement or correction of an issued document."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.documents.api import inputs
from modules.documents.api.enums import DocumentRelationEnum, value_of
from modules.documents.api.inputs import DocumentMetadataInput, _person
from modules.documents.api.types import DocumentType
from modules.documents.services import actions


class CreateOutgoingDocument(BaseMutation):
    """Tạo dự thảo văn bản đi, giao người soạn thảo và người ký. / Create an outgoing draft."""

    class Arguments:
        metadata = DocumentMetadataInput(required=True)
        drafter_id = graphene.ID()
        signing_authority_id = graphene.ID()
        related_to_id = graphene.ID()
        relation = graphene.Argument(DocumentRelationEnum)

    document = graphene.Field(DocumentType)

    @classmethod
    def clean_input(cls, info, metadata, drafter_id=None, signing_authority_id=None, related_to_id=None,
                    relation=None):
        return {"meta": inputs.metadata(metadata), "drafter_id": _person(drafter_id),
                "signing_authority_id": _person(signing_authority_id), "related_to": _person(related_to_id),
                "relation": value_of(relation) or ""}

    @classmethod
    def perform(cls, info, meta, **kwargs):
        return cls(document=actions.create_outgoing(meta, actor=info.context.user, **kwargs))
