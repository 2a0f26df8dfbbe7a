"""Receiving dossiers: by a receiving officer (counter, post, or online through an integration), and a citizen's own
online submission without an account."""

import graphene
from graphene.types.generic import GenericScalar
from graphene.utils.str_converters import to_camel_case

from core.api.mutations.base import BaseMutation
from core.client_address import client_address
from modules.onestop.api.digitisation import DossierComponentInput, parts_of
from modules.onestop.api.enums import DossierChannelEnum, ResultDeliveryEnum, value_of
from modules.onestop.api.errors import typed_errors
from modules.onestop.api.types import DossierReceiptType, DossierType
from modules.onestop.models import Channel
from modules.onestop.services import online_limits
from modules.onestop.services.applications import receive_application, submit_online


def _fields_of(input_type) -> list[str]:
    return [to_camel_case(name) for name in input_type._meta.fields]


class ReceiveDossierInput(graphene.InputObjectType):
    procedure_code = graphene.String(required=True, description="Mã thủ tục đơn vị tiếp nhận. / Procedure code.")
    channel = graphene.InputField(DossierChannelEnum, default_value=DossierChannelEnum.COUNTER,
                                  description="Mặc định COUNTER. / Default COUNTER.")
    applicant_name = graphene.String(required=True)
    applicant_phone = graphene.String()
    applicant_email = graphene.String()
    applicant_id_number = graphene.String(description="Số định danh cá nhân. / Personal id number.")
    data = GenericScalar(description="Dữ liệu khai (một đối tượng JSON). / The application's data (a JSON object).")
    competent_unit = graphene.String(
        description="Mã đơn vị có thẩm quyền khi tiếp nhận cho đơn vị khác trong tỉnh (onestopReceivableProcedures); "
                    "hồ sơ được chuyển ngay cho đơn vị đó. / The competent unit's code when receiving for another "
                    "unit of the province; the dossier is handed to it at once.")
    result_delivery = graphene.InputField(ResultDeliveryEnum, description="Nơi nhận kết quả; mặc định theo hình "
                                                                          "thức nộp. / Where the result goes.")
    components = graphene.List(
        graphene.NonNull(DossierComponentInput),
        description="Thành phần hồ sơ đã nhận: bản quét, lý do không quét, hoặc cơ sở dữ liệu tra cứu thay bản giấy "
                    "(Điều 5 Thông tư 03/2025/TT-VPCP). / The components received: scanned, exempt, or looked up.")


class ReceiveDossier(BaseMutation):
    """Tiếp nhận hồ sơ (cán bộ tiếp nhận): mã hồ sơ, các bước, ngày hẹn trả. / Receive a dossier (receiving officer):
    its code, steps and appointment."""

    permissions = ("onestop.add_dossier",)

    class Arguments:
        input = ReceiveDossierInput(required=True)

    dossier = graphene.Field(DossierType)

    @classmethod
    def perform(cls, info, input):
        with typed_errors(_fields_of(ReceiveDossierInput)):
            values = {**input, "result_delivery": value_of(input.get("result_delivery")) or "",
                      "parts": parts_of(input.get("components"), input.get("applicant_id_number") or "")}
            dossier = receive_application(values, channel=value_of(input.get("channel")) or Channel.COUNTER,
                                          actor=info.context.user)
        return cls(dossier=dossier)


class SubmitDossierOnlineInput(graphene.InputObjectType):
    procedure_code = graphene.String(required=True)
    applicant_name = graphene.String(required=True)
    applicant_phone = graphene.String(required=True, description="Bắt buộc, để liên hệ. / Required, to reach you.")
    applicant_email = graphene.String()
    applicant_id_number = graphene.String()
    data = GenericScalar(description="Dữ liệu khai (một đối tượng JSON). / The application's data (a JSON object).")


class SubmitDossierOnline(BaseMutation):
    """Công dân tự nộp hồ sơ trực tuyến, không cần tài khoản; hồ sơ chờ cán bộ tiếp nhận. / A citizen submits a
    dossier online, no account needed; it waits for a receiving officer."""

    permissions = ()
    login_required = False

    class Arguments:
        input = SubmitDossierOnlineInput(required=True)

    receipt = graphene.Field(DossierReceiptType)

    @classmethod
    def perform(cls, info, input):
        client = client_address(info.context)
        with typed_errors(_fields_of(SubmitDossierOnlineInput)):
            online_limits.check(input, client)
            dossier = submit_online(input)
        online_limits.accepted(input, client)
        return cls(receipt=dossier)
