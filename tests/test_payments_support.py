"""Helpers of the payments suites (test_payments_*.py); no tests here.

Units pay through the sandbox gateway plug-in (egov-paysandbox), the stand-in for a real provider: its pay page is
driven over HTTP like a payer would, and the signed callback it produces is posted to the unit like the provider
would post it.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import Client
from django_tenants.utils import tenant_context

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules.services import enable, set_settings
from modules.catalogue.services import import_sample
from modules.onestop.models import Dossier
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import forget_plans
from modules.payments.models import Fee, Payment, PaymentEvent
from modules.procedures.services.process import adopt_procedure

HN = ZoneInfo("Asia/Ho_Chi_Minh")
PROC = "1.004222"  # permanent residence: 20.000 đ at the counter, 10.000 đ online
STEPS = [{"name": "Thẩm định", "role": "specialist", "days": 0.5}, {"name": "Ký duyệt", "role": "leader", "days": 0.5}]
ROLES = ("receiving_officer", "specialist", "leader", "result_officer")
MODULES = ("catalogue", "procedures", "onestop", "payments", "paysandbox")
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=HN)


def set_up_office(unit, *, modules=MODULES, procedures=(PROC,)) -> dict[str, User]:
    """The unit handles `procedures`, enabled `modules` (the sandbox as its gateway), one person per role."""
    forget_plans()  # each test builds its own catalogue and processes: none of an earlier test's plans is kept
    import_sample()
    for module_id in modules:
        enable(unit, module_id)
    for code in procedures:
        adopt_procedure(unit, code, STEPS)
    if "paysandbox" in modules:
        set_settings(unit, "payments", {"gateway": "paysandbox", "return_url": "/tra-cuu/"})
    people = {}
    for role in ROLES:
        user = User.objects.create_user(f"{role}-{unit.code}")
        grant_membership(user, unit, [role])
        people[role] = user
    return people


def receive_dossier(unit, people, channel="counter", procedure=PROC) -> str:
    with tenant_context(unit):
        return receive(Application(procedure, channel, "Nguyễn Văn An", applicant_phone="0912345678"),
                       actor=people["receiving_officer"], received_at=MONDAY).code


def waiting_for_payment(unit, people, channel="counter") -> str:
    """A dossier in process whose specialist asked for the fee to be paid."""
    code = receive_dossier(unit, people, channel)
    with tenant_context(unit):
        perform(code, "start", actor=people["receiving_officer"])
        perform(code, "request_payment", actor=people["specialist"])
    return code


def client_for(unit, user=None) -> Client:
    """A client speaking to the unit through the gateway (platform host, unit header)."""
    client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)
    if user is not None:
        client.force_login(user)
    return client


def snapshot(unit, code: str) -> dict:
    """Everything a callback may change for a dossier, to compare before and after."""
    with tenant_context(unit):
        return {
            "dossier": Dossier.objects.get(code=code).status,
            "events": Dossier.objects.get(code=code).events.count(),
            "fees": list(Fee.objects.filter(dossier_code=code).order_by("id").values_list("status", "paid_at",
                                                                                           "payment_reference")),
            "payments": list(Payment.objects.filter(fee__dossier_code=code).order_by("id")
                             .values_list("status", "completed_at")),
            "payment_events": PaymentEvent.objects.count(),
        }
