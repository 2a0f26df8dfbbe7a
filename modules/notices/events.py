"""What is notified (events), by which notice channel, and which one-stop action is which event.

A notice channel says who is told and how: the applicant by SMS or e-mail, or the staff who act next by e-mail.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    RECEIVED = "received", _("Tiếp nhận hồ sơ")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung hồ sơ")
    TRANSFERRED = "transferred", _("Chuyển liên thông")
    EXTENDED = "extended", _("Gia hạn, xin lỗi và hẹn lại ngày trả")
    RESULT_READY = "result_ready", _("Có kết quả")
    REFUSED = "refused", _("Từ chối giải quyết")
    STOPPED = "stopped", _("Dừng giải quyết hồ sơ")


class NoticeChannel(models.TextChoices):
    SMS = "sms", _("Tin nhắn cho công dân")
    EMAIL = "email", _("Thư điện tử cho công dân")
    STAFF_EMAIL = "staff_email", _("Thư điện tử cho cán bộ")


CITIZEN_CHANNELS = (NoticeChannel.SMS, NoticeChannel.EMAIL)

# The one-stop actions (modules/onestop/services/transitions.py) that are notified; the others are not.
ACTION_EVENTS = {
    "request_supplement": Event.SUPPLEMENT_REQUESTED,
    "transfer": Event.TRANSFERRED,
    "extend": Event.EXTENDED,
    "approve": Event.RESULT_READY,
    "refuse": Event.REFUSED,
    "stop": Event.STOPPED,
    # Receipt regardless of boundary: the competent unit's outcome, become the receiving point's, is told from there.
    "result_from_competent": Event.RESULT_READY,
    "refused_by_competent": Event.REFUSED,
    "stopped_by_competent": Event.STOPPED,
}
# The dossier events (DossierEvent.action) each notified event is recorded as: several actions may be one event.
RECORDED_AS = {Event.RECEIVED: ("receive", "receive_transfer")}
for _action, _event in ACTION_EVENTS.items():
    RECORDED_AS[_event] = (*RECORDED_AS.get(_event, ()), _action)
# Told to the applicant by the unit that first received the dossier only: a unit that got it by transfer neither
# acknowledges it again nor hands the result over (its result goes back to the first unit).
ORIGIN_ONLY = {Event.RECEIVED, Event.RESULT_READY}
# A competent unit deciding a dossier received at another point (receipt regardless of boundary) leaves its outcome
# to that point, which returns it: the applicant hears of it once, from there.
POINT_TELLS = {Event.RESULT_READY, Event.REFUSED, Event.STOPPED}


def event_of_action(action: str) -> Event | None:
    return ACTION_EVENTS.get(action)
