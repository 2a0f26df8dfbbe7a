"""Notice templates: defaults in code, a unit's own text used in that unit only, invalid templates refused."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_tenants.utils import tenant_context
from modules_support import enable_modules
from test_notices_support import (  # noqa: F401 - fixtures
    fresh_plans_fixture,
    gateway_fixture,
    mail_in_memory_fixture,
    messages_of,
    office_fixture,
    receive_dossier,
    set_up_office,
)

from core.accounts.models import User
from modules.notices.defaults import DEFAULTS
from modules.notices.models import NoticeTemplate
from modules.notices.services import SMS_MAX_LENGTH, template_for, validate_template


@pytest.mark.parametrize("event, channel", sorted(DEFAULTS))
def test_every_default_is_a_valid_template(event, channel):
    subject, body = DEFAULTS[(event, channel)]
    validate_template(event, channel, subject, body)


def test_a_units_own_template_is_used_in_that_unit_only(office, unit_b, django_capture_on_commit_callbacks):
    unit, people = office
    people_b = set_up_office(unit_b)
    with tenant_context(unit):
        NoticeTemplate.objects.create(event="received", channel="sms",
                                      body="UBND xã A nhận hồ sơ {{ code }}, hẹn {{ appointment }}.")
    dossier_a, _ = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    dossier_b, _ = receive_dossier(unit_b, people_b, django_capture_on_commit_callbacks)
    (sms_a,) = [m for m in messages_of(unit) if m.channel == "sms"]
    (sms_b,) = [m for m in messages_of(unit_b) if m.channel == "sms"]
    assert sms_a.body == f"UBND xã A nhận hồ sơ {dossier_a.code}, hẹn 10/12/2026 09:00."
    assert sms_b.body.startswith(f"{unit_b.name}: đã tiếp nhận hồ sơ {dossier_b.code}")
    with tenant_context(unit_b):
        assert not NoticeTemplate.objects.exists() and not template_for("received", "sms").edited


def test_a_template_switched_off_is_not_sent(office, django_capture_on_commit_callbacks):
    unit, people = office
    with tenant_context(unit):
        NoticeTemplate.objects.create(event="received", channel="staff_email", subject="x", body="y", active=False)
    _, logs = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    assert sorted(log.channel for log in logs) == ["email", "sms"]


@pytest.mark.parametrize("event, channel, subject, body, field, words", [
    ("received", "sms", "", "Hồ sơ {{ code ", "body", "chưa đóng"),
    ("received", "sms", "", "Hồ sơ {% if code %}{{ code }}", "body", "cú pháp"),
    ("received", "sms", "", "Hồ sơ {{ ma_ho_so }} đã nhận", "body", "ma_ho_so"),
    ("received", "email", "Hồ sơ {{ code.owner }}", "Nội dung", "subject", "code.owner"),
    ("received", "sms", "", "{% include 'x.txt' %}", "body", "không hiển thị được"),
    ("received", "sms", "", "{% debug %}", "body", "debug"),
    ("received", "sms", "", "{{ procedure_name }} " * 5, "body", f"tối đa {SMS_MAX_LENGTH}"),
    ("received", "sms", "Tiêu đề", "Hồ sơ {{ code }}", "subject", "không có tiêu đề"),
    ("received", "email", "", "Hồ sơ {{ code }}", "subject", "cần có tiêu đề"),
    ("received", "email", "Hồ sơ", "{% if not code %}{{ reason }}{% endif %}", "body", "trống"),
    ("refused", "staff_email", "Hồ sơ", "Hồ sơ {{ code }}", "channel", "không gửi qua kênh này"),
])
def test_an_invalid_template_is_refused(unit_a, event, channel, subject, body, field, words):
    enable_modules(unit_a, "notify", "notices")  # notices needs the notify plug-in enabled first (its manifest)
    with tenant_context(unit_a):
        with pytest.raises(ValidationError) as err:
            NoticeTemplate.objects.create(event=event, channel=channel, subject=subject, body=body)
        assert words in " ".join(err.value.message_dict[field])
        assert not NoticeTemplate.objects.exists()


def test_a_long_text_is_cut_to_the_sms_limit(office, django_capture_on_commit_callbacks):
    unit, people = office
    with tenant_context(unit):
        NoticeTemplate.objects.create(event="received", channel="sms", body="{{ applicant_name }} {{ applicant_name }} {{ code }}")
    receive_dossier(unit, people, django_capture_on_commit_callbacks, applicant_name="Nguyễn " * 28)
    (sms,) = [m for m in messages_of(unit) if m.channel == "sms"]
    assert len(sms.body) == SMS_MAX_LENGTH and sms.body.endswith("…")


def test_the_unit_admin_starts_from_the_default_and_refuses_a_broken_template(office):
    unit, _people = office
    client = Client()
    client.force_login(User.objects.create_superuser("ict", "ict@example.invalid", "x"))
    to_unit = {"HTTP_HOST": "localhost", "HTTP_X_EGOV_UNIT": unit.code}
    url = "/admin/notices/noticetemplate/add/"
    page = client.get(f"{url}?event=extended&channel=email", **to_unit).content.decode()
    assert "Xin lỗi và hẹn lại ngày trả kết quả" in page and "previous_appointment" in page
    response = client.post(url, {"event": "received", "channel": "sms", "subject": "", "body": "{{ ma }}",
                                 "active": "on"}, **to_unit)
    assert response.status_code == 200 and "ma" in response.content.decode()
    response = client.post(url, {"event": "received", "channel": "sms", "subject": "", "body": "Đã nhận {{ code }}",
                                 "active": "on"}, **to_unit)
    assert response.status_code == 302
    with tenant_context(unit):
        assert NoticeTemplate.objects.get().body == "Đã nhận {{ code }}"
