from datetime import timedelta
from importlib import metadata

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context
from egov_notify.models import Message
from egov_notify.services import send_notification, stale_messages
from egov_notify.tasks import RetryLater, deliver_message
from sms_gateway import SmsGateway

from core.modules.errors import MODULE_NOT_ENABLED, ModuleError
from core.modules.registry import get_manifest, source_of
from core.modules.services import disable, enable, holds_tables, set_settings


@pytest.fixture
def gateway(monkeypatch):
    gw = SmsGateway()
    monkeypatch.setenv("EGOV_NOTIFY_SMS_URL", gw.url)
    monkeypatch.setenv("EGOV_NOTIFY_SMS_API_KEY", "secret-key")
    yield gw
    gw.close()


def messages_of(unit) -> list[Message]:
    with tenant_context(unit):
        return list(Message.objects.order_by("id"))


def reload(unit, message: Message) -> Message:
    with tenant_context(unit):
        return Message.objects.get(pk=message.pk)


def test_the_plugin_comes_from_its_own_distribution():
    dist = metadata.distribution("egov-notify")
    (entry,) = [ep for ep in dist.entry_points if ep.group == "egov.plugins"]
    assert (entry.name, entry.value) == ("notify", "egov_notify.manifest:MANIFEST")
    assert entry.load() is get_manifest("notify")
    assert source_of("notify") == f"plug-in egov-notify {dist.version}"


def test_a_unit_without_notify_cannot_send(unit_a, unit_b):
    enable(unit_a, "notify")
    with pytest.raises(ModuleError) as err:
        send_notification(unit_b, "email", "dan@example.org", "Hồ sơ", "Đã tiếp nhận")
    assert err.value.code == MODULE_NOT_ENABLED
    assert not holds_tables(unit_b, "notify")  # nothing written: the unit has not even the tables


def test_an_email_is_queued_in_its_unit_then_sent_and_recorded(notify_a, unit_b):
    set_settings(notify_a, "notify", {"email_from": "motcua@xa-a.gov.vn"})
    message = send_notification(notify_a, "email", " dan@example.org ", "Hồ sơ đã tiếp nhận", "Mã hồ sơ: H40-1")
    assert message.status == "pending" and message.recipient == "dan@example.org"
    assert [m.pk for m in messages_of(notify_a)] == [message.pk]
    enable(unit_b, "notify")
    assert messages_of(unit_b) == []  # unit B's schema holds only its own messages

    assert deliver_message(notify_a.schema_name, message.pk) == "sent"
    (sent,) = mail.outbox
    assert sent.to == ["dan@example.org"] and sent.from_email == "motcua@xa-a.gov.vn"
    assert sent.subject == "Hồ sơ đã tiếp nhận" and sent.body == "Mã hồ sơ: H40-1"
    message = reload(notify_a, message)
    assert message.status == "sent" and message.attempts == 1 and message.sent_at is not None
    assert message.provider_id == sent.extra_headers["Message-ID"]
    assert deliver_message(notify_a.schema_name, message.pk) == "sent"  # delivered twice by the broker: sent once
    assert len(mail.outbox) == 1


def test_a_reference_makes_sending_idempotent(notify_a):
    first = send_notification(notify_a, "sms", "0912 345 678", "", "Kết quả đã có", reference="H40-1/result")
    again = send_notification(notify_a, "sms", "0912345678", "", "Kết quả đã có", reference="H40-1/result")
    by_mail = send_notification(notify_a, "email", "dan@example.org", "", "Kết quả đã có", reference="H40-1/result")
    assert again.pk == first.pk and by_mail.pk != first.pk
    send_notification(notify_a, "console", "dev", "", "không tham chiếu")
    send_notification(notify_a, "console", "dev", "", "không tham chiếu")
    assert len(messages_of(notify_a)) == 4


def test_bad_requests_are_refused_before_anything_is_queued(notify_a):
    for channel, recipient, body in [("fax", "1", "x"), ("email", "not-an-address", "x"), ("sms", "12ab", "x"),
                                     ("console", "dev", "  ")]:
        with pytest.raises(ValueError):
            send_notification(notify_a, channel, recipient, "", body)
    assert messages_of(notify_a) == []


def test_sms_go_through_the_gateway_with_the_units_brand_name(notify_a, gateway):
    set_settings(notify_a, "notify", {"sms_sender": "UBND XA A"})
    message = send_notification(notify_a, "sms", "+84 912 345 678", "", "Hồ sơ H40-1 đã có kết quả", reference="r1")
    assert deliver_message(notify_a.schema_name, message.pk) == "sent"
    assert gateway.requests == [{"to": "+84912345678", "text": "Hồ sơ H40-1 đã có kết quả", "sender": "UBND XA A",
                                 "reference": "r1"}]
    assert gateway.authorizations == ["Bearer secret-key"]
    message = reload(notify_a, message)
    assert (message.status, message.provider_id, message.attempts) == ("sent", "gw-1", 1)


def test_a_gateway_error_is_retried_and_the_attempts_recorded(notify_a, gateway):
    gateway.answers = [(503, {"error": "busy"})]
    message = send_notification(notify_a, "sms", "0912345678", "", "Nhắc lịch hẹn")
    with pytest.raises(RetryLater):  # called directly, Celery hands the retry back as the exception
        deliver_message(notify_a.schema_name, message.pk)
    message = reload(notify_a, message)
    assert (message.status, message.attempts) == ("pending", 1) and "503" in message.last_error
    assert deliver_message(notify_a.schema_name, message.pk) == "sent"
    message = reload(notify_a, message)
    assert (message.status, message.attempts, message.last_error) == ("sent", 2, "")


def test_a_refused_message_fails_at_once_and_modules_hear_of_it(install_plugin, notify_a, unit_b, gateway):
    probe = install_plugin("probe")
    enable(notify_a, "probe")
    gateway.answers = [(400, {"error": "invalid number"})]
    message = send_notification(notify_a, "sms", "0912345678", "", "Thông báo")
    assert deliver_message(notify_a.schema_name, message.pk) == "failed"
    message = reload(notify_a, message)
    assert message.status == "failed" and message.attempts == 1 and "invalid number" in message.last_error
    (call,) = [c for c in probe.CALLS if c[0] == "notify.message_failed"]
    assert call[1:3] == ("91001", notify_a.schema_name)
    assert call[3]["message_id"] == message.pk and call[3]["channel"] == "sms"


def test_a_message_fails_once_the_units_attempts_are_used_up(notify_a, gateway):
    set_settings(notify_a, "notify", {"max_attempts": 2})
    gateway.answers = [(500, {}), (502, {})]
    message = send_notification(notify_a, "sms", "0912345678", "", "Thông báo")
    with pytest.raises(RetryLater):
        deliver_message(notify_a.schema_name, message.pk)
    assert deliver_message(notify_a.schema_name, message.pk) == "failed"
    assert reload(notify_a, message).attempts == 2


def test_an_unreachable_or_missing_gateway(notify_a, monkeypatch):
    monkeypatch.setenv("EGOV_NOTIFY_SMS_URL", "http://127.0.0.1:9/sms")  # the discard port: nothing listens
    message = send_notification(notify_a, "sms", "0912345678", "", "Thông báo")
    with pytest.raises(RetryLater):
        deliver_message(notify_a.schema_name, message.pk)
    assert "unreachable" in reload(notify_a, message).last_error
    monkeypatch.delenv("EGOV_NOTIFY_SMS_URL")
    assert deliver_message(notify_a.schema_name, message.pk) == "failed"
    assert "EGOV_NOTIFY_SMS_URL" in reload(notify_a, message).last_error


def test_the_console_channel_writes_to_the_workers_output(notify_a, capsys):
    message = send_notification(notify_a, "console", "dev", "Tiêu đề", "Nội dung", reference="c1")
    assert deliver_message(notify_a.schema_name, message.pk) == "sent"
    assert "[notify] to dev (c1): Tiêu đề\nNội dung" in capsys.readouterr().out


def test_messages_wait_while_notify_is_off_and_lost_ones_are_found(notify_a):
    message = send_notification(notify_a, "console", "dev", "", "Chờ")
    disable(notify_a, "notify")
    assert deliver_message(notify_a.schema_name, message.pk) is None
    assert reload(notify_a, message).status == "pending"
    enable(notify_a, "notify")
    assert stale_messages(notify_a) == []
    with tenant_context(notify_a):
        Message.objects.filter(pk=message.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    assert stale_messages(notify_a) == [message.pk]
