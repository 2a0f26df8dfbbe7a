"""GraphQL enums of the documents module: names in capitals, values those the services use."""

import graphene

from modules.documents.models import AssignmentRole, Confidentiality, Direction, Status, Urgency
from modules.documents.models.document import Relation, Validity


def _enum(name: str, values, description: str):
    return graphene.Enum(name, [((value or "none").upper(), value) for value in values], description=description)


DocumentDirectionEnum = _enum("DocumentDirection", Direction.values, "Văn bản đến hoặc đi. / Incoming or outgoing.")
DocumentStatusEnum = _enum("DocumentStatus", Status.values, "Trạng thái văn bản. / A document's status.")
DocumentUrgencyEnum = _enum("DocumentUrgency", Urgency.values, "Độ khẩn. / Urgency.")
DocumentConfidentialityEnum = _enum("DocumentConfidentiality", Confidentiality.values, "Độ mật. / Confidentiality.")
AssignmentRoleEnum = _enum("DocumentAssignmentRole", AssignmentRole.values,
                           "Chủ trì, phối hợp, để biết. / Lead, support, information only.")
DocumentRelationEnum = _enum("DocumentRelation", Relation.values,
                             "Thu hồi, thay thế, đính chính văn bản gốc. / Revokes, replaces, corrects.")
DocumentValidityEnum = _enum("DocumentValidity", Validity.values, "Hiệu lực. / Validity.")
DraftActionEnum = _enum("DocumentDraftAction", ["submit", "review_content", "review_format", "return_draft",
                                                "approve", "sign"],
                        "Bước của văn bản đi. / A step of an outgoing document.")


def value_of(enum_value):
    return getattr(enum_value, "value", enum_value)
