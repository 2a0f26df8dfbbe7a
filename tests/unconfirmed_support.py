"""Helpers of the suites on citizens' online submissions waiting for their applicant's confirmation
(test_statistics_unconfirmed.py, test_onestop_receipt_after_confirmation.py); no tests here."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django_tenants.utils import tenant_context
from test_notices_support import HN, PHONE, PROC, messages_of

from modules.notices.services import confirmation
from modules.onestop.services.intake import Application, receive
from modules.statistics.services.facts import count_day

MONDAY = datetime(2026, 12, 7, tzinfo=HN)
CLIENT = "10.77.0.1"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time of the week of Monday 7 December 2026 (day 0 is the Monday)."""
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


@pytest.fixture(name="_fresh_counters", autouse=True)
def fresh_counters_fixture():
    """Codes sent and tried are counted per phone, client and dossier in the cache: this test's own."""
    _forget()
    yield
    _forget()


def _forget():
    for limit, value in ((confirmation.CODES_PER_CONTACT, PHONE), (confirmation.CODES_PER_CLIENT, CLIENT),
                         (confirmation.TRIES_PER_CLIENT, CLIENT)):
        limit.forget(value)


def submit(unit, when: datetime, competent: str = "") -> str:
    """The citizen's own submission (no officer): held until the phone is confirmed."""
    with time_machine.travel(when, tick=False), tenant_context(unit):
        code = receive(Application(PROC, "online", "Nguyễn Văn An", applicant_phone=PHONE,
                                   competent_unit_code=competent), received_at=when).code
        confirmation.TRIES_PER_DOSSIER.forget(code)
        return code


def confirm_phone(unit, code: str, when: datetime) -> None:
    sent = [m.body for m in messages_of(unit) if m.reference.startswith(f"xac-nhan:{code}:")]
    given = re.search(r": (\d{6})\.", sent[-1]).group(1)
    with time_machine.travel(when, tick=False), tenant_context(unit):
        confirmation.confirm(unit, code, given, client=CLIENT, at=when)


def counted(unit, day: int) -> dict[str, int]:
    with tenant_context(unit):
        figures = count_day((MONDAY + timedelta(days=day)).date(), now=at(9, 12))
    keys = ("received_counter", "received_online", "received_digitised", "withdrawn", "in_progress_on_time",
            "in_progress_overdue")
    return {key: figures.get(PROC, {}).get(key, 0) for key in keys}
