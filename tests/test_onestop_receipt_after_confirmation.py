"""A citizen's own online submission filed at a receiving point for another unit (receipt regardless of boundary)
goes to that unit only when its applicant confirms the phone, once: before, nothing there and no message; after, one
message and the dossier there with its confirmation time; an expired one never goes. A unit of another province sees
nothing."""

import pytest
from django_tenants.utils import tenant_context
from test_notices_support import (  # noqa: F401 - fixtures
    PROC,
    fresh_plans_fixture,
    gateway_fixture,
    mail_in_memory_fixture,
    set_up_office,
)
from unconfirmed_support import at, confirm_phone, fresh_counters_fixture, submit  # noqa: F401 - fixture

from modules.notices.services import confirmation
from modules.onestop.models import Dossier, Status
from modules.onestop.services.transfer_messages import TRANSFER
from modules.statistics.services.facts import count_day
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage


@pytest.fixture
def province(make_unit, gateway):
    """Province 95: its department decides PROC, its commune receives for it; commune 96001 of another province."""
    make_unit("95", "Tỉnh Thử Nghiệm", kind="province")
    department = make_unit("95010", "Sở Thử Nghiệm", kind="department", parent="95")
    commune = make_unit("95001", "Xã Biên Giới", kind="commune", parent="95")
    stranger = make_unit("96001", "Xã Tỉnh Khác", kind="commune")
    for unit in (department, commune, stranger):
        set_up_office(unit)
    return department, commune, stranger


def _transfers(unit) -> list[OutboxMessage]:
    with tenant_context(unit):
        return list(OutboxMessage.objects.filter(kind=TRANSFER))


def _dossier(unit, code):
    with tenant_context(unit):
        return Dossier.objects.filter(code=code).first()


def test_a_submission_for_another_unit_travels_only_when_confirmed_and_once(province):
    department, commune, stranger = province
    code = submit(commune, at(0, 9), competent=department.code)
    assert _dossier(commune, code).status == Status.RECEIVED and _dossier(commune, code).awaiting_confirmation
    assert _transfers(commune) == []                                   # no message before the confirmation
    assert _dossier(department, code) is None and _dossier(stranger, code) is None

    confirm_phone(commune, code, at(0, 9, 5))
    held = _dossier(commune, code)
    assert (held.status, held.holder_unit_code, held.confirmed_at) == (Status.TRANSFERRED, department.code, at(0, 9, 5))
    (message,) = _transfers(commune)
    assert message.receiver_code == department.code
    confirm_phone(commune, code, at(0, 9, 10))                              # confirmed again: nothing more goes
    assert len(_transfers(commune)) == 1

    messaging.deliver(commune.schema_name, str(message.id))
    there = _dossier(department, code)
    assert (there.received_at, there.confirmed_at, there.status) == (at(0, 9), at(0, 9, 5), Status.RECEIVED)
    assert _dossier(stranger, code) is None
    # Counted once, for the department, on the day of the confirmation; the point's own column too.
    with tenant_context(department):
        assert count_day(at(0, 0).date(), now=at(1, 12))[PROC]["received_online"] == 1
    with tenant_context(commune):
        assert count_day(at(0, 0).date(), now=at(1, 12))[PROC]["received_for_others"] == 1


def test_a_submission_for_another_unit_that_expires_never_travels(province):
    department, commune, _stranger = province
    code = submit(commune, at(0, 9), competent=department.code)
    with tenant_context(commune):
        assert confirmation.expire(commune, at=at(0, 10, 30)) == [code]
    assert _dossier(commune, code).status == Status.WITHDRAWN
    assert _transfers(commune) == [] and _dossier(department, code) is None
    with tenant_context(commune):
        assert PROC not in count_day(at(0, 0).date(), now=at(1, 12))
