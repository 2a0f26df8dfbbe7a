"""A citizen's own online submission still waiting for its applicant to confirm the phone (modules.onestop.services
.unconfirmed) is not a received dossier: the statistics count it on the day it is confirmed and never if the
confirmation expires - a hand-counted Monday and Tuesday, and nothing at a second unit."""

from django_tenants.utils import tenant_context
from test_notices_support import (  # noqa: F401 - fixtures
    PHONE,
    PROC,
    fresh_plans_fixture,
    gateway_fixture,
    mail_in_memory_fixture,
    set_up_office,
)
from unconfirmed_support import at, confirm_phone, counted, fresh_counters_fixture, submit  # noqa: F401 - fixture

from modules.notices.services import confirmation
from modules.onestop.models import Dossier, Status
from modules.onestop.services.intake import Application, receive


def test_an_unconfirmed_submission_is_counted_when_confirmed_and_never_when_it_expires(unit_a, unit_b, gateway):
    people = set_up_office(unit_a)
    set_up_office(unit_b)
    with tenant_context(unit_a):
        receive(Application(PROC, "counter", "Trần Thị Bình", applicant_phone="0987654321"),
                actor=people["receiving_officer"], received_at=at(0, 9))  # counted on Monday, as always
    confirmed = submit(unit_a, at(0, 23, 50))  # filed late on Monday, confirmed on Tuesday 00:05
    confirm_phone(unit_a, confirmed, at(1, 0, 5))
    expired = submit(unit_a, at(0, 10))        # never confirmed: expires at 11:00, withdrawn
    pending = submit(unit_a, at(0, 11))        # still waiting at the end
    with tenant_context(unit_a):
        assert confirmation.expire(unit_a, at=at(0, 11, 30)) == [expired]
        assert Dossier.objects.get(code=expired).status == Status.WITHDRAWN
        assert Dossier.objects.get(code=pending).awaiting_confirmation

    # Hand-counted: Monday holds the counter dossier only (the withdrawn submission was never received); Tuesday the
    # confirmed submission (online, so digitised); both still in progress on time at the end of Tuesday.
    assert counted(unit_a, 0) == {"received_counter": 1, "received_online": 0, "received_digitised": 0,
                                   "withdrawn": 0, "in_progress_on_time": 1, "in_progress_overdue": 0}
    assert counted(unit_a, 1) == {"received_counter": 0, "received_online": 1, "received_digitised": 1,
                                   "withdrawn": 0, "in_progress_on_time": 2, "in_progress_overdue": 0}
    assert counted(unit_b, 0) == counted(unit_b, 1) == dict.fromkeys(counted(unit_b, 0), 0)  # the other unit
