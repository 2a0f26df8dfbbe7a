"""The plug-in's API: queue a notification for a unit; delivering and requeueing are what its tasks run.

    from egov_notify.services import send_notification
    send_notification(unit, "sms", "0912345678", "", "Hồ sơ 000.00.13.H40-250101-0001 đã có kết quả.",
                      reference="000.00.13.H40-250101-0001/result")
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.modules import hooks
from core.modules.services import get_settings, require_enabled
from egov_notify.channels import SENDERS, DeliveryError, normalise_recipient
from egov_notify.choices import Channel, Status
from egov_notify.hooks import message_failed
from egov_notify.models import Message
from tenants.services import entered

MODULE_ID = "notify"
# Longer than the longest retry back-off of the delivery task: a message pending this long lost its task.
STALE_AFTER = timedelta(hours=1, minutes=10)


def send_notification(unit, channel: str, recipient: str, subject: str, body: str, *, reference: str = "") -> Message:
    """Record a message in the unit's queue and have a worker send it once the transaction commits.

    With a `reference`, asking again for the same (reference, channel, recipient) returns the first message and
    sends nothing more. Raises ModuleError (MODULE_NOT_ENABLED) where the unit has not enabled notify, and
    ValueError for an unknown channel, a malformed recipient or an empty body.
    """
    from egov_notify.tasks import deliver_message

    require_enabled(unit, MODULE_ID)
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}; one of {', '.join(Channel.values)}")
    recipient = normalise_recipient(channel, recipient)
    if not body.strip():
        raise ValueError("the body is empty")
    if len(subject) > Message._meta.get_field("subject").max_length or len(reference) > 100:
        raise ValueError("the subject or the reference is too long")
    with entered(unit), transaction.atomic():
        if reference:
            message, created = Message.objects.get_or_create(
                reference=reference, channel=channel, recipient=recipient, defaults={"subject": subject, "body": body})
        else:
            message, created = Message.objects.create(channel=channel, recipient=recipient, subject=subject,
                                                      body=body), True
        if created:
            deliver_message.delay_for(unit, message.pk)
    return message


def _sender(channel: str, values: dict) -> str:
    return {Channel.EMAIL: values["email_from"], Channel.SMS: values["sms_sender"]}.get(channel, "")


def deliver(unit, message_id: int) -> Message | None:
    """One attempt at sending a pending message, recorded on it; a sent or failed message is left as it is.

    The row stays locked while the channel works, so two workers never send the same message at once.
    A permanent failure, or the unit's `max_attempts` reached, marks it failed and sends notify.message_failed.
    """
    values = get_settings(unit, MODULE_ID)
    with entered(unit), transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != Status.PENDING:
            return message
        message.attempts += 1
        try:
            provider_id = SENDERS[message.channel](message.recipient, message.subject, message.body,
                                                   _sender(message.channel, values), message.reference)
        except DeliveryError as exc:
            message.last_error = str(exc)[:2000]
            if exc.permanent or message.attempts >= values["max_attempts"]:
                message.status = Status.FAILED
        else:
            message.status, message.sent_at = Status.SENT, timezone.now()
            message.provider_id, message.last_error = provider_id[:100], ""
        message.save()
        if message.status == Status.FAILED:
            hooks.send(message_failed, unit, message_id=message.pk, channel=message.channel,
                       recipient=message.recipient, error=message.last_error)
    return message


def stale_messages(unit) -> list[int]:
    """Pending messages nothing touched for longer than any retry waits: their delivery task was lost."""
    with entered(unit):
        cutoff = timezone.now() - STALE_AFTER
        return list(Message.objects.filter(status=Status.PENDING, updated_at__lt=cutoff).values_list("pk", flat=True))


def retry(unit, message_ids) -> int:
    """Send failed messages again (from the admin, once the cause is fixed): they start over as pending."""
    from egov_notify.tasks import deliver_message

    with entered(unit), transaction.atomic():
        ids = list(Message.objects.filter(pk__in=message_ids, status=Status.FAILED).values_list("pk", flat=True))
        Message.objects.filter(pk__in=ids).update(status=Status.PENDING, attempts=0, last_error="",
                                                  updated_at=timezone.now())
        for pk in ids:
            deliver_message.delay_for(unit, pk)
    return len(ids)
