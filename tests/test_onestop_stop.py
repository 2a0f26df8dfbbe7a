"""Stopping a dossier's processing (Circular 03/2025/TT-VPCP form 05): only the head of the agency stops it, for a
reason of the list; the dossier ends in its own status, the applicant is told why, and the statistics count it apart
from results, refusals and withdrawals."""

from datetime import date, datetime

import pytest
from django_tenants.utils import tenant_context
from test_notices_support import (  # noqa: F401 - fixtures
    EMAIL,
    PHONE,
    act,
    deliver_all,
    fresh_plans_fixture,
    gateway_fixture,
    mail_in_memory_fixture,
    office_fixture,
    receive_dossier,
)
from test_statistics_facts import HN, LATER, MON, TUE, at, receive_one, recompute, statistics_office

from core.errors import ServiceError
from modules.onestop.models import Dossier, DossierEvent, Status
from modules.onestop.services.actions import perform
from modules.onestop.services.stop_reasons import reasons_on
from modules.statistics.services import unit_report
from modules.statistics.services.report import SECTOR

NO_SUPPLEMENT = "Quá thời hạn mà tổ chức, cá nhân không bổ sung, hoàn thiện hồ sơ theo yêu cầu"


@pytest.fixture
def stats_office(unit_a):
    return unit_a, statistics_office(unit_a)


def _stop(code, actor, reason_code="no_supplement", detail="", when=None):
    return perform(code, "stop", actor=actor, reason=detail, data={"stop_reason": reason_code},
                   at=when or at(TUE, 10))


def test_the_leader_stops_a_dossier_for_a_reason_of_the_list(stats_office):
    unit, people = stats_office
    code = receive_one(unit, people, "counter", at(MON, 9))
    with tenant_context(unit):
        perform(code, "start", actor=people["receiving_officer"], at=at(MON, 10))
        dossier = _stop(code, people["leader"], detail="Hết hạn bổ sung ngày 05/10/2026")
        dossier.refresh_from_db()
        event = DossierEvent.objects.get(dossier=dossier, action="stop")
    assert dossier.status == Status.STOPPED
    assert dossier.closed_at == at(TUE, 10) and dossier.completed_at == at(TUE, 10)
    assert dossier.reason == f"{NO_SUPPLEMENT}. Hết hạn bổ sung ngày 05/10/2026"
    assert event.reason == dossier.reason and event.data == {"stop_reason": "no_supplement"}
    assert event.role_code == "leader" and event.from_status == Status.IN_PROCESS


@pytest.mark.parametrize("role", ["receiving_officer", "specialist", "result_officer"])
def test_no_other_role_may_stop_a_dossier(stats_office, role):
    unit, people = stats_office
    code = receive_one(unit, people, "counter", at(MON, 9))
    with tenant_context(unit):
        with pytest.raises(ServiceError) as err:
            _stop(code, people[role])
        assert err.value.code == "FORBIDDEN_ROLE"
        assert Dossier.objects.get(code=code).status == Status.RECEIVED
        with pytest.raises(ServiceError) as err:
            _stop(code, None)  # nor the system
        assert err.value.code == "FORBIDDEN_ROLE"


def test_a_reason_outside_the_list_or_a_finished_dossier_is_refused(stats_office):
    unit, people = stats_office
    code = receive_one(unit, people, "counter", at(MON, 9))
    with tenant_context(unit):
        for reason_code in ("", "because"):
            with pytest.raises(ServiceError) as err:
                _stop(code, people["leader"], reason_code=reason_code)
            assert err.value.code == "INVALID_STOP_REASON"
        assert Dossier.objects.get(code=code).status == Status.RECEIVED
        assert not DossierEvent.objects.filter(action="stop").exists()
        _stop(code, people["leader"])
        with pytest.raises(ServiceError) as err:
            _stop(code, people["leader"], when=at(TUE, 11))
        assert err.value.code == "INVALID_TRANSITION"


def test_the_reasons_are_offered_from_the_circulars_effective_date():
    assert reasons_on(date(2025, 9, 14)) == []
    offered = [r.code for r in reasons_on(date(2025, 9, 15))]
    assert offered[0] == "no_supplement" and "applicant_request" in offered


def test_the_applicant_is_told_the_dossier_was_stopped_and_why(office, gateway, django_capture_on_commit_callbacks):
    unit, people = office
    dossier, _ = receive_dossier(unit, people, django_capture_on_commit_callbacks)
    _, logs = act(unit, django_capture_on_commit_callbacks, perform, dossier.code, "stop", actor=people["leader"],
                  data={"stop_reason": "applicant_request"}, at=datetime(2026, 12, 8, 9, tzinfo=HN))
    assert {(log.event, log.channel, log.recipient) for log in logs} == {("stopped", "sms", PHONE),
                                                                        ("stopped", "email", EMAIL)}
    deliver_all(unit)
    sms = gateway.requests[-1]["text"]
    assert f"dừng giải quyết hồ sơ {dossier.code}" in sms
    assert "Lý do: Tổ chức, cá nhân đề nghị dừng giải quyết hồ sơ" in sms


def test_a_stopped_dossier_is_counted_apart_in_the_statistics(stats_office):
    unit, people = stats_office
    codes = [receive_one(unit, people, "counter", at(MON, 9)) for _ in range(3)]
    with tenant_context(unit):
        _stop(codes[0], people["leader"], when=at(TUE, 10))
        perform(codes[1], "refuse", actor=people["leader"], reason="Không thuộc thẩm quyền", at=at(TUE, 10))
    recompute(unit, days=[MON, TUE], now=LATER)
    total = unit_report(unit, MON, TUE, SECTOR).total
    assert (total.received, total.stopped, total.returned, total.withdrawn) == (3, 1, 1, 0)
    assert total.resolved == 0 and total.in_progress == 1  # a stop is not a result
