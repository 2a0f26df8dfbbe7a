"""GraphQL: a dossier's notices with their delivery status, and the confirmation of a citizen's own online submission
(unit endpoint; answers MODULE_NOT_ENABLED where off)."""

import graphene
from django.db import connection
from django.utils.translation import gettext as _

from core.api.errors import NOT_FOUND, ApiError
from core.api.mutations.base import BaseMutation
from core.api.permissions import requires
from core.client_address import client_address
from modules.notices.events import Event, NoticeChannel
from modules.notices.services import confirm_contact, resend_contact_code
from modules.notices.services.status import DeliveryStatus, notices_for
from modules.onestop.services import reads


def _enum(name: str, choices, description: str):
    return graphene.Enum(name, [(c.name, c.value) for c in choices], description=description)


NoticeEventEnum = _enum("NoticeEvent", Event, "Sự kiện được thông báo. / The event notified.")
NoticeChannelEnum = _enum("NoticeChannel", NoticeChannel,
                          "Người nhận và cách gửi. / Who is told and how (applicant SMS or e-mail, staff e-mail).")
NoticeStatusEnum = _enum("NoticeDeliveryStatus", DeliveryStatus, "Trạng thái gửi. / Delivery status.")


class NoticeType(graphene.ObjectType):
    class Meta:
        name = "DossierNotice"
        description = "Một thông báo về hồ sơ và trạng thái gửi hiện tại. / A notice of a dossier, as delivered so far."

    event = graphene.Field(NoticeEventEnum, required=True)
    event_label = graphene.String(required=True)
    channel = graphene.Field(NoticeChannelEnum, required=True)
    channel_label = graphene.String(required=True)
    recipient = graphene.String(required=True)
    status = graphene.Field(NoticeStatusEnum, required=True)
    status_label = graphene.String(required=True)
    attempts = graphene.Int(required=True)
    error = graphene.String(required=True, description="Lỗi gần nhất. / The last error, if any.")
    created_at = graphene.DateTime(required=True)
    sent_at = graphene.DateTime()


class Query(graphene.ObjectType):
    notices_of_dossier = graphene.List(
        graphene.NonNull(NoticeType), required=True, code=graphene.String(required=True),
        description="Các thông báo đã gửi về hồ sơ, cũ nhất trước (quyền notices.view_noticelog). "
                    "/ The dossier's notices, oldest first.")

    @staticmethod
    @requires("notices.view_noticelog")
    def resolve_notices_of_dossier(root, info, code):
        code = code.strip()
        if not reads.dossier_exists(code):
            raise ApiError(NOT_FOUND, _("Không có hồ sơ %(code)s.") % {"code": code})
        return notices_for(code)


class ConfirmContact(BaseMutation):
    """Xác nhận số điện thoại hoặc thư điện tử của hồ sơ tự nộp trực tuyến bằng mã đã gửi đến đó; trước đó không gì
    khác được gửi về hồ sơ. / Confirm the phone or e-mail of a citizen's own online submission with the code sent to
    it; nothing else is sent about the dossier before."""

    permissions = ()
    login_required = False

    class Arguments:
        code = graphene.String(required=True, description="Mã hồ sơ. / The dossier code.")
        confirmation_code = graphene.String(required=True)

    confirmed = graphene.Field(NoticeChannelEnum, description="Kênh vừa được xác nhận. / The contact confirmed.")

    @classmethod
    def perform(cls, info, code, confirmation_code):
        channel = confirm_contact(connection.tenant, code, confirmation_code, client=client_address(info.context))
        return cls(confirmed=channel)


class ResendContactCode(BaseMutation):
    """Gửi lại mã xác nhận (mã cũ hết hiệu lực). / Send new confirmation codes (the old ones are void)."""

    permissions = ()
    login_required = False

    class Arguments:
        code = graphene.String(required=True, description="Mã hồ sơ. / The dossier code.")

    @classmethod
    def perform(cls, info, code):
        resend_contact_code(connection.tenant, code, client=client_address(info.context))
        return cls()


class Mutation(graphene.ObjectType):
    notices_confirm_contact = ConfirmContact.Field()
    notices_resend_contact_code = ResendContactCode.Field()
