"""The notices of a dossier with their delivery status as the notify plug-in has it now."""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.notices.events import Event, NoticeChannel
from modules.notices.models import NoticeLog


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


def _messages(ids: list[int]) -> dict[int, dict]:
    if not ids or not apps.is_installed("egov_notify"):
        return {}
    from egov_notify.models import Message

    rows = Message.objects.filter(pk__in=ids).values("pk", "status", "attempts", "last_error", "sent_at")
    return {row["pk"]: row for row in rows}


def notices_for(dossier_code: str) -> list[Notice]:
    """The current unit's notices of the dossier, oldest first, each with its delivery status now."""
    logs = list(NoticeLog.objects.filter(dossier_code=dossier_code).order_by("created_at", "id"))
    messages = _messages([row.message_id for row in logs if row.message_id])
    notices = []
    for row in logs:
        message = messages.get(row.message_id)
        if message is None:
            status, attempts, error, sent_at = DeliveryStatus.NOT_QUEUED, 0, row.error, None
        else:
            status, attempts = message["status"], message["attempts"]
            error, sent_at = message["last_error"], message["sent_at"]
        notices.append(Notice(row.dossier_code, row.event, row.channel, row.recipient, str(status), attempts, error,
                              row.created_at, sent_at))
    return notices
