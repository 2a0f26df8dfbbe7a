"""Notices are written to an outbox in the transaction of the event they tell of, so none waits in memory for the
commit: when the task queued on commit never runs (the process died right after the commit, the broker lost the
message), the periodic sweep sends them, once."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from django_tenants.utils import tenant_context
from test_notices_support import (  # noqa: F401 - fixtures
    EMAIL,
    PHONE,
    PROC,
    fresh_plans_fixture,
    gateway_fixture,
    logs_of,
    mail_in_memory_fixture,
    messages_of,
    office_fixture,
)

from modules.notices.models import NoticeOutbox
from modules.notices.tasks import sweep_outbox
from modules.onestop.services.intake import Application, receive


def test_an_event_whose_task_never_ran_is_sent_by_the_sweep(office, django_capture_on_commit_callbacks):
    unit, people = office
    # The receipt commits (here: its on-commit callbacks are captured and never run, as if the process died).
    with django_capture_on_commit_callbacks() as callbacks, tenant_context(unit):
        dossier = receive(Application(PROC, "counter", applicant_name="Nguyễn Văn An", applicant_phone=PHONE,
                                      applicant_email=EMAIL), actor=people["receiving_officer"])
    assert callbacks, "the task is queued once the transaction commits"
    with tenant_context(unit):
        (row,) = NoticeOutbox.objects.all()
        assert (row.dossier_code, row.event, row.done_at) == (dossier.code, "received", None)
    assert logs_of(unit) == [] and messages_of(unit) == []  # nothing sent yet

    assert sweep_outbox(unit.schema_name) == 0  # a fresh row is left to its own task
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        assert sweep_outbox(unit.schema_name) == 3  # SMS and e-mail to the applicant, e-mail to the staff
        assert sweep_outbox(unit.schema_name) == 0  # swept once
    assert {(m.channel, m.recipient) for m in messages_of(unit)} == {
        ("sms", PHONE), ("email", EMAIL), ("email", people["specialist"].email)}  # the first step's role
    with tenant_context(unit):
        assert NoticeOutbox.objects.get().done_at is not None


def test_the_notice_log_shows_the_carriers_status_in_one_query(office, django_capture_on_commit_callbacks):
    """The unit admin's notice log reads the delivery status of its page's notices from the carrier at once."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from test_notices_support import deliver_all, receive_dossier

    from core.accounts.models import User

    unit, people = office
    receive_dossier(unit, people, django_capture_on_commit_callbacks)
    receive_dossier(unit, people, django_capture_on_commit_callbacks, applicant_phone="09xx-12")  # not queued
    deliver_all(unit)
    client = Client()
    client.force_login(User.objects.create_superuser("ict", "ict@example.invalid", "x"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/admin/notices/noticelog/", HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đã gửi" in text and "Không gửi được" in text
    assert len([q for q in queries.captured_queries if "egov_notify_message" in q["sql"]]) == 1
