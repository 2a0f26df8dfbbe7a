"""GraphQL enums of the one-stop module: names in capitals, values those the services use."""

import graphene

from core.calendar.status import DeadlineStatus
from modules.onestop.models import Channel, ResultDelivery, Status
from modules.onestop.services.availability import HUMAN_ACTIONS
from modules.onestop.services.queues import QUEUES


def _enum(name: str, values, description: str):
    return graphene.Enum(name, [(value.upper(), value) for value in values], description=description)


DossierStatusEnum = _enum("DossierStatus", Status.values, "Trạng thái hồ sơ. / A dossier's status.")
DossierChannelEnum = _enum("DossierChannel", Channel.values,
                           "Hình thức nộp: trực tiếp, trực tuyến, bưu chính. / How it was submitted.")
ResultDeliveryEnum = _enum(
    "ResultDelivery", ResultDelivery.values,
    "Nơi nhận kết quả: tại nơi nộp hồ sơ, qua bưu chính, trực tuyến. / Where the result is returned: at the point "
    "that received the dossier, by post, online.")
DeadlineStatusEnum = _enum(
    "DossierDeadlineStatus", DeadlineStatus.values,
    "Đã xong: trước hạn, đúng hạn, trễ hạn; đang giải quyết: trong hạn, quá hạn. / Finished early, on time or late; "
    "in progress on time or overdue.")
DossierQueueEnum = _enum(
    "DossierQueue", QUEUES,
    "Hàng việc: của tôi (được giao), đến hạn hôm nay, quá hạn, chờ tôi xử lý (bước hiện tại thuộc vai trò của tôi), "
    "đang mở. / Work queues: mine, due today, overdue, waiting for me, open.")
DossierActionEnum = _enum(
    "DossierAction", HUMAN_ACTIONS,
    "Thao tác trên hồ sơ theo bảng quy tắc (docs/modules/onestop.md); TRANSFER qua onestopTransferDossier. / "
    "An action of the rule book; TRANSFER goes through onestopTransferDossier.")


def value_of(enum_value):
    """The service value of an enum argument (graphene gives the member or its value)."""
    return getattr(enum_value, "value", enum_value)
