"""Delivery status kept with the dossier's notices: retries, failures with their error, the GraphQL field."""

import pytest
from api_support import add_member, codes, gql
from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context
from egov_notify.tasks import RetryLater, deliver_message
from test_notices_support import (  # noqa: F401 - fixtures
    EMAIL,
    MODULES,
    PHONE,
    deliver_all,
    fresh_plans_fixture,
    gateway_fixture,
    mail_in_memory_fixture,
    office_fixture,
    receive_dossier,
    set_up_office,
)

from core.modules.services import set_settings
from modules.notices.services import notices_for


def by_channel(unit, code) -> dict:
    with tenant_context(unit):
        return {n.channel: n for n in notices_for(code)}


def test_a_failing_channel_is_retried_then_recorded_as_failed(office, gateway, django_capture_on_commit_callbacks):
    unit, people = office
    set_settings(unit, "notify", {"max_attempts": 3})
    gateway.answers = [(503, {"error": "busy"})] * 3
    dossier, logs = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    (sms,) = [log for log in logs if log.channel == "sms"]
    for _attempt in range(2):
        with pytest.raises(RetryLater):  # called directly, Celery hands the retry back as the exception
            deliver_message(unit.schema_name, sms.message_id)
        assert by_channel(unit, dossier.code)["sms"].status == "pending"
    assert deliver_message(unit.schema_name, sms.message_id) == "failed"
    deliver_all(unit)  # the e-mails go through
    notices = by_channel(unit, dossier.code)
    assert (notices["sms"].status, notices["sms"].attempts) == ("failed", 3) and "503" in notices["sms"].error
    assert notices["sms"].status_label == "Lỗi" and notices["sms"].event_label == "Tiếp nhận hồ sơ"
    assert (notices["email"].status, notices["email"].attempts, notices["email"].error) == ("sent", 1, "")
    assert len(gateway.requests) == 3 and [m.to for m in mail.outbox if m.to == [EMAIL]] == [[EMAIL]]


def test_a_malformed_phone_is_recorded_and_the_email_still_goes(office, django_capture_on_commit_callbacks):
    unit, people = office
    dossier, logs = receive_dossier(unit, people, django_capture_on_commit_callbacks, applicant_phone="09xx-12")
    notices = by_channel(unit, dossier.code)
    assert notices["sms"].status == "not_queued" and "phone number" in notices["sms"].error
    assert notices["email"].status == "pending"
    deliver_all(unit)
    assert by_channel(unit, dossier.code)["email"].status == "sent"


def test_sms_can_go_to_the_console_while_a_unit_has_no_gateway(office, capsys, django_capture_on_commit_callbacks):
    unit, people = office
    set_settings(unit, "notices", {"sms_channel": "console"})
    dossier, _ = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    deliver_all(unit)
    assert f"[notify] to {PHONE}" in capsys.readouterr().out
    assert by_channel(unit, dossier.code)["sms"].status == "sent"


QUERY = """query($code: String!) {
  noticesOfDossier(code: $code) { event eventLabel channel recipient status statusLabel attempts error createdAt sentAt }
}"""


def test_the_dossiers_notices_through_the_api(office, unit_b, django_capture_on_commit_callbacks):
    unit, people = office
    dossier, _ = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    deliver_all(unit)
    client = Client()
    client.force_login(people["specialist"])
    status, body = gql(client, QUERY, {"code": dossier.code}, unit=unit)
    assert status == 200 and "errors" not in body, body
    rows = body["data"]["noticesOfDossier"]
    assert [(r["event"], r["channel"], r["status"]) for r in rows] == [
        ("RECEIVED", "SMS", "SENT"), ("RECEIVED", "EMAIL", "SENT"), ("RECEIVED", "STAFF_EMAIL", "SENT")]
    assert rows[0]["recipient"] == PHONE and rows[0]["sentAt"] and rows[0]["statusLabel"] == "Đã gửi"

    assert codes(gql(client, QUERY, {"code": "000-000000-0000"}, unit=unit)[1]) == ["NOT_FOUND"]
    outsider = add_member(unit, "no-role", roles=())
    client.force_login(outsider)
    assert codes(gql(client, QUERY, {"code": dossier.code}, unit=unit)[1]) == ["PERMISSION_DENIED"]
    set_up_office(unit_b, modules=[m for m in MODULES if m != "notices"])
    client.force_login(add_member(unit_b, "leader-b", roles=("leader",)))
    assert codes(gql(client, QUERY, {"code": dossier.code}, unit=unit_b)[1]) == ["MODULE_NOT_ENABLED"]
