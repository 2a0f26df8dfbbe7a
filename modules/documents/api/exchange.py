"""The exchange fields of the unit endpoint (edXML, QCVN 102:2016): each recipient's status of an outgoing document,
the inbox of envelopes arrived from outside, taking a document back, receiving an envelope from outside, registering
or refusing an arrival. Sending is `documentsIssue` (recipients: units of the installation, or agencies by code)."""

import base64
import binascii

import graphene
from django.utils.translation import gettext as _

from core.api.errors import NOT_FOUND, ApiError
from core.api.mutations.base import BaseMutation, MutationError
from core.api.permissions import requires
from core.ids import object_id
from modules.documents.api.inputs import document_id
from modules.documents.api.types import DocumentType
from modules.documents.models.exchange import Channel
from modules.documents.services import access, arrivals, recipient_status

_CLERKS = {"clerk", "leader"}


class DocumentRecipientStatusType(graphene.ObjectType):
    class Meta:
        name = "DocumentRecipientStatus"
        description = "Một nơi nhận của văn bản đi và trạng thái xử lý ở đó (QCVN 102:2016). / A recipient and where " \
                      "the document stands there."

    name = graphene.String(required=True)
    unit_code = graphene.String(required=True, description="Đơn vị trong hệ thống. / A unit of the installation.")
    organ_id = graphene.String(required=True, description="Mã định danh cơ quan ngoài hệ thống. / Outside agency.")
    internal = graphene.Boolean(required=True)
    status_code = graphene.String(required=True, description="01 đã đến ... 06 hoàn thành, 13/15/16 lấy lại.")
    status = graphene.String(required=True)
    status_at = graphene.DateTime()
    note = graphene.String(required=True)
    failure = graphene.String(required=True, description="Lỗi gửi, nếu có. / Why it could not be delivered.")
    sent_at = graphene.DateTime(required=True)


class DocumentArrivalType(graphene.ObjectType):
    class Meta:
        name = "DocumentArrival"
        description = "Gói tin edXML đến từ ngoài hệ thống, chờ văn thư vào sổ. / An envelope from outside waiting " \
                      "for the clerk."

    id = graphene.ID(required=True)
    channel = graphene.String(required=True, description="axis | file")
    sender = graphene.String(required=True)
    sender_name = graphene.String(required=True)
    code = graphene.String(required=True)
    subject = graphene.String(required=True)
    document_identifier = graphene.String(required=True)
    business_type = graphene.Int(description="0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế.")
    arrived_at = graphene.DateTime(required=True)
    signature = graphene.String(required=True, description="Chữ ký XML của gói tin: none, xmldsig, unqualified "
                                                            "(không có không gian tên, không kiểm được).")
    signature_valid = graphene.Boolean(description="Toàn vẹn theo chứng thư kèm theo (xmldsig). / Integrity.")
    signature_trusted = graphene.Boolean(description="Chứng thư ký đến CA tin cậy đã cấu hình; rỗng: chưa kiểm tra. / "
                                                     "The signing certificate reaches a configured trust root.")


def _visible(user, value) -> int:
    """The id of a document the caller sees; NOT_FOUND (a field error, never INTERNAL_ERROR) for anything else,
    malformed ids included."""
    pk = object_id(value)
    if pk is None or not access.visible_to(user).filter(pk=pk).exists():
        raise ApiError(NOT_FOUND, _("Không tìm thấy văn bản %(id)s.") % {"id": value})
    return pk


def _clerk_or_leader(user) -> None:
    if not access.roles_of(user) & _CLERKS:
        raise ApiError("FORBIDDEN_ROLE", _("Chỉ văn thư và lãnh đạo xem được văn bản đến từ ngoài hệ thống."))


class ExchangeQuery(graphene.ObjectType):
    document_recipients = graphene.List(
        graphene.NonNull(DocumentRecipientStatusType), required=True, id=graphene.ID(required=True),
        description="Nơi nhận của một văn bản đi và trạng thái ở từng nơi. / Each recipient's status.")
    document_arrivals = graphene.List(
        graphene.NonNull(DocumentArrivalType), required=True,
        description="Gói tin đến từ ngoài hệ thống chờ vào sổ. / Envelopes from outside waiting to be registered.")

    @staticmethod
    @requires()
    def resolve_document_recipients(root, info, id):
        return [DocumentRecipientStatusType(**{k: v for k, v in row.items() if k != "id"})
                for row in recipient_status.statuses_of(_visible(info.context.user, id))]

    @staticmethod
    @requires()
    def resolve_document_arrivals(root, info):
        _clerk_or_leader(info.context.user)
        return [DocumentArrivalType(**row) for row in arrivals.inbox()]


def _arrival_type(message) -> DocumentArrivalType:
    return DocumentArrivalType(id=message.pk, channel=message.channel, sender=message.peer,
                               sender_name=message.peer_name, code=message.code, subject=message.subject,
                               document_identifier=message.document_identifier,
                               business_type=message.business_type, arrived_at=message.created_at,
                               **arrivals.signature_of(message))


def _arrival_id(value) -> int:
    if object_id(value) is None:
        raise MutationError("NOT_FOUND", _("Không tìm thấy gói tin %(id)s.") % {"id": value}, field="id")
    return object_id(value)


class TakeBackDocument(BaseMutation):
    """Yêu cầu đơn vị nhận trả lại văn bản gửi nhầm (mã 13); đơn vị nhận đồng ý (15) nếu chưa xử lý, không thì từ
    chối (16). / Ask a unit to give back a document sent by mistake."""

    class Arguments:
        id = graphene.ID(required=True)
        unit_code = graphene.String(required=True)
        reason = graphene.String(required=True)

    recipient = graphene.Field(DocumentRecipientStatusType)

    @classmethod
    def perform(cls, info, id, unit_code, reason):
        pk = document_id(id)
        if not access.visible_to(info.context.user).filter(pk=pk).exists():
            raise MutationError("NOT_FOUND", _("Không tìm thấy văn bản %(id)s.") % {"id": id}, field="id")
        row = recipient_status.take_back(pk, unit_code, actor=info.context.user, reason=reason)
        found = next(r for r in recipient_status.statuses_of(pk) if r["id"] == row.pk)
        return cls(recipient=DocumentRecipientStatusType(**{k: v for k, v in found.items() if k != "id"}))


class ReceiveEdxml(BaseMutation):
    """Nhận một gói tin edXML từ ngoài hệ thống (base64) vào hộp văn bản đến chờ vào sổ, hoặc ghi nhận một gói tin
    trạng thái. / Receive an edXML message from outside."""

    class Arguments:
        content_base64 = graphene.String(required=True)

    arrival = graphene.Field(DocumentArrivalType)

    @classmethod
    def perform(cls, info, content_base64):
        if "clerk" not in access.roles_of(info.context.user):
            raise MutationError("FORBIDDEN_ROLE", _("Chỉ văn thư nhận văn bản từ ngoài hệ thống."))
        try:
            content = base64.b64decode(content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise MutationError("INVALID_DATA", _("Gói tin không phải base64 hợp lệ."), field="contentBase64") from exc
        return cls(arrival=_arrival_type(arrivals.receive(content, channel=Channel.FILE)))


class RegisterArrival(BaseMutation):
    """Vào sổ văn bản đến từ một gói tin đã đến (báo 03 cho nơi gửi). / Register an arrived envelope."""

    class Arguments:
        id = graphene.ID(required=True)

    document = graphene.Field(DocumentType)

    @classmethod
    def perform(cls, info, id):
        return cls(document=arrivals.register_arrival(_arrival_id(id), actor=info.context.user))


class RefuseArrival(BaseMutation):
    """Từ chối tiếp nhận một gói tin đã đến, nêu lý do (báo 02 cho nơi gửi). / Refuse an arrived envelope."""

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    arrival = graphene.Field(DocumentArrivalType)

    @classmethod
    def perform(cls, info, id, reason):
        return cls(arrival=_arrival_type(arrivals.refuse_arrival(_arrival_id(id), actor=info.context.user,
                                                                 reason=reason)))


class ExchangeMutation(graphene.ObjectType):
    documents_take_back = TakeBackDocument.Field()
    documents_receive_edxml = ReceiveEdxml.Field()
    documents_register_arrival = RegisterArrival.Field()
    documents_refuse_arrival = RefuseArrival.Field()
