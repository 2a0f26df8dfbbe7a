"""Citizens and staff are told of receipt, supplement requests, transfers, extensions and results: once per event,
after the commit, only where the unit enabled notices."""

from datetime import datetime

import pytest
from django.core import mail
from django_tenants.utils import tenant_context
from test_notices_support import (  # noqa: F401 - fixtures
    EMAIL,
    HN,
    MODULES,
    PHONE,
    act,
    deliver_all,
    fresh_plans_fixture,
    gateway_fixture,
    logs_of,
    mail_in_memory_fixture,
    messages_of,
    office_fixture,
    receive_dossier,
    run_notices,
    set_up_office,
)

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules import hooks
from core.modules.errors import HAS_DEPENDENTS, MISSING_DEPENDENCY, ModuleError
from core.modules.services import disable, enable, holds_tables, is_enabled
from modules.notices.models import NoticeOutbox
from modules.notices.services import deliver_outbox, notices_for
from modules.onestop.hooks import dossier_changed
from modules.onestop.services.actions import perform
from modules.onestop.services.transfers import transfer
from modules.onestop.services.transitions import TransitionError
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage


def sent(logs) -> set[tuple[str, str, str]]:
    return {(log.event, log.channel, log.recipient) for log in logs}


def test_a_received_dossier_sends_one_sms_and_one_email_to_the_applicant(office, gateway, django_capture_on_commit_callbacks):
    unit, people = office
    dossier, logs = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    assert sent(logs) == {("received", "sms", PHONE), ("received", "email", EMAIL),
                          ("received", "staff_email", people["specialist"].email)}  # the first step is theirs
    assert all(log.message_id and not log.error for log in logs)
    assert gateway.requests == [] and mail.outbox == []  # queued: a worker sends them

    assert set(deliver_all(unit).values()) == {"sent"}
    (sms,) = gateway.requests
    assert sms["to"] == PHONE and dossier.code in sms["text"] and "10/12/2026 09:00" in sms["text"]
    to_applicant, to_staff = sorted(mail.outbox, key=lambda m: m.to != [EMAIL])
    assert to_applicant.to == [EMAIL] and to_applicant.subject == f"Đã tiếp nhận hồ sơ {dossier.code}"
    assert "Kính gửi Ông/Bà “Nguyễn Văn An”" in to_applicant.body and "Ngày hẹn trả kết quả: 10/12/2026 09:00" in to_applicant.body
    assert to_staff.to == [people["specialist"].email] and "Thẩm định" in to_staff.body
    with tenant_context(unit):
        assert [(n.channel, n.status) for n in notices_for(dossier.code)] == [
            ("sms", "sent"), ("email", "sent"), ("staff_email", "sent")]


def test_an_applicant_without_phone_or_email_gets_what_they_gave(office, django_capture_on_commit_callbacks):
    unit, people = office
    _, logs = receive_dossier(unit, people, django_capture_on_commit_callbacks, applicant_phone="",
                              applicant_email="")
    assert [log.channel for log in logs] == ["staff_email"]
    _, logs = receive_dossier(unit, people, django_capture_on_commit_callbacks, applicant_email="")
    assert [log.channel for log in logs] == ["sms", "staff_email"]


def test_supplement_extension_and_result_each_notify_once(office, gateway, django_capture_on_commit_callbacks):
    unit, people = office
    capture = django_capture_on_commit_callbacks
    dossier, _ = receive_dossier(unit, people, capture)
    code = dossier.code
    _, logs = act(unit, capture, perform, code, "start", actor=people["receiving_officer"])
    assert logs == []  # starting work is nobody's news
    _, logs = act(unit, capture, perform, code, "request_supplement", actor=people["specialist"],
                  reason="Thiếu giấy tờ", data={"items": ["Bản sao CCCD", "Hợp đồng thuê nhà"]},
                  at=datetime(2026, 12, 8, 9, tzinfo=HN))
    assert sent(logs) == {("supplement_requested", "sms", PHONE), ("supplement_requested", "email", EMAIL),
                          ("supplement_requested", "staff_email", people["specialist"].email)}
    back, _ = act(unit, capture, perform, code, "supplement_received", actor=people["receiving_officer"],
                  at=datetime(2026, 12, 9, 9, tzinfo=HN))
    promised = back.due_at.astimezone(HN).strftime("%d/%m/%Y %H:%M")
    _, logs = act(unit, capture, perform, code, "extend", actor=people["leader"], reason="Cần xác minh thực địa",
                  data={"new_due": "2026-12-18"})
    assert {log.channel for log in logs} == {"sms", "email", "staff_email"}
    act(unit, capture, perform, code, "forward", actor=people["specialist"])
    _, logs = act(unit, capture, perform, code, "approve", actor=people["leader"])
    assert sent(logs) == {("result_ready", "sms", PHONE), ("result_ready", "email", EMAIL),
                          ("result_ready", "staff_email", people["result_officer"].email)}

    deliver_all(unit)
    texts = [r["text"] for r in gateway.requests]
    assert len(texts) == 4  # received, supplement, extension, result: one SMS each
    assert "Bản sao CCCD; Hợp đồng thuê nhà" in texts[1]
    assert "xin lỗi" in texts[2] and promised in texts[2] and "18/12/2026" in texts[2]
    assert "đã có kết quả" in texts[3]
    apology = next(m for m in mail.outbox if m.to == [EMAIL] and "Xin lỗi" in m.subject)
    assert "Lý do: Cần xác minh thực địa" in apology.body and "Ngày hẹn trả kết quả mới: 18/12/2026" in apology.body
    with tenant_context(unit):
        events = [n.event for n in notices_for(code) if n.channel == "sms"]
    assert events == ["received", "supplement_requested", "extended", "result_ready"]


def test_a_refusal_tells_the_applicant_why(office, gateway, django_capture_on_commit_callbacks):
    unit, people = office
    dossier, _ = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    _, logs = act(unit, django_capture_on_commit_callbacks, perform, dossier.code, "refuse", actor=people["leader"],
                  reason="Ngành nghề kinh doanh bị cấm")
    assert sent(logs) == {("refused", "sms", PHONE), ("refused", "email", EMAIL)}  # no staff notice for a refusal
    deliver_all(unit)
    assert "Lý do: Ngành nghề kinh doanh bị cấm" in gateway.requests[-1]["text"]


def test_the_same_event_twice_sends_once(office, gateway, django_capture_on_commit_callbacks):
    unit, people = office
    capture = django_capture_on_commit_callbacks
    dossier, _ = receive_dossier(unit, people, capture)
    act(unit, capture, perform, dossier.code, "start", actor=people["receiving_officer"])
    _, first = act(unit, capture, perform, dossier.code, "request_supplement", actor=people["specialist"],
                   reason="Thiếu", data={"items": ["Bản sao CCCD"]})
    before = len(messages_of(unit))
    # The hook delivered again (a retried sender): the event's outbox row is the same one, already handled.
    with capture(), tenant_context(unit):
        hooks.send(dossier_changed, unit, dossier_code=dossier.code, action="request_supplement",
                   from_status="in_process", to_status="waiting_supplement")
    assert run_notices(unit) == []
    # Its notices queued again (a row handled twice by two workers, or its task run twice): the same ones.
    with tenant_context(unit):
        row = NoticeOutbox.objects.get(event="supplement_requested")
        NoticeOutbox.objects.filter(pk=row.pk).update(done_at=None)
    assert [log.pk for log in deliver_outbox(unit, row.pk)] == [log.pk for log in first]
    assert deliver_outbox(unit, row.pk) == []
    assert len(messages_of(unit)) == before and len(logs_of(unit)) == before

    deliver_all(unit)
    (message_id,) = [log.message_id for log in first if log.channel == "sms"]
    from egov_notify.tasks import deliver_message

    assert deliver_message(unit.schema_name, message_id) == "sent"  # the task delivered twice by the broker
    supplement_sms = [r for r in gateway.requests if "cần bổ sung" in r["text"]]
    assert len(supplement_sms) == 1


def test_a_rolled_back_action_notifies_nobody(office, django_capture_on_commit_callbacks):
    unit, people = office
    dossier, _ = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    with tenant_context(unit):
        before = list(NoticeOutbox.objects.values_list("key", flat=True))
    with django_capture_on_commit_callbacks(), tenant_context(unit), pytest.raises(TransitionError):
        perform(dossier.code, "approve", actor=people["leader"])  # not in process yet: refused, nothing changes
    with tenant_context(unit):
        assert list(NoticeOutbox.objects.values_list("key", flat=True)) == before
    assert run_notices(unit) == []


def test_a_transfer_tells_the_applicant_and_the_receiving_units_staff(office, unit_b, gateway,
                                                                       django_capture_on_commit_callbacks):
    unit, people = office
    capture = django_capture_on_commit_callbacks
    people_b = set_up_office(unit_b, steps=[{"name": "Xử lý liên thông", "role": "leader", "days": 1}])
    dossier, _ = receive_dossier(unit, people, capture)
    act(unit, capture, perform, dossier.code, "start", actor=people["receiving_officer"])
    _, logs = act(unit, capture, transfer, dossier.code, actor=people["specialist"], to_unit_code=unit_b.code,
                  note="Chuyển huyện")
    assert sent(logs) == {("transferred", "sms", PHONE), ("transferred", "email", EMAIL),
                          ("transferred", "staff_email", people["specialist"].email)}
    deliver_all(unit)
    assert unit_b.name in gateway.requests[-1]["text"]

    with tenant_context(unit):
        (outbox,) = OutboxMessage.objects.filter(status="pending")
    with capture():
        messaging.deliver(unit.schema_name, str(outbox.id))
    logs_b = run_notices(unit_b)
    # Unit B tells its own staff; the applicant already heard from unit A, which will hand the result over.
    assert sent(logs_b) == {("received", "staff_email", people_b["leader"].email)}
    assert len(logs_of(unit)) == 6 and all(m.channel == "email" for m in messages_of(unit_b))


def test_nothing_is_sent_where_notices_is_off(unit_a, unit_b, django_capture_on_commit_callbacks):
    people = set_up_office(unit_a, modules=[m for m in MODULES if m != "notices"])
    dossier, logs = receive_dossier(unit_a, people, django_capture_on_commit_callbacks)
    assert logs == [] and messages_of(unit_a) == [] and not holds_tables(unit_a, "notices")
    enable(unit_a, "notices")
    _, logs = receive_dossier(unit_a, people, django_capture_on_commit_callbacks)
    assert len(logs) == 3
    assert not holds_tables(unit_b, "notify")  # nor in another unit: it has not even the carrier's tables


def test_notices_need_notify_enabled_and_keep_it_on(unit_a):
    for module_id in ("catalogue", "procedures", "onestop"):
        enable(unit_a, module_id)
    with pytest.raises(ModuleError) as err:
        enable(unit_a, "notices")
    assert err.value.code == MISSING_DEPENDENCY and not is_enabled(unit_a, "notices")
    enable(unit_a, "notify")
    enable(unit_a, "notices")
    with pytest.raises(ModuleError) as err:
        disable(unit_a, "notify")
    assert err.value.code == HAS_DEPENDENTS and is_enabled(unit_a, "notify")
    disable(unit_a, "notices")
    assert disable(unit_a, "notify") is True


def test_staff_notices_fall_back_to_the_leaders(unit_a, django_capture_on_commit_callbacks):
    people = set_up_office(unit_a)
    User.objects.filter(pk=people["specialist"].pk).update(email="")
    other_specialist = User.objects.create_user("specialist-2", email="")
    grant_membership(other_specialist, unit_a, ["specialist"])
    _, logs = receive_dossier(unit_a, people, django_capture_on_commit_callbacks)
    assert [(log.channel, log.recipient) for log in logs if log.channel == "staff_email"] == [
        ("staff_email", people["leader"].email)]
