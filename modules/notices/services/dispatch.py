"""Sending the notices of dossier events through an outbox, so that none is lost between a commit and a worker.

The receivers write one NoticeOutbox row per event, in the sender's transaction (`record_event`): a rolled-back
action leaves none, a committed one always leaves it. Once the transaction commits, a task (tasks.send_notices)
queues the event's notices at the carrier (`deliver_outbox`); the periodic sweep (tasks.sweep_outbox) does it for
rows whose task never ran - a crash after the commit, a broker message lost. Each notice is queued with the
reference "<dossier code>:<dossier event id>:<notice channel>", and a NoticeLog row per (reference, channel,
recipient): a hook sent twice, or a row handled twice, sends nothing more.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.modules.errors import ModuleError
from core.modules.services import get_settings, is_enabled
from modules.notices.defaults import channels_of
from modules.notices.events import NoticeChannel
from modules.notices.models import NoticeLog, NoticeOutbox
from modules.notices.services.carriers import carrier
from modules.notices.services.confirmation import channels_allowed
from modules.notices.services.context import MODULE_ID, context_for
from modules.notices.services.recipients import recipients_for
from modules.notices.services.templates import render, template_for
from modules.onestop.services import reads
from tenants.services import entered

log = logging.getLogger(__name__)

REFERENCE_MAX_LENGTH = 100  # the carrier message's reference
SWEEP_AFTER = timedelta(minutes=5)  # a row still pending this long after its commit lost its task
MAX_ATTEMPTS = 20  # a row failing this often is left for the ICT department (it stays in the outbox)


def reference_of(dossier_code: str, event: str, event_id: int | None, channel: str) -> str:
    """The carrier reference of one event's notices on one channel (at most 100 characters)."""
    suffix = f":{event_id or event}:{channel}"
    return dossier_code[:REFERENCE_MAX_LENGTH - len(suffix)] + suffix  # codes are at most 64: kept whole


def record_event(unit, dossier_code: str, event: str, event_id: int | None) -> NoticeOutbox:
    """Called by the receivers, in the unit's schema and inside the sender's transaction: the event's outbox row is
    written there, and its notices are queued by a task once that transaction commits. The same event recorded
    twice is one row."""
    from modules.notices.tasks import send_notices

    row, created = NoticeOutbox.objects.get_or_create(
        key=f"{dossier_code}:{event_id or event}",
        defaults={"dossier_code": dossier_code, "event": event, "event_id": event_id})
    if created:
        send_notices.delay_for(unit, row.pk)
    return row


def deliver_outbox(unit, outbox_id: int) -> list[NoticeLog]:
    """Queue the notices of one outbox row and mark it done; nothing for a row already done (or being done by
    another worker, whose lock it skips)."""
    with entered(unit):
        NoticeOutbox.objects.filter(pk=outbox_id, done_at__isnull=True).update(attempts=F("attempts") + 1)
        with transaction.atomic():
            row = (NoticeOutbox.objects.select_for_update(skip_locked=True)
                   .filter(pk=outbox_id, done_at__isnull=True).first())
            if row is None:
                return []
            sent = send_event(unit, row.dossier_code, row.event, row.event_id)
            row.done_at = timezone.now()
            row.save(update_fields=["done_at"])
    return sent


def pending_outbox(unit, older_than: timedelta = SWEEP_AFTER) -> list[int]:
    """Outbox rows of the unit still pending `older_than` after they were written, oldest first."""
    with entered(unit):
        cutoff = timezone.now() - older_than
        return list(NoticeOutbox.objects.filter(done_at__isnull=True, created_at__lte=cutoff,
                                                attempts__lt=MAX_ATTEMPTS)
                    .order_by("created_at", "id").values_list("pk", flat=True))


def deliver_pending(unit, older_than: timedelta = SWEEP_AFTER) -> list[NoticeLog]:
    """The sweep: queue the notices of every row left pending; returns their log rows."""
    sent: list[NoticeLog] = []
    for outbox_id in pending_outbox(unit, older_than):
        sent += deliver_outbox(unit, outbox_id)
    return sent


def carrier_channel(unit, channel: str) -> str:
    if channel == NoticeChannel.SMS:
        return get_settings(unit, MODULE_ID)["sms_channel"]
    return "email"


def _normalised(found, channel: str, recipient: str) -> str:
    try:
        return found.normalise("email" if channel != NoticeChannel.SMS else "sms", recipient)
    except ValueError:
        return recipient  # refused below, with the reason logged


def _queue(unit, dossier_code: str, event: str, channel: str, reference: str, recipient: str, subject: str,
           body: str) -> NoticeLog:
    """One notice to one recipient: a carrier message and its log row, or a log row saying why there is none."""
    found = carrier()
    if found is None:
        return NoticeLog.objects.get_or_create(reference=reference, channel=channel, recipient=recipient, defaults={
            "dossier_code": dossier_code, "event": event, "error": "no notice carrier (notify) is loaded"})[0]
    recipient = _normalised(found, channel, recipient)
    with transaction.atomic():
        # The row is written first: a second run waits on it, then finds it and sends nothing.
        row, created = NoticeLog.objects.get_or_create(reference=reference, channel=channel, recipient=recipient,
                                                       defaults={"dossier_code": dossier_code, "event": event})
        if not created:
            return row
        try:
            with transaction.atomic():
                row.message_id = found.queue(unit, carrier_channel(unit, channel), recipient, subject, body,
                                             reference=reference)
        except (ValueError, ModuleError) as exc:  # a malformed phone or address; the carrier off in the unit
            row.error = str(exc)
        row.save(update_fields=["message_id", "error"])
    return row


def send_event(unit, dossier_code: str, event: str, event_id: int | None) -> list[NoticeLog]:
    """Queue every notice of the event (idempotent); returns their log rows. Nothing where notices is off."""
    sent: list[NoticeLog] = []
    with entered(unit):
        if not is_enabled(unit, MODULE_ID):
            return sent
        dossier = reads.dossier(dossier_code)
        if dossier is None:
            return sent
        dossier_event = reads.event(event_id) if event_id else None
        context = None
        allowed = channels_allowed(dossier_code)  # a citizen's own online submission: its confirmed contacts only
        for channel in channels_of(event):
            if allowed is not None and channel not in allowed:
                continue
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
