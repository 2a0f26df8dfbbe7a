"""GraphQL: a dossier's notices with their delivery status (unit endpoint; answers MODULE_NOT_ENABLED where off)."""

import graphene
from django.utils.translation import gettext as _

from core.api.errors import NOT_FOUND, ApiError
from core.api.permissions import requires
from modules.notices.events import Event, NoticeChannel
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
