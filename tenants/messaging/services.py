"""Sending a message to another unit and delivering it: never lost, never applied twice.

`send()` writes an outbox row in the sender's schema inside the caller's transaction, and queues delivery when that
transaction commits. `deliver()` then, in ONE database transaction, locks the outbox row, writes the inbox row in the
receiver's schema (its primary key is the message id: a redelivery finds it and runs nothing), runs the receiver's
handler there, and marks the outbox row delivered with the handler's reply. A crash anywhere rolls all of it back and
the message stays pending for the retry or the sweeper.
"""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from tenants.messaging.handlers import handler_for
from tenants.messaging.models import InboxMessage, OutboxMessage, OutboxStatus
from tenants.models import Unit, UnitStatus

log = logging.getLogger(__name__)


class ReceiverUnavailable(Exception):
    """The receiving unit is unknown or not ready; delivery is retried later."""


def _current_unit() -> Unit:
    unit = getattr(connection, "tenant", None)
    if not isinstance(unit, Unit):
        raise RuntimeError("send() must run inside the sending unit's schema")
    return unit


def send(receiver_code: str, kind: str, payload: dict) -> OutboxMessage:
    """Queue a message from the current unit to another one (delivery starts after the transaction commits)."""
    sender = _current_unit()
    handler_for(kind)  # fail now, in the sender's transaction, for a kind nobody can receive
    if receiver_code == sender.code:
        raise ValueError("a unit cannot send a message to itself")
    message = OutboxMessage.objects.create(receiver_code=receiver_code, kind=kind, payload=payload)
    schema, message_id = sender.schema_name, str(message.id)
    transaction.on_commit(lambda: _queue(schema, message_id))
    return message


def _queue(sender_schema: str, message_id: str) -> None:
    from tenants.messaging.tasks import deliver_message

    deliver_message.delay(sender_schema, message_id)


def deliver(sender_schema: str, message_id: str) -> str:
    """Deliver one message. Returns its status; raises ReceiverUnavailable or the handler's error to be retried."""
    sender = Unit.objects.get(schema_name=sender_schema)
    try:
        with transaction.atomic():
            connection.set_tenant(sender)
            message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
            if message is None or message.status != OutboxStatus.PENDING:
                return message.status if message else "missing"
            connection.set_schema_to_public()
            receiver = Unit.objects.filter(code=message.receiver_code).first()
            if receiver is None or receiver.status != UnitStatus.READY:
                raise ReceiverUnavailable(f"unit {message.receiver_code} is not ready")
            connection.set_tenant(receiver)
            inbox, created = InboxMessage.objects.get_or_create(
                pk=message.pk, defaults={"sender_code": sender.code, "kind": message.kind, "payload": message.payload})
            if created:
                inbox.result = handler_for(message.kind)(inbox)
                inbox.save(update_fields=["result"])
            connection.set_tenant(sender)
            message.status, message.reply = OutboxStatus.DELIVERED, inbox.result
            message.delivered_at = message.last_attempt_at = timezone.now()
            message.attempts += 1
            message.save(update_fields=["status", "reply", "delivered_at", "last_attempt_at", "attempts"])
            return message.status
    except Exception as exc:
        _record_failure(sender, message_id, exc)
        raise
    finally:
        connection.set_schema_to_public()


def _record_failure(sender: Unit, message_id: str, exc: Exception) -> None:
    connection.set_tenant(sender)
    OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).update(
        attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000], last_attempt_at=timezone.now())
    connection.set_schema_to_public()


def mark_failed(sender_schema: str, message_id: str) -> None:
    """After the last retry: visible as failed; `retry_failed()` puts it back in the queue."""
    sender = Unit.objects.get(schema_name=sender_schema)
    connection.set_tenant(sender)
    try:
        OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).update(status=OutboxStatus.FAILED)
    finally:
        connection.set_schema_to_public()


def retry_failed(message_ids: list[str]) -> int:
    """Put failed messages of the current unit back in the queue."""
    sender = _current_unit()
    ids = list(OutboxMessage.objects.filter(pk__in=message_ids, status=OutboxStatus.FAILED).values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxStatus.PENDING, last_error="")
    for message_id in ids:
        transaction.on_commit(lambda m=str(message_id): _queue(sender.schema_name, m))
    return len(ids)


def pending_older_than(age: timedelta, quiet_for: timedelta) -> list[str]:
    """Ids of the current unit's messages pending after `age` whose task may have been lost with a broker: never
    tried, or not tried for `quiet_for` (longer than any retry delay), so a retry chain still waiting is left alone."""
    now = timezone.now()
    return [str(pk) for pk in OutboxMessage.objects.filter(status=OutboxStatus.PENDING, created_at__lt=now - age)
            .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=now - quiet_for))
            .values_list("pk", flat=True)]



_STALE_BATCH = 50


def units_with_stale_messages(age: timedelta) -> list[str]:
    """Schemas of ready units holding pending messages older than `age`: what the sweeper visits (one statement per
    50 units instead of a task per unit)."""
    schemas = list(Unit.objects.filter(status=UnitStatus.READY).values_list("schema_name", flat=True))
    cutoff = timezone.now() - age
    found: list[str] = []
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(%s) "
                    "AND to_regclass(quote_ident(nspname) || '.messaging_outboxmessage') IS NOT NULL", [schemas])
        present = sorted(row[0] for row in cur.fetchall())  # names read back from the catalogue
        for start in range(0, len(present), _STALE_BATCH):
            batch = present[start:start + _STALE_BATCH]
            cur.execute(" UNION ALL ".join(
                f"SELECT '{s}' WHERE EXISTS (SELECT 1 FROM \"{s}\".messaging_outboxmessage "
                f"WHERE status = 'pending' AND created_at < %(cutoff)s)" for s in batch), {"cutoff": cutoff})
            found += [row[0] for row in cur.fetchall()]
    return found
