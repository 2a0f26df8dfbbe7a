"""One look-up address (modules.tracking.services.lookup_url) on the platform's one public address
(EGOV_PUBLIC_URL): SMS and e-mails carry the same address as the receipt's QR code (tests/test_printing_forms.py),
the unit's own when it set one; the public page answers at /tra-cuu/ and still at /m/tracking/."""

from django.core import mail
from django.test import Client
from test_notices_support import (  # noqa: F401 - fixtures
    EMAIL,
    deliver_all,
    fresh_plans_fixture,
    gateway_fixture,
    mail_in_memory_fixture,
    office_fixture,
    receive_dossier,
)

from core.modules.services import enable


def _applicant_mail():
    return next(m for m in mail.outbox if m.to == [EMAIL])


def test_sms_and_email_carry_the_platforms_lookup_address(office, gateway, settings,
                                                          django_capture_on_commit_callbacks):
    settings.EGOV_PUBLIC_URL = "https://dichvucong.example.gov.vn/"
    unit, people = office
    dossier, _logs = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    deliver_all(unit)
    address = f"https://dichvucong.example.gov.vn/tra-cuu/?ma={dossier.code}"
    (sms,) = gateway.requests
    assert address in sms["text"] and address in _applicant_mail().body
    assert ":8000" not in sms["text"]


def test_sms_and_email_carry_the_units_own_lookup_address(office, gateway, settings,
                                                          django_capture_on_commit_callbacks):
    settings.EGOV_PUBLIC_URL = "https://dichvucong.example.gov.vn"
    unit, people = office
    enable(unit, "tracking", {"lookup_url": "https://motcua.xathunghiem.gov.vn/tra-cuu?ho-so={code}"})
    dossier, _logs = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    deliver_all(unit)
    address = f"https://motcua.xathunghiem.gov.vn/tra-cuu?ho-so={dossier.code}"
    (sms,) = gateway.requests
    assert address in sms["text"] and address in _applicant_mail().body


def test_the_lookup_page_answers_at_the_vietnamese_address_and_the_module_one(db):
    client = Client()
    for path in ("/tra-cuu/", "/m/tracking/"):
        page = client.get(path, {"ma": "91001-261207-0001"}, HTTP_HOST="localhost")
        assert page.status_code == 200 and 'value="91001-261207-0001"' in page.content.decode(), path
