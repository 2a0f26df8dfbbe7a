"""Sending the notices of one dossier event, once the transaction that made the event has committed.

The receivers only note what happened (queue_after_commit); PendingNotices runs after the commit, so a rolled-back
action notifies nobody and the sender's transaction never waits on this work. Each notice is queued in the notify
plug-in with the reference "<dossier code>:<dossier event id>:<notice channel>": notify keeps one message per
(reference, channel, recipient), so a hook sent twice, or this running twice, sends nothing more.
"""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from core.modules.errors import ModuleError
from core.modules.services import get_settings, is_enabled
from modules.notices.defaults import channels_of
from modules.notices.events import NoticeChannel
from modules.notices.models import NoticeLog
from modules.notices.services.context import MODULE_ID, context_for
from modules.notices.services.recipients import recipients_for
from modules.notices.services.templates import render, template_for
from modules.onestop.models import Dossier, DossierEvent
from tenants.services import entered

log = logging.getLogger(__name__)

REFERENCE_MAX_LENGTH = 100  # the notify message's reference


def reference_of(dossier_code: str, event: str, event_id: int | None, channel: str) -> str:
    """The notify reference of one event's notices on one channel (at most 100 characters)."""
    suffix = f":{event_id or event}:{channel}"
    return dossier_code[:REFERENCE_MAX_LENGTH - len(suffix)] + suffix  # codes are at most 64: kept whole


@dataclass(frozen=True)
class PendingNotices:
    """The notices of one dossier event, waiting for the commit of the transaction that made it."""

    unit: object
    dossier_code: str
    event: str
    event_id: int | None

    def __call__(self) -> list[NoticeLog]:
        return send_event(self.unit, self.dossier_code, self.event, self.event_id)


def queue_after_commit(unit, dossier_code: str, event: str, event_id: int | None) -> None:
    """Called by the receivers, inside the sender's transaction; a failure later is logged, never raised into it."""
    transaction.on_commit(PendingNotices(unit, dossier_code, event, event_id), robust=True)


def _notify_channel(unit, channel: str) -> str:
    if channel == NoticeChannel.SMS:
        return get_settings(unit, MODULE_ID)["sms_channel"]
    return "email"


def _normalised(channel: str, recipient: str) -> str:
    from egov_notify.channels import normalise_recipient

    try:
        return normalise_recipient("email" if channel != NoticeChannel.SMS else "sms", recipient)
    except ValueError:
        return recipient  # refused below, with the reason logged


def _queue(unit, dossier_code: str, event: str, channel: str, reference: str, recipient: str, subject: str,
           body: str) -> NoticeLog:
    """One notice to one recipient: a notify message and its log row, or a log row saying why there is none."""
    if not apps.is_installed("egov_notify"):
        return NoticeLog.objects.get_or_create(reference=reference, channel=channel, recipient=recipient, defaults={
            "dossier_code": dossier_code, "event": event, "error": "notify is not loaded in this installation"})[0]
    from egov_notify.services import send_notification

    recipient = _normalised(channel, recipient)
    with transaction.atomic():
        # The row is written first: a second run waits on it, then finds it and sends nothing.
        row, created = NoticeLog.objects.get_or_create(reference=reference, channel=channel, recipient=recipient,
                                                       defaults={"dossier_code": dossier_code, "event": event})
        if not created:
            return row
        try:
            with transaction.atomic():
                message = send_notification(unit, _notify_channel(unit, channel), recipient, subject, body,
                                            reference=reference)
        except (ValueError, ModuleError) as exc:  # a malformed phone or address; notify off in the unit
            row.error = str(exc)
        else:
            row.message_id = message.pk
        row.save(update_fields=["message_id", "error"])
    return row


def send_event(unit, dossier_code: str, event: str, event_id: int | None) -> list[NoticeLog]:
    """Queue every notice of the event (idempotent); returns their log rows. Nothing where notices is off."""
    sent: list[NoticeLog] = []
    with entered(unit):
        if not is_enabled(unit, MODULE_ID):
            return sent
        dossier = Dossier.objects.filter(code=dossier_code).first()
        if dossier is None:
            return sent
        dossier_event = DossierEvent.objects.filter(pk=event_id).first() if event_id else None
        context = None
        for channel in channels_of(event):
            template = template_for(event, channel)
            recipients = recipients_for(unit, dossier, event, channel) if template and template.active else []
            if not recipients:
                continue
            context = context or context_for(unit, dossier, dossier_event)
            try:
                subject, body = render(template, context)
            except Exception:  # noqa: BLE001 - a template is checked when saved; one failing must not stop the others
                log.exception("notice %s/%s of dossier %s cannot be rendered", event, channel, dossier_code)
                continue
            reference = reference_of(dossier_code, event, event_id, channel)
            for recipient in recipients:
                sent.append(_queue(unit, dossier_code, event, channel, reference, recipient, subject, body))
    return sent
