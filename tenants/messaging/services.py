"""Sending a message to another unit and delivering it: never lost, never applied twice.

`send()` writes an outbox row in the sender's schema inside the caller's transaction, and queues delivery when that
transaction commits. `deliver()` then, in ONE database transaction, locks the outbox row, writes the inbox row in the
receiver's schema (its primary key is the message id: a redelivery finds it and runs nothing), runs the receiver's
handler there, and marks the outbox row delivered with the handler's reply. A crash anywhere rolls all of it back and
the message stays pending for the retry or the sweeper.
"""

import functools
import json
import logging
from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from tenants.database_servers import DEFAULT
from tenants.messaging.handlers import MessageRefused, failure_handler_for, handler_for, subject_of
from tenants.messaging.models import InboxMessage, OutboxMessage, OutboxStatus
from tenants.models import Forwarding, Unit, UnitStatus
from tenants.services.across_schemas import across_schemas, across_servers, on_each_server
from tenants.services.forwarding import follow
from tenants.services.unit_context import current_unit, entered, on_server
from tenants.services.units_over_time import forwarded, is_ended

log = logging.getLogger(__name__)


class ReceiverUnavailable(Exception):
    """The receiving unit is unknown or not ready; delivery is retried later."""


def _current_unit() -> Unit:
    unit = current_unit()
    if unit is None:
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
    """Deliver one message. Returns its status; raises ReceiverUnavailable or the handler's error to be retried.
    A handler's MessageRefused is not retried: the message is failed at once ("failed"). The connection is back on
    the caller's tenant afterwards."""
    sender = Unit.objects.get(schema_name=sender_schema)
    try:
        # The sender's transaction, on its server. A receiver on another server commits its inbox row on its own
        # just before: should the sender's commit then fail, the redelivery finds the inbox row and applies nothing.
        with entered(sender), transaction.atomic():
            message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
            if message is None or message.status != OutboxStatus.PENDING:
                return message.status if message else "missing"
            receiver = _receiver_of(message)
            if receiver is not None and receiver.code != message.receiver_code:
                # Its receiver ended in a reorganisation: the message goes to the successor, never to the archive.
                message.receiver_code = receiver.code
                message.save(update_fields=["receiver_code"])
            if receiver is None or receiver.status != UnitStatus.READY:
                raise ReceiverUnavailable(f"unit {message.receiver_code} is not ready")
            refusal = None
            with entered(receiver):
                try:
                    with transaction.atomic():  # a refusal takes back the inbox row and all the handler did
                        inbox, created = InboxMessage.objects.get_or_create(
                            pk=message.pk,
                            defaults={"sender_code": sender.code, "kind": message.kind, "payload": message.payload})
                        if created:
                            inbox.result = handler_for(message.kind)(inbox)
                            inbox.save(update_fields=["result"])
                except MessageRefused as exc:
                    refusal = exc
            if refusal is not None:
                message.reply = {"accepted": False, "refused": refusal.code, "message": str(refusal)}
                return _fail(message, f"{refusal.code}: {refusal}")
            message.status, message.reply = OutboxStatus.DELIVERED, inbox.result
            message.delivered_at = message.last_attempt_at = timezone.now()
            message.attempts += 1
            message.save(update_fields=["status", "reply", "delivered_at", "last_attempt_at", "attempts"])
            return message.status
    except Exception as exc:
        _record_failure(sender, message_id, exc)
        raise


def _receiver_of(message: OutboxMessage) -> Unit | None:
    """The unit a message goes to: its receiver, or for an ended one the successor holding the record the message is
    about (handlers.message_subject), else its principal successor."""
    unit = Unit.objects.filter(code=message.receiver_code).first()
    subject = subject_of(message.kind, message.payload) if unit is not None and is_ended(unit) else None
    if subject is not None:
        holder = follow(*subject, unit)
        if holder.pk != unit.pk:
            return forwarded(holder.code)
    return forwarded(message.receiver_code)


def _record_failure(sender: Unit, message_id: str, exc: Exception) -> None:
    with entered(sender):
        OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000],
            last_attempt_at=timezone.now())


def _fail(message: OutboxMessage, error: str | None = None) -> str:
    """The message fails for good (in the sender's schema and transaction): marked failed, and the sending module's
    failure handler for its kind (handlers.failure_handler) runs in the same transaction."""
    message.status, message.last_attempt_at = OutboxStatus.FAILED, timezone.now()
    if error is not None:  # a refusal: this attempt's outcome; after the last retry, the last error is kept
        message.attempts, message.last_error = message.attempts + 1, error[:2000]
    on_failure = failure_handler_for(message.kind)
    if on_failure is not None and on_failure(message):
        message.reply = {**(message.reply or {}), "taken_back": True}  # the sender undid it: never requeued
    message.save(update_fields=["status", "attempts", "last_error", "last_attempt_at", "reply"])
    return message.status


def mark_failed(sender_schema: str, message_id: str) -> None:
    """After the last retry: visible as failed (`failed_messages()`), the sender's failure handler told;
    `retry_failed()` puts it back in the queue."""
    sender = Unit.objects.get(schema_name=sender_schema)
    with entered(sender), transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id, status=OutboxStatus.PENDING).first()
        if message is not None:
            _fail(message)


def retry_failed(message_ids: list[str]) -> int:
    """Put failed messages of the current unit back in the queue, except those the sender took back (a failed
    transfer whose dossier is back at the sender is sent again by its clerk, not requeued)."""
    sender = _current_unit()
    ids = [pk for pk, reply in OutboxMessage.objects.filter(pk__in=message_ids, status=OutboxStatus.FAILED)
           .values_list("pk", "reply") if not (reply or {}).get("taken_back")]
    OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxStatus.PENDING, last_error="")
    for message_id in ids:
        transaction.on_commit(lambda m=str(message_id): _queue(sender.schema_name, m))
    return len(ids)


def failed_here(limit: int = 200) -> list[dict]:
    """The current unit's failed messages, the latest first (the workspace's page; `retry_failed` sends them again).
    `retryable` is False for those the sender took back: the clerk sends the dossier again instead."""
    rows = (OutboxMessage.objects.filter(status=OutboxStatus.FAILED).order_by("-last_attempt_at", "-created_at")
            .values("id", "receiver_code", "kind", "payload", "attempts", "last_error", "last_attempt_at", "reply"))
    return [{"id": str(r["id"]), "receiver": r["receiver_code"], "kind": r["kind"],
             "code": (r["payload"] or {}).get("code", ""), "attempts": r["attempts"], "last_error": r["last_error"],
             "failed_at": r["last_attempt_at"], "retryable": not (r["reply"] or {}).get("taken_back")}
            for r in rows[:limit]]


def pending_older_than(age: timedelta, quiet_for: timedelta) -> list[str]:
    """Ids of the current unit's messages pending after `age` whose task may have been lost with a broker: never
    tried, or not tried for `quiet_for` (longer than any retry delay), so a retry chain still waiting is left alone."""
    now = timezone.now()
    return [str(pk) for pk in OutboxMessage.objects.filter(status=OutboxStatus.PENDING, created_at__lt=now - age)
            .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=now - quiet_for))
            .values_list("pk", flat=True)]



def _across_outboxes(select: str, params: dict) -> list[tuple]:
    """Rows of `select` (with {schema} for the schema's name) run on every ready unit's outbox, batched."""
    units = Unit.objects.filter(status=UnitStatus.READY).values_list("schema_name", flat=True)
    return across_servers(units, select, params, table="messaging_outboxmessage")


def outbox_totals() -> dict[str, int]:
    """{status: messages} summed over every ready unit's outbox (metrics, `egov doctor`): one statement per 50 units."""
    totals = dict.fromkeys(OutboxStatus.values, 0)
    for status, count in _across_outboxes(
            "SELECT status, count(*) FROM \"{schema}\".messaging_outboxmessage "
            "WHERE status <> 'delivered' GROUP BY status", {}):
        totals[status] = totals.get(status, 0) + count
    return totals


def units_with_stale_messages(age: timedelta) -> list[str]:
    """Schemas of ready units holding pending messages older than `age`: what the sweeper visits (one statement per
    50 units instead of a task per unit)."""
    return [row[0] for row in _across_outboxes(
        "SELECT '{schema}' WHERE EXISTS (SELECT 1 FROM \"{schema}\".messaging_outboxmessage "
        "WHERE status = 'pending' AND created_at < %(cutoff)s)", {"cutoff": timezone.now() - age})]


def failed_messages(limit: int = 500) -> list[dict]:
    """The failed messages of every unit, the latest first: what the ICT department follows up (`egov messages
    failed`). Each names its sender and receiver, kind, dossier or document code when the payload has one, attempts,
    the last error and when."""
    rows = _across_outboxes(
        "SELECT '{schema}', id, receiver_code, kind, payload->>'code', attempts, last_error, last_attempt_at "
        "FROM \"{schema}\".messaging_outboxmessage WHERE status = 'failed'", {})
    senders = dict(Unit.objects.values_list("schema_name", "code"))
    found = [{"sender": senders.get(r[0], r[0]), "id": str(r[1]), "receiver": r[2], "kind": r[3], "code": r[4] or "",
              "attempts": r[5], "last_error": r[6], "failed_at": r[7]} for r in rows]
    found.sort(key=lambda m: m["failed_at"].timestamp() if m["failed_at"] else 0, reverse=True)
    return found[:limit]


def _schemas_with_pending_to(code: str) -> list[str]:
    units = Unit.objects.filter(status__in=[UnitStatus.READY, UnitStatus.SUSPENDED]).values_list("schema_name", flat=True)
    return [row[0] for row in across_servers(
        units, "SELECT '{schema}' WHERE EXISTS (SELECT 1 FROM \"{schema}\".messaging_outboxmessage "
               "WHERE status = 'pending' AND receiver_code = %(code)s)", {"code": code},
        table="messaging_outboxmessage")]


def pending_to(code: str) -> int:
    """Messages of every unit still pending for the unit `code` (a reorganisation's dry run counts them)."""
    units = Unit.objects.filter(status__in=[UnitStatus.READY, UnitStatus.SUSPENDED]).values_list("schema_name", flat=True)
    rows = across_servers(units, "SELECT count(*) FROM \"{schema}\".messaging_outboxmessage "
                                 "WHERE status = 'pending' AND receiver_code = %(code)s", {"code": code},
                          table="messaging_outboxmessage")
    return sum(row[0] for row in rows)


def pending_counts(codes) -> dict[str, int]:
    """`pending_to` for many units at once: one pass over every unit's outbox (a whole country's dry run asks for
    thousands of ended units; one pass each would read every outbox thousands of times)."""
    codes = list(codes)
    if not codes:
        return {}
    units = Unit.objects.filter(status__in=[UnitStatus.READY, UnitStatus.SUSPENDED]).values_list("schema_name", flat=True)
    rows = across_servers(units, "SELECT receiver_code, count(*) FROM \"{schema}\".messaging_outboxmessage "
                                 "WHERE status = 'pending' AND receiver_code = ANY(%(codes)s) GROUP BY receiver_code",
                          {"codes": codes}, table="messaging_outboxmessage")
    found: dict[str, int] = {}
    for code, n in rows:
        found[code] = found.get(code, 0) + n
    return found


def unsent_counts(units) -> dict[str, int]:
    """{unit code: its own messages not arrived yet} (pending, or failed and not taken back by the sender) for these
    units: what a reorganisation's successors send again (sweep_outbox). One pass over their outboxes."""
    codes = {u.schema_name: u.code for u in units}
    if not codes:
        return {}
    rows = across_servers(list(codes), "SELECT '{schema}', count(*) FROM \"{schema}\".messaging_outboxmessage "
                                       "WHERE status = 'pending' OR (status = 'failed' "
                                       "AND NOT coalesce((reply->>'taken_back')::boolean, false))", {},
                          table="messaging_outboxmessage")
    return {codes[schema]: n for schema, n in rows if n}


def schemas_with_pending_to(codes) -> set[str]:
    """The schemas (catalogue names) holding pending messages for any of `codes`: one pass over every outbox, so a
    reorganisation's steps each look only there (`readdress_pending(..., among=...)`)."""
    codes = list(codes)
    if not codes:
        return set()
    units = Unit.objects.filter(status__in=[UnitStatus.READY, UnitStatus.SUSPENDED]).values_list("schema_name", flat=True)
    return {row[0] for row in across_servers(
        units, "SELECT '{schema}' WHERE EXISTS (SELECT 1 FROM \"{schema}\".messaging_outboxmessage "
               "WHERE status = 'pending' AND receiver_code = ANY(%(codes)s))", {"codes": codes},
        table="messaging_outboxmessage")}


def readdress_pending(old_code: str, new_code: str, among: set[str] | None = None) -> int:
    """Re-address every unit's pending messages for `old_code` (a unit ending in a reorganisation, in its carry
    transaction): each to the successor holding the record it is about (handlers.message_subject: a split unit's
    dossier went to one of several successors), else to `new_code`, the principal successor. A delivery task already
    queued reads the new receiver from the row. Returns how many.
    `among`: only these schemas (from schemas_with_pending_to at the start of the run: a message queued since is
    delivered to the successor anyway, `deliver` forwarding an ended unit's code the same way).
    Senders on another database server are re-addressed once the carry commits (two databases, no two-phase commit;
    should that fail, delivery forwards their messages all the same): counted now, changed then."""
    schemas = _schemas_with_pending_to(old_code) if among is None else sorted(among)
    if not schemas:
        return 0
    moved_to = _moved_records(old_code)
    later: list[tuple[str, list[str]]] = []

    def readdress(names: list[str]) -> list[int]:
        if connection.alias == DEFAULT:  # the caller's server: in the caller's transaction
            return [_readdress(names, old_code, new_code, moved_to)]
        later.append((connection.alias, names))
        return [sum(row[0] for row in across_schemas(
            names, "SELECT count(*) FROM \"{schema}\".messaging_outboxmessage "
                   "WHERE status = 'pending' AND receiver_code = %(code)s", {"code": old_code}))]

    moved = sum(on_each_server(schemas, readdress))
    for alias, names in later:
        transaction.on_commit(functools.partial(_readdress_on, alias, names, old_code, new_code, moved_to))
    return moved


def _moved_records(old_code: str) -> dict[tuple[str, str], str]:
    """{(forwarding kind, key): the code of the unit holding it now} for the records that left unit `old_code` (its
    modules' carry has written their forwarding addresses just before, in the same transaction)."""
    return {(kind, key): to for kind, key, to in Forwarding.objects.filter(from_unit__code=old_code)
            .values_list("kind", "key", "to_unit__code")}


def _target(kind: str, payload, moved_to: dict[tuple[str, str], str]) -> str | None:
    subject = subject_of(kind, payload) if moved_to else None
    return moved_to.get(subject) if subject is not None else None


def _readdress(schemas: list[str], old_code: str, new_code: str, moved_to: dict[tuple[str, str], str]) -> int:
    moved = 0
    with connection.cursor() as cur:
        for schema in schemas:
            if moved_to:  # those about a record that left: to its holder
                cur.execute(f'SELECT id, kind, payload FROM "{schema}".messaging_outboxmessage '
                            "WHERE status = 'pending' AND receiver_code = %s", [old_code])
                by_target: dict[str, list] = defaultdict(list)
                for pk, kind, payload in cur.fetchall():
                    payload = json.loads(payload) if isinstance(payload, str) else payload  # raw jsonb text
                    target = _target(kind, payload, moved_to)
                    if target is not None and target != new_code:
                        by_target[target].append(pk)
                for target, ids in by_target.items():
                    cur.execute(f'UPDATE "{schema}".messaging_outboxmessage SET receiver_code = %s '
                                "WHERE id = ANY(%s::uuid[])", [target, [str(i) for i in ids]])
                    moved += cur.rowcount
            cur.execute(f'UPDATE "{schema}".messaging_outboxmessage SET receiver_code = %s '
                        "WHERE status = 'pending' AND receiver_code = %s", [new_code, old_code])
            moved += cur.rowcount
    return moved


def _readdress_on(alias: str, schemas: list[str], old_code: str, new_code: str,
                  moved_to: dict[tuple[str, str], str]) -> None:
    with on_server(alias), transaction.atomic():
        _readdress(schemas, old_code, new_code, moved_to)


def sweep_outbox(old: Unit, principal: Unit) -> int:
    """An ending unit's own messages still on their way - pending (in a retry chain or not) or failed and not taken
    back by their sender - sent again as its successor: the one holding the record each is about
    (handlers.message_subject), else `principal`; under the same id, so the receiver's inbox takes each once whichever
    copy arrives. In the carry's transaction, after the modules' carry (their forwarding addresses). The old row is
    marked forwarded: its delivery task, if still queued, finds it no longer pending and does nothing. Pending ones
    are queued from the successor once the carry commits; failed ones wait there for its staff (`retry_failed`).
    A message to what is now its own successor stays where it is (a unit does not write to itself): it is delivered
    from the archive by its queued task. An old unit on another database server has its rows marked once the carry
    commits (no two-phase commit; meanwhile both copies may be delivered, and the inbox takes the id once).
    Returns how many were swept."""
    caller = connection.alias
    with entered(old), transaction.atomic():  # on the caller's server, a savepoint: the locks last until its commit
        same_server = connection.alias == caller
        rows = [m for m in OutboxMessage.objects.select_for_update()
                .filter(status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED]).order_by("created_at")
                if not (m.status == OutboxStatus.FAILED and (m.reply or {}).get("taken_back"))]
    if not rows:
        return 0
    moved_to = _moved_records(old.code)
    by_target: dict[str, list[OutboxMessage]] = defaultdict(list)
    for message in rows:
        target = _target(message.kind, message.payload, moved_to) or principal.code
        if target != message.receiver_code:
            by_target[target].append(message)
    swept: dict[str, list[str]] = {}
    for target in Unit.objects.filter(code__in=list(by_target)):
        messages = by_target[target.code]
        with entered(target):
            OutboxMessage.objects.bulk_create([OutboxMessage(
                id=m.id, receiver_code=m.receiver_code, kind=m.kind, payload=m.payload, status=m.status,
                attempts=m.attempts, last_error=m.last_error, reply=m.reply, last_attempt_at=m.last_attempt_at)
                for m in messages])
        for m in messages:
            if m.status == OutboxStatus.PENDING:
                transaction.on_commit(functools.partial(_queue, target.schema_name, str(m.pk)))
        swept[target.code] = [str(m.pk) for m in messages]
    if same_server:
        _mark_forwarded(old, swept)
    else:
        transaction.on_commit(functools.partial(_mark_forwarded, old, swept))
    return sum(len(ids) for ids in swept.values())


def _mark_forwarded(old: Unit, swept: dict[str, list[str]]) -> None:
    with entered(old), transaction.atomic():
        for target_code, ids in swept.items():
            OutboxMessage.objects.filter(pk__in=ids, status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED]).update(
                status=OutboxStatus.FORWARDED, reply={"sent_by": target_code})
