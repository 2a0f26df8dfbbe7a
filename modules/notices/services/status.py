"""The notices of a dossier with their delivery status as the carrier (the notify plug-in) has it now."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from modules.notices.events import Event, NoticeChannel
from modules.notices.models import NoticeLog
from modules.notices.services.carriers import Delivery, carrier


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Lỗi")
    NOT_QUEUED = "not_queued", _("Không gửi được")


@dataclass(frozen=True)
class Notice:
    dossier_code: str
    event: str
    channel: str
    recipient: str
    status: str
    attempts: int
    error: str
    created_at: datetime
    sent_at: datetime | None

    @property
    def event_label(self) -> str:
        return str(Event(self.event).label)

    @property
    def channel_label(self) -> str:
        return str(NoticeChannel(self.channel).label)

    @property
    def status_label(self) -> str:
        return str(DeliveryStatus(self.status).label)


def deliveries(message_ids) -> dict[int, Delivery]:
    """The carrier's delivery of each of these messages of the current unit, by id (one query; none without one)."""
    found = carrier()
    ids = [pk for pk in message_ids if pk]
    return found.deliveries(connection.tenant, ids) if found is not None and ids else {}


def notices_for(dossier_code: str) -> list[Notice]:
    """The current unit's notices of the dossier, oldest first, each with its delivery status now."""
    logs = list(NoticeLog.objects.filter(dossier_code=dossier_code).order_by("created_at", "id"))
    messages = deliveries([row.message_id for row in logs])
    notices = []
    for row in logs:
        message = messages.get(row.message_id)
        if message is None:
            status, attempts, error, sent_at = DeliveryStatus.NOT_QUEUED, 0, row.error, None
        else:
            status, attempts, error, sent_at = message.status, message.attempts, message.error, message.sent_at
        notices.append(Notice(row.dossier_code, row.event, row.channel, row.recipient, str(status), attempts, error,
                              row.created_at, sent_at))
    return notices
