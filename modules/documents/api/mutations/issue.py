"""Number and issue a signed document the same day, and send it to its recipients."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.documents.api import inputs
from modules.documents.api.inputs import DocumentRecipientInput, document_id
from modules.documents.api.types import DocumentType
from modules.documents.services import actions


class IssueDocument(BaseMutation):
    """Cấp số, ban hành trong ngày và gửi: đơn vị trong hệ thống nhận ngay là văn bản đến; nơi ngoài hệ thống được
    ghi lại. / Number, issue and send a signed document."""

    class Arguments:
        id = graphene.ID(required=True)
        recipients = graphene.List(graphene.NonNull(DocumentRecipientInput))
        place = graphene.String(default_value="")

    document = graphene.Field(DocumentType)

    @classmethod
    def perform(cls, info, id, recipients=None, place=""):
        return cls(document=actions.issue(document_id(id), actor=info.context.user,
                                          recipients=inputs.recipients(recipients), place=place))
