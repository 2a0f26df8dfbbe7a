"""Routing of a document: present to the leader, the directive, reports, completion, handing on to another member."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.documents.api import inputs
from modules.documents.api.inputs import DocumentAssignmentInput, DocumentFileInput, _person, document_id
from modules.documents.api.inputs import files as file_inputs
from modules.documents.api.types import DocumentType
from modules.documents.services import actions
from modules.documents.services.inputs import ReportInput


class PresentDocument(BaseMutation):
    """Trình văn bản đến cho lãnh đạo. / Present an incoming document to a leader."""

    class Arguments:
        id = graphene.ID(required=True)
        leader_id = graphene.ID(required=True)

    document = graphene.Field(DocumentType)

    @classmethod
    def perform(cls, info, id, leader_id):
        return cls(document=actions.present(document_id(id), actor=info.context.user, leader_id=_person(leader_id)))


class DirectDocument(BaseMutation):
    """Ý kiến chỉ đạo (bút phê): một chủ trì, phối hợp, để biết, mỗi phần có hạn theo ngày làm việc. / The leader's
    directive: one lead, supporting and information-only units or people, each with a deadline in working days."""

    class Arguments:
        id = graphene.ID(required=True)
        text = graphene.String(required=True)
        assignments = graphene.List(graphene.NonNull(DocumentAssignmentInput), required=True)

    document = graphene.Field(DocumentType)

    @classmethod
    def perform(cls, info, id, text, assignments):
        return cls(document=actions.direct(document_id(id), actor=info.context.user, text=text,
                                           assignments=inputs.assignments(assignments)))


class ReportOnDocument(BaseMutation):
    """Báo cáo kết quả phần việc được giao (final: hoàn thành phần việc). / Report on one's assignment."""

    class Arguments:
        id = graphene.ID(required=True)
        body = graphene.String(required=True)
        final = graphene.Boolean(default_value=False)
        files = graphene.List(graphene.NonNull(DocumentFileInput))

    document = graphene.Field(DocumentType)

    @classmethod
    def perform(cls, info, id, body, final=False, files=None):
        report = ReportInput(body, final, file_inputs(files))
        return cls(document=actions.report(document_id(id), actor=info.context.user, body=report))


class CompleteDocument(BaseMutation):
    """Hoàn thành xử lý văn bản đến. / Complete an incoming document."""

    class Arguments:
        id = graphene.ID(required=True)

    document = graphene.Field(DocumentType)

    @classmethod
    def perform(cls, info, id):
        return cls(document=actions.complete(document_id(id), actor=info.context.user))


class ShareDocument(BaseMutation):
    """Chuyển văn bản cho một thành viên khác của đơn vị xử lý (nút "Chuyển cho người khác xử lý" của trang văn
    bản): người đó thấy văn bản và làm được các bước theo vai trò của mình. / Hand a document on to another member of
    the unit (the document page's share button): they see it and may take the steps of their role on it."""

    # As its siblings: no model permission; the service's rule book decides (acting needs seeing, then the step's
    # roles or the routing), so whoever may not act gets what reading the document answers.

    class Arguments:
        id = graphene.ID(required=True)
        person_id = graphene.ID(required=True, description="Thành viên của đơn vị nhận văn bản. / The member of the "
                                                           "unit it goes to.")

    document = graphene.Field(DocumentType)

    @classmethod
    def perform(cls, info, id, person_id):
        return cls(document=actions.share(document_id(id), actor=info.context.user, person_id=_person(person_id)))
