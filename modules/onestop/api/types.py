"""GraphQL types of dossiers: the dossier with its steps, its history and its deadline, and the online receipt."""

import graphene
from graphene.types.generic import GenericScalar

from core.api.connections import CountableConnection
from core.api.optimizer import prefetch, select
from core.api.types.accounts import UnitRefType, UserType
from modules.onestop.api.enums import (
    DeadlineStatusEnum,
    DossierActionEnum,
    DossierChannelEnum,
    DossierStatusEnum,
    ResultDeliveryEnum,
)
from modules.onestop.api.request_cache import caller_roles, unit_ref
from modules.onestop.services import deadlines, unconfirmed
from modules.onestop.services.availability import available_actions
from modules.onestop.services.history_labels import history_label


class DossierStepType(graphene.ObjectType):
    class Meta:
        name = "DossierStep"
        description = "Một bước của quy trình đơn vị cho hồ sơ này. / One step of the unit's process for this dossier."

    index = graphene.Int(required=True, description="Thứ tự, từ 0. / Position, from 0.")
    name = graphene.String(required=True)
    role_code = graphene.String(required=True, description="Vai trò xử lý bước. / The role that does the step.")
    days = graphene.Float(required=True, description="Số ngày làm việc dành cho bước. / Working days allotted.")
    handover_unit_code = graphene.String(required=True)
    handover_unit_kind = graphene.String(required=True)
    started_at = graphene.DateTime()
    due_at = graphene.DateTime()
    finished_at = graphene.DateTime()


class DossierEventType(graphene.ObjectType):
    class Meta:
        name = "DossierEvent"
        description = "Một lần hồ sơ được xử lý: ai, lúc nào, vì sao. / One transition: who, when, why."

    optimizations = {"actor": select("actor")}

    action = graphene.String(required=True, description="Thao tác (receive, start, forward, remote:approve...). "
                                                        "/ The action taken.")
    action_label = graphene.String(required=True, description="Thao tác bằng lời, theo ngôn ngữ của yêu cầu (mã lạ: "
                                                              "chính mã). / The action in words, in the request's "
                                                              "language (an unknown code: the code).")
    from_status = graphene.Field(DossierStatusEnum)
    to_status = graphene.Field(DossierStatusEnum, required=True)
    actor = graphene.Field(UserType, description="Người thực hiện; null: hệ thống hoặc đơn vị khác. / Who; null: "
                                                 "the system or another unit.")
    actor_unit_code = graphene.String(required=True)
    role_code = graphene.String(required=True, description="Vai trò đã dùng, hoặc system. / The role acted as.")
    reason = graphene.String(required=True)
    data = GenericScalar()
    at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_action_label(root, info):
        return history_label(root.action)

    @staticmethod
    def resolve_from_status(root, info):
        return str(root.from_status) or None

    @staticmethod
    def resolve_to_status(root, info):
        return str(root.to_status)


class DossierType(graphene.ObjectType):
    class Meta:
        name = "Dossier"
        description = "Một hồ sơ thủ tục hành chính tại đơn vị. / A dossier of an administrative procedure."

    optimizations = {"steps": prefetch("steps"), "current_step": prefetch("steps"),
                     "available_actions": prefetch("steps"), "events": prefetch("events"),
                     "assignee": select("assignee"), "components": prefetch("components"),
                     "national_portal": select("national_link")}

    code = graphene.String(required=True, description="Mã hồ sơ <mã cơ quan>-<YYMMDD>-<số>, giữ nguyên khi liên "
                                                      "thông. / The regulated code, kept across units.")
    procedure_code = graphene.String(required=True)
    procedure_name = graphene.String(required=True)
    channel = graphene.Field(DossierChannelEnum, required=True)
    status = graphene.Field(DossierStatusEnum, required=True)
    applicant_name = graphene.String(required=True)
    applicant_phone = graphene.String(required=True)
    applicant_email = graphene.String(required=True)
    applicant_id_number = graphene.String(required=True)
    data = GenericScalar(description="Dữ liệu khai của hồ sơ. / The application's data.")
    received_at = graphene.DateTime(required=True)
    due_at = graphene.DateTime(required=True, description="Hẹn trả kết quả. / Appointment for the result.")
    deadline_status = graphene.Field(DeadlineStatusEnum, required=True)
    completed_at = graphene.DateTime()
    closed_at = graphene.DateTime()
    reason = graphene.String(required=True, description="Lý do từ chối, rút. / Why refused or withdrawn.")
    supplement_requested = graphene.Boolean(required=True)
    supplement_items = graphene.List(graphene.NonNull(graphene.String), required=True)
    step_index = graphene.Int(required=True)
    current_step = graphene.Field(DossierStepType)
    steps = graphene.List(graphene.NonNull(DossierStepType), required=True)
    events = graphene.List(graphene.NonNull(DossierEventType), required=True,
                           description="Lịch sử xử lý, cũ trước. / History, oldest first.")
    components = graphene.List(
        graphene.NonNull("modules.onestop.api.digitisation.DossierComponentType"), required=True,
        description="Thành phần hồ sơ như đã tiếp nhận (quét, miễn, khai thác từ cơ sở dữ liệu) và kết quả đã số "
                    "hóa. / The components as received and the digitised result.")
    national_portal = graphene.Field(
        "modules.onestop.api.national_portal.NationalPortalLinkType",
        description="Hồ sơ nộp trên Cổng DVC quốc gia (null: không phải). / Filed on the national portal (or null).")
    assignee = graphene.Field(UserType)
    holder_unit = graphene.Field(UnitRefType, description="Đơn vị đang giữ hồ sơ. / The unit holding it now.")
    origin_unit = graphene.Field(UnitRefType, description="Đơn vị tiếp nhận đầu tiên. / Where it was first received.")
    transferred_from = graphene.Field(UnitRefType, description="Đơn vị đã chuyển hồ sơ đến đây. / The unit that "
                                                               "sent it here.")
    competent_unit = graphene.Field(
        UnitRefType, description="Cơ quan có thẩm quyền giải quyết khi khác đơn vị tiếp nhận (tiếp nhận không phụ "
                                 "thuộc địa giới hành chính); null: đơn vị tiếp nhận tự giải quyết. / The unit that "
                                 "decides when another unit received it; null: the receiving unit decides.")
    result_delivery = graphene.Field(ResultDeliveryEnum, description="Nơi công dân nhận kết quả. / Where the citizen "
                                                                     "gets the result.")
    remote_status = graphene.Field(DossierStatusEnum, description="Trạng thái tại đơn vị nhận liên thông. / Its "
                                                                  "status at the unit it was sent to.")
    remote_updated_at = graphene.DateTime()
    transfer_failure = graphene.String(
        required=True, description="Lý do lần chuyển liên thông gần nhất không đến được đơn vị nhận (hồ sơ đã quay "
                                   "về); rỗng nếu không có. / Why the last transfer never reached the receiving unit "
                                   "(the dossier came back); empty when none.")
    available_actions = graphene.List(
        graphene.NonNull(DossierActionEnum), required=True,
        description="Thao tác người gọi làm được lúc này. / What the caller may do with it now.")

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)  # a Status member right after a change, a str once read back

    @staticmethod
    def resolve_channel(root, info):
        return str(root.channel)

    @staticmethod
    def resolve_deadline_status(root, info):
        return deadlines.status_of(root).value

    @staticmethod
    def resolve_steps(root, info):
        return root.steps.all()

    @staticmethod
    def resolve_current_step(root, info):
        return next((s for s in root.steps.all() if s.index == root.step_index), None)

    @staticmethod
    def resolve_events(root, info):
        return root.events.all()

    @staticmethod
    def resolve_national_portal(root, info):
        return getattr(root, "national_link", None) if hasattr(root, "national_link") else None

    @staticmethod
    def resolve_components(root, info):
        return sorted(root.components.all(), key=lambda c: (c.kind == c.RESULT, c.pk))

    @staticmethod
    def resolve_holder_unit(root, info):
        return unit_ref(info.context, root.holder_unit_code)

    @staticmethod
    def resolve_origin_unit(root, info):
        return unit_ref(info.context, root.origin_unit_code)

    @staticmethod
    def resolve_transferred_from(root, info):
        return unit_ref(info.context, root.transferred_from)

    @staticmethod
    def resolve_competent_unit(root, info):
        return unit_ref(info.context, root.competent_unit_code)

    @staticmethod
    def resolve_result_delivery(root, info):
        return str(root.result_delivery) or None

    @staticmethod
    def resolve_remote_status(root, info):
        return str(root.remote_status) or None

    @staticmethod
    def resolve_available_actions(root, info):
        return available_actions(root, caller_roles(info.context), root.steps.all())


class DossierConnection(CountableConnection):
    class Meta:
        node = DossierType


class DossierReceiptType(graphene.ObjectType):
    class Meta:
        name = "DossierReceipt"
        description = "Giấy tiếp nhận hồ sơ nộp trực tuyến. / The receipt of an online submission."

    code = graphene.String(required=True)
    procedure_code = graphene.String(required=True)
    procedure_name = graphene.String(required=True)
    status = graphene.Field(DossierStatusEnum, required=True)
    received_at = graphene.DateTime(required=True)
    due_at = graphene.DateTime(required=True, description="Hẹn trả kết quả dự kiến. / Expected appointment.")
    confirmation_pending = graphene.Boolean(
        required=True, description="Chờ người nộp xác nhận số điện thoại hoặc thư điện tử bằng mã đã gửi "
        "(noticesConfirmContact); cán bộ chỉ thấy hồ sơ sau khi xác nhận. / Waiting for the applicant to confirm the "
        "phone or e-mail with the code sent (noticesConfirmContact); the staff see the dossier once confirmed.")

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_confirmation_pending(root, info):
        return unconfirmed.is_held(root.code)  # set by the receipt's hooks after this dossier was read


class ReceivableProcedureType(graphene.ObjectType):
    class Meta:
        name = "OnestopReceivableProcedure"
        description = ("Một thủ tục điểm tiếp nhận được nhận hồ sơ cho đơn vị có thẩm quyền trong tỉnh. / A procedure "
                       "this one-stop point may receive for the unit of the province that decides it.")

    unit = graphene.Field(UnitRefType, required=True, description="Đơn vị có thẩm quyền. / The competent unit.")
    procedure_code = graphene.String(required=True)
    procedure_name = graphene.String(required=True)
    channels = graphene.List(graphene.NonNull(DossierChannelEnum), required=True)

    @staticmethod
    def resolve_unit(root, info):
        return {"code": root.unit_code, "name": root.unit_name}

    @staticmethod
    def resolve_channels(root, info):
        return list(root.channels)
