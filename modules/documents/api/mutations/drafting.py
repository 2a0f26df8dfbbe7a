"""The steps of an outgoing draft: a new version, a comment, submit, reviews, return, approval, signing."""

import graphene

from core.api.mutations.base import BaseMutation, MutationError
from modules.documents.api.enums import DraftActionEnum, value_of
from modules.documents.api.inputs import DocumentFileInput, document_id, files
from modules.documents.api.types import DocumentType
from modules.documents.services import actions

_STEPS = {"submit": actions.submit, "review_content": actions.review_content, "review_format": actions.review_format,
          "approve": actions.approve, "sign": actions.sign}


class DraftDocumentStep(BaseMutation):
    """Một bước của văn bản đi: thêm phiên bản (version), góp ý (comment), hoặc action (trình, kiểm tra nội dung,
    thể thức, trả lại có lý do, duyệt, ký). / One step of an outgoing draft."""

    class Arguments:
        id = graphene.ID(required=True)
        action = graphene.Argument(DraftActionEnum)
        reason = graphene.String(default_value="")
        comment = graphene.String(default_value="")
        version = graphene.Argument(DocumentFileInput, description="Tệp của phiên bản mới. / A new version's file.")
        version_note = graphene.String(default_value="")

    document = graphene.Field(DocumentType)

    @classmethod
    def perform(cls, info, id, action=None, reason="", comment="", version=None, version_note=""):
        pk, actor, action = document_id(id), info.context.user, value_of(action)
        if sum(bool(x) for x in (action, comment, version or version_note)) != 1:
            raise MutationError("INVALID_DATA", "Chọn đúng một: action, comment hoặc version.", field="action")
        if comment:
            return cls(document=actions.comment(pk, actor=actor, body=comment))
        if not action:
            attached = files([version])[0] if version else None
            return cls(document=actions.add_version(pk, actor=actor, note=version_note, file=attached))
        if action == "return_draft":
            return cls(document=actions.return_draft(pk, actor=actor, reason=reason))
        return cls(document=_STEPS[action](pk, actor=actor))
