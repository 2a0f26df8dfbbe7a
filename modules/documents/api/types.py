"""GraphQL types of documents: the document with its metadata, routing (assignments), attachments and history."""

import graphene
from graphene.types.generic import GenericScalar

from core.api.connections import CountableConnection
from core.api.optimizer import prefetch
from modules.documents.api.enums import (
    AssignmentRoleEnum,
    DocumentConfidentialityEnum,
    DocumentDirectionEnum,
    DocumentRelationEnum,
    DocumentStatusEnum,
    DocumentUrgencyEnum,
    DocumentValidityEnum,
)


def _text(name: str):
    """Enum fields answer the stored value (model choices are enum members until the row is read back)."""
    return staticmethod(lambda root, info: str(getattr(root, name)))


class DocumentAssignmentType(graphene.ObjectType):
    class Meta:
        name = "DocumentAssignment"
        description = "Một phân công trong ý kiến chỉ đạo. / One assignment of a directive."

    id = graphene.ID(required=True)
    role = graphene.Field(AssignmentRoleEnum, required=True)
    person_id = graphene.ID()
    department = graphene.String(required=True)
    days = graphene.Int(description="Số ngày làm việc. / Working days.")
    due_at = graphene.DateTime()
    done_at = graphene.DateTime()

    resolve_role = _text("role")


class DocumentAttachmentType(graphene.ObjectType):
    class Meta:
        name = "DocumentAttachment"
        description = "Tệp gốc đính kèm (không bao giờ bị sửa). / An original file, never modified."

    name = graphene.String(required=True)
    sha256 = graphene.String(required=True)

    @staticmethod
    def resolve_sha256(root, info):
        return root.blob_id


class DocumentEventType(graphene.ObjectType):
    class Meta:
        name = "DocumentEvent"
        description = "Một thao tác trên văn bản: ai, lúc nào. / One change: who, when."

    action = graphene.String(required=True)
    from_status = graphene.String(required=True)
    to_status = graphene.String(required=True)
    actor_id = graphene.ID()
    data = GenericScalar()
    at = graphene.DateTime(required=True)


class DocumentType(graphene.ObjectType):
    class Meta:
        name = "Document"
        description = "Một văn bản đến hoặc đi (Nghị định 30/2020/NĐ-CP, Phụ lục VI). / An official document."

    optimizations = {"assignments": prefetch("assignments"), "attachments": prefetch("attachments"),
                     "events": prefetch("events")}

    id = graphene.ID(required=True)
    direction = graphene.Field(DocumentDirectionEnum, required=True)
    status = graphene.Field(DocumentStatusEnum, required=True)
    type_code = graphene.String(required=True)
    type_name = graphene.String(required=True)
    number = graphene.Int()
    number_symbol = graphene.String(required=True, description="Số và ký hiệu, ví dụ 05/QĐ-UBND. / e.g. 05/QĐ-UBND.")
    year = graphene.Int()
    issuer_name = graphene.String(required=True)
    issuer_code = graphene.String(required=True)
    place = graphene.String(required=True)
    issued_on = graphene.Date()
    subject = graphene.String(required=True, description="Trích yếu. / Subject.")
    summary = graphene.String(required=True)
    signer_name = graphene.String(required=True)
    signer_position = graphene.String(required=True)
    authority_prefix = graphene.String(required=True, description="TM., KT., TL., TUQ., Q. hoặc trống. / Or empty.")
    recipients = graphene.String(required=True, description="Nơi nhận. / Recipients.")
    page_count = graphene.Int()
    language = graphene.String(required=True)
    urgency = graphene.Field(DocumentUrgencyEnum, required=True)
    confidentiality = graphene.Field(DocumentConfidentialityEnum, required=True)
    due_on = graphene.Date()
    arrival_number = graphene.Int(description="Số đến trong năm. / Incoming number of the year.")
    arrived_at = graphene.DateTime()
    duplicate_of_id = graphene.ID(description="Trùng số, ký hiệu, cơ quan với văn bản đến này. / Same number, "
                                              "symbol and issuer as this incoming document.")
    related_to_id = graphene.ID()
    relation = graphene.Field(DocumentRelationEnum, required=True)
    validity = graphene.Field(DocumentValidityEnum, required=True)
    issued_at = graphene.DateTime()
    completed_at = graphene.DateTime()
    filed_in = graphene.String(required=True)
    assignments = graphene.List(graphene.NonNull(DocumentAssignmentType), required=True)
    attachments = graphene.List(graphene.NonNull(DocumentAttachmentType), required=True)
    events = graphene.List(graphene.NonNull(DocumentEventType), required=True)

    resolve_direction = _text("direction")
    resolve_status = _text("status")
    resolve_urgency = _text("urgency")
    resolve_confidentiality = _text("confidentiality")
    resolve_relation = _text("relation")
    resolve_validity = _text("validity")

    @staticmethod
    def resolve_assignments(root, info):
        return root.assignments.all()

    @staticmethod
    def resolve_attachments(root, info):
        return root.attachments.all()

    @staticmethod
    def resolve_events(root, info):
        return root.events.all()


class DocumentConnection(CountableConnection):
    class Meta:
        node = DocumentType


class DocumentTypeInfoType(graphene.ObjectType):
    class Meta:
        name = "DocumentKind"
        description = "Loại văn bản và chữ viết tắt (Phụ lục III). / A document type and its abbreviation."

    code = graphene.String(required=True)
    abbreviation = graphene.String(required=True)
    name = graphene.String(required=True)
    kind = graphene.String(required=True)
    valid_from = graphene.Date(required=True)
