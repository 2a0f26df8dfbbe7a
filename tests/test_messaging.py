"""Messages between units: written in the sender's transaction, received once, never visible to a third unit."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from tenants.messaging import services
from tenants.messaging.handlers import UnknownMessageKind, message_handler
from tenants.messaging.models import InboxMessage, OutboxMessage
from tenants.models import Unit, UnitStatus

calls: list[str] = []


@message_handler("test.echo")
def _echo(message):
    if message.payload.get("explode"):
        raise RuntimeError("handler failed")
    calls.append(str(message.id))
    return {"received_in": connection.schema_name, "n": message.payload["n"]}


@pytest.fixture(autouse=True)
def _reset_calls():
    calls.clear()


def _send(sender, receiver, **payload):
    with tenant_context(sender):
        return services.send(receiver.code, "test.echo", payload)


def test_a_message_is_delivered_once_and_the_reply_comes_back(unit_a, unit_b):
    message = _send(unit_a, unit_b, n=1)
    assert services.deliver(unit_a.schema_name, str(message.id)) == "delivered"
    assert services.deliver(unit_a.schema_name, str(message.id)) == "delivered"  # redelivery changes nothing
    assert calls == [str(message.id)]
    with tenant_context(unit_b):
        inbox = InboxMessage.objects.get()
        assert inbox.sender_code == unit_a.code and inbox.result == {"received_in": unit_b.schema_name, "n": 1}
    with tenant_context(unit_a):
        sent = OutboxMessage.objects.get()
        assert sent.status == "delivered" and sent.reply["received_in"] == unit_b.schema_name
        assert sent.delivered_at is not None


def test_a_receiver_that_is_down_gets_the_message_when_it_is_back(unit_a, unit_b):
    Unit.objects.filter(pk=unit_b.pk).update(status=UnitStatus.SUSPENDED)
    message = _send(unit_a, unit_b, n=2)
    with pytest.raises(services.ReceiverUnavailable):
        services.deliver(unit_a.schema_name, str(message.id))
    with tenant_context(unit_a):
        pending = OutboxMessage.objects.get()
        assert pending.status == "pending" and pending.attempts == 1 and "not ready" in pending.last_error
    Unit.objects.filter(pk=unit_b.pk).update(status=UnitStatus.READY)
    assert services.deliver(unit_a.schema_name, str(message.id)) == "delivered"
    assert len(calls) == 1


def test_a_failing_handler_leaves_nothing_behind_and_the_message_pending(unit_a, unit_b):
    message = _send(unit_a, unit_b, n=3, explode=True)
    with pytest.raises(RuntimeError):
        services.deliver(unit_a.schema_name, str(message.id))
    with tenant_context(unit_b):
        assert not InboxMessage.objects.exists()
    with tenant_context(unit_a):
        assert OutboxMessage.objects.get().status == "pending"
    services.mark_failed(unit_a.schema_name, str(message.id))
    with tenant_context(unit_a):
        assert OutboxMessage.objects.get().status == "failed"
        assert services.retry_failed([str(message.id)]) == 1
        assert OutboxMessage.objects.get().status == "pending"


def test_messages_are_visible_only_to_sender_and_receiver(unit_a, unit_b, make_unit):
    unit_c = make_unit("91003", "Xã Thử Nghiệm C")
    message = _send(unit_a, unit_b, n=4)
    services.deliver(unit_a.schema_name, str(message.id))
    with tenant_context(unit_c):
        assert not OutboxMessage.objects.exists() and not InboxMessage.objects.exists()
    with tenant_context(unit_b):
        assert not OutboxMessage.objects.exists()
    with tenant_context(unit_a):
        assert not InboxMessage.objects.exists()


def test_bad_sends_are_refused_in_the_senders_transaction(unit_a, unit_b):
    with tenant_context(unit_a):
        with pytest.raises(UnknownMessageKind):
            services.send(unit_b.code, "nobody.listens", {})
        with pytest.raises(ValueError):
            services.send(unit_a.code, "test.echo", {"n": 0})
        assert not OutboxMessage.objects.exists()
    with pytest.raises(RuntimeError):
        services.send(unit_b.code, "test.echo", {"n": 0})  # outside any unit


def test_an_unknown_receiver_keeps_the_message_pending(unit_a):
    with tenant_context(unit_a):
        message = services.send("99999", "test.echo", {"n": 5})
    with pytest.raises(services.ReceiverUnavailable):
        services.deliver(unit_a.schema_name, str(message.id))


def test_the_sweeper_takes_lost_messages_but_leaves_a_retry_chain_alone(unit_a, unit_b):
    from datetime import timedelta

    lost = _send(unit_a, unit_b, n=6)
    Unit.objects.filter(pk=unit_b.pk).update(status=UnitStatus.SUSPENDED)
    retrying = _send(unit_a, unit_b, n=7)
    with pytest.raises(services.ReceiverUnavailable):
        services.deliver(unit_a.schema_name, str(retrying.id))
    with tenant_context(unit_a):
        swept = services.pending_older_than(timedelta(0), quiet_for=timedelta(minutes=20))
        assert swept == [str(lost.id)]  # never tried: its task was lost
        later = services.pending_older_than(timedelta(0), quiet_for=timedelta(0))
        assert sorted(later) == sorted([str(lost.id), str(retrying.id)])  # a chain silent too long is taken again


def test_the_sweeper_visits_only_units_with_stale_messages(unit_a, unit_b, make_unit):
    from datetime import timedelta

    make_unit("91004", "Xã Không Có Thư")
    _send(unit_a, unit_b, n=8)
    assert services.units_with_stale_messages(timedelta(0)) == [unit_a.schema_name]
    assert services.units_with_stale_messages(timedelta(hours=1)) == []
