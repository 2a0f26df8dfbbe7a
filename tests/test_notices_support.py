"""Fixtures and helpers of the notices suites (test_notices_*.py); no tests here.

A test runs inside one transaction that never commits, so the task the notices module queues on commit never runs:
`run_notices` handles the unit's outbox rows as the task (or the sweep) would; the notify delivery task is then run
directly, as the notify plug-in's own tests do. SMS go to a local HTTP server standing in for the gateway; e-mail to Django's
in-memory outbox.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import tenant_context
from egov_notify.models import Message
from egov_notify.tasks import RetryLater, deliver_message
from sms_gateway import SmsGateway

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules.services import enable, is_enabled
from modules.catalogue.services import import_sample
from modules.notices.models import NoticeLog
from modules.notices.services import deliver_pending
from modules.onestop.services.intake import Application, receive
from modules.procedures.services.process import adopt_procedure

HN = ZoneInfo("Asia/Ho_Chi_Minh")
PROC = "1.001612"  # household business registration: 3 working days
STEPS = [{"name": "Thẩm định", "role": "specialist", "days": 2}, {"name": "Ký duyệt", "role": "leader", "days": 1}]
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=HN)
PHONE, EMAIL = "0912345678", "an.nguyen@example.vn"
ROLES = ("receiving_officer", "specialist", "leader", "result_officer")
MODULES = ("catalogue", "procedures", "onestop", "notify", "notices")


@pytest.fixture(name="gateway")
def gateway_fixture(monkeypatch):
    gw = SmsGateway()
    monkeypatch.setenv("EGOV_NOTIFY_SMS_URL", gw.url)
    yield gw
    gw.close()


@pytest.fixture(name="_mail_in_memory", autouse=True)
def mail_in_memory_fixture(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(name="_fresh_plans", autouse=True)
def fresh_plans_fixture():
    from modules.onestop.services.plans import forget_plans

    forget_plans()  # each test builds its own catalogue and processes
    yield
    forget_plans()


def set_up_office(unit, *, modules=MODULES, steps=STEPS) -> dict[str, User]:
    """The unit handles PROC with `steps`, enabled `modules`, and has one person per role, each with an e-mail address."""
    import_sample()
    for module_id in modules:
        enable(unit, module_id)
    adopt_procedure(unit, PROC, steps)
    people = {}
    for role in ROLES:
        user = User.objects.create_user(f"{role}-{unit.code}", email=f"{role}@{unit.code}.gov.vn")
        grant_membership(user, unit, [role])
        people[role] = user
    return people


@pytest.fixture(name="office")
def office_fixture(unit_a, gateway):
    return unit_a, set_up_office(unit_a)


def run_notices(unit) -> list[NoticeLog]:
    """Queue the notices of every outbox row the unit has pending, as the task after the commit would (only where
    the module is enabled, as its periodic task: none elsewhere)."""
    if not is_enabled(unit, "notices"):
        return []
    return deliver_pending(unit, older_than=timedelta(0))


def receive_dossier(unit, people, capture, **applicant):
    """A dossier received at the counter on MONDAY, and the notices of its receipt."""
    applicant = {"applicant_name": "Nguyễn Văn An", "applicant_phone": PHONE, "applicant_email": EMAIL, **applicant}
    with capture(), tenant_context(unit):
        dossier = receive(Application(PROC, "counter", **applicant),
                          actor=people["receiving_officer"], received_at=MONDAY)
    return dossier, run_notices(unit)


def act(unit, capture, func, *args, **kwargs):
    """func(*args, **kwargs) in the unit, then the notices it led to: (its result, their log rows)."""
    with capture(), tenant_context(unit):
        result = func(*args, **kwargs)
    return result, run_notices(unit)


def deliver_all(unit) -> dict[int, str]:
    """One delivery attempt for every pending message of the unit: message id -> status afterwards."""
    with tenant_context(unit):
        ids = list(Message.objects.filter(status="pending").order_by("id").values_list("id", flat=True))
    statuses = {}
    for message_id in ids:
        try:
            statuses[message_id] = deliver_message(unit.schema_name, message_id)
        except RetryLater:
            statuses[message_id] = "pending"
    return statuses


def messages_of(unit) -> list[Message]:
    with tenant_context(unit):
        return list(Message.objects.order_by("id"))


def logs_of(unit) -> list[NoticeLog]:
    with tenant_context(unit):
        return list(NoticeLog.objects.order_by("id"))
