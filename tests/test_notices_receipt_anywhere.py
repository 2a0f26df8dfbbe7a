"""Receipt regardless of boundary (Decree 118/2025/NĐ-CP): the applicant of a dossier received at a commune's point
for a department hears of its outcome - a result, a refusal or a stop - once, from the point that returns it, as for
an ordinary result; the department deciding it tells its own staff only; a unit of another province sees nothing."""

import pytest
from django_tenants.utils import tenant_context
from test_notices_support import (  # noqa: F401 - fixtures
    EMAIL,
    MONDAY,
    PHONE,
    PROC,
    fresh_plans_fixture,
    gateway_fixture,
    logs_of,
    mail_in_memory_fixture,
    messages_of,
    run_notices,
    set_up_office,
)

from modules.onestop.models import Status
from modules.onestop.services import reads
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage, OutboxStatus


@pytest.fixture
def province(make_unit, gateway):
    """Province 95: its department decides PROC, its commune receives for it; commune 96001 of another province."""
    make_unit("95", "Tỉnh Thử Nghiệm", kind="province")
    department = make_unit("95010", "Sở Thử Nghiệm", kind="department", parent="95")
    commune = make_unit("95001", "Xã Biên Giới", kind="commune", parent="95")
    stranger = make_unit("96001", "Xã Tỉnh Khác", kind="commune")
    return department, commune, stranger, set_up_office(department), set_up_office(commune), set_up_office(stranger)


def _deliver(unit, capture) -> None:
    """The unit's messages to other units, delivered (their receivers' hooks commit their notices' outbox rows)."""
    with tenant_context(unit):
        ids = [str(i) for i in OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
               .order_by("created_at").values_list("id", flat=True)]
    for message_id in ids:
        with capture():
            messaging.deliver(unit.schema_name, message_id)


def _received_at_commune(department, commune, com, capture) -> str:
    with capture(), tenant_context(commune):
        code = receive(Application(PROC, "counter", "Nguyễn Văn An", applicant_phone=PHONE, applicant_email=EMAIL,
                                   competent_unit_code=department.code),
                       actor=com["receiving_officer"], received_at=MONDAY).code
    run_notices(commune)
    _deliver(commune, capture)
    run_notices(department)
    return code


def _at(unit, capture, code, *steps) -> list:
    """(action, actor, kwargs) in the unit, then the notices they led to there."""
    with capture(), tenant_context(unit):
        for action, actor, kwargs in steps:
            perform(code, action, actor=actor, **kwargs)
    return run_notices(unit)


def _told(logs, event) -> set[tuple[str, str]]:
    return {(log.channel, log.recipient) for log in logs if log.event == event}


def test_the_departments_result_is_told_to_the_applicant_by_the_commune_that_returns_it(
        province, django_capture_on_commit_callbacks):
    department, commune, stranger, dept, com, _other = province
    capture = django_capture_on_commit_callbacks
    code = _received_at_commune(department, commune, com, capture)
    before = len(logs_of(commune))

    decided = _at(department, capture, code, ("start", dept["receiving_officer"], {}),
                  ("forward", dept["specialist"], {}), ("approve", dept["leader"], {}))
    # the department's staff hear of it; the applicant does not, from there
    assert _told(decided, "result_ready") == {("staff_email", dept["result_officer"].email)}
    _deliver(department, capture)
    with tenant_context(commune):
        assert reads.dossier(code).status == Status.RESULT_READY
    back = run_notices(commune)
    assert _told(back, "result_ready") == {("sms", PHONE), ("email", EMAIL),
                                           ("staff_email", com["result_officer"].email)}  # who hands it over
    assert len(logs_of(commune)) == before + 3
    sms = [m for m in messages_of(commune) if m.channel == "sms" and m.reference.startswith(f"{code}:")][-1]
    assert code in sms.body and "kết quả" in sms.body.lower()
    assert messages_of(stranger) == [] and logs_of(stranger) == []


@pytest.mark.parametrize(("action", "data", "event"), [
    ("refuse", {}, "refused"),
    ("stop", {"data": {"stop_reason": "applicant_request"}}, "stopped"),
])
def test_a_refusal_or_a_stop_by_the_department_is_told_once_from_the_commune(
        province, django_capture_on_commit_callbacks, action, data, event):
    department, commune, _stranger, dept, com, _other = province
    capture = django_capture_on_commit_callbacks
    code = _received_at_commune(department, commune, com, capture)

    decided = _at(department, capture, code, ("start", dept["receiving_officer"], {}),
                  (action, dept["leader"], {"reason": "Người nộp đề nghị", **data}))
    assert _told(decided, event) == set()  # left to the point
    _deliver(department, capture)
    back = run_notices(commune)
    assert _told(back, event) == {("sms", PHONE), ("email", EMAIL)}
    sms = [m for m in messages_of(commune) if m.channel == "sms" and m.reference.startswith(f"{code}:")][-1]
    assert "Người nộp đề nghị" in sms.body
    # the whole story, once each: the receipt and the outcome, from the commune only
    assert [m.channel for m in messages_of(department) if m.recipient in (PHONE, EMAIL)] == []
