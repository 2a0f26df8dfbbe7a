"""Dossiers: intake with regulated codes and appointments, the rule book of transitions, transfers between units."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import tenant_context
from modules_support import enable_modules

from core.accounts.models import User
from core.accounts.services import grant_membership
from core.modules.services import enable
from modules.catalogue.services import import_sample
from modules.onestop.models import Dossier, DossierEvent, Status
from modules.onestop.services import deadlines
from modules.onestop.services.actions import perform
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.transfers import transfer
from modules.onestop.services.transitions import TransitionError
from modules.procedures.services.process import adopt_procedure
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage

HN = ZoneInfo("Asia/Ho_Chi_Minh")
PROC = "1.001612"  # household business registration: 3 working days
STEPS = [{"name": "Thẩm định", "role": "specialist", "days": 2}, {"name": "Ký duyệt", "role": "leader", "days": 1}]


def _people(unit):
    people = {}
    for role in ["receiving_officer", "specialist", "leader", "result_officer"]:
        user = User.objects.create_user(f"{role}-{unit.code}")
        grant_membership(user, unit, [role])
        people[role] = user
    return people


@pytest.fixture
def office(unit_a):
    import_sample()
    enable_modules(unit_a, "onestop")
    adopt_procedure(unit_a, PROC, STEPS)
    return unit_a, _people(unit_a)


def _receive(unit, people, at=datetime(2026, 12, 7, 9, 0, tzinfo=HN)):
    with tenant_context(unit):
        return receive(Application(PROC, "counter", "Nguyễn Văn An", applicant_phone="0912345678"),
                       actor=people["receiving_officer"], received_at=at)


def test_intake_gives_the_regulated_code_and_the_appointment(office):
    unit, people = office
    first, second = _receive(unit, people), _receive(unit, people)
    assert first.code == f"{unit.code}-261207-0001" and second.code == f"{unit.code}-261207-0002"
    # Monday 09:00 + 3 working days: the appointment falls on Thursday 10/12/2026 at 09:00.
    assert first.due_at.astimezone(HN) == datetime(2026, 12, 10, 9, 0, tzinfo=HN)
    with tenant_context(unit):
        assert first.steps.count() == 2 and first.procedure_version_id is not None
        assert deadlines.status_of(first, now=datetime(2026, 12, 8, tzinfo=HN)) == "in_progress_on_time"
        assert deadlines.status_of(first, now=datetime(2026, 12, 14, tzinfo=HN)) == "overdue"


def test_intake_refuses_a_procedure_the_unit_does_not_handle(office):
    unit, people = office
    with tenant_context(unit), pytest.raises(OnestopError) as err:
        receive(Application("1.009994", "counter", "Trần Thị Bình"), actor=people["receiving_officer"])
    assert err.value.code == "PROCEDURE_NOT_HANDLED"
    with tenant_context(unit):
        assert not Dossier.objects.exists()


def test_the_whole_life_of_a_dossier_by_the_right_roles(office):
    unit, people = office
    d = _receive(unit, people)
    with tenant_context(unit):
        perform(d.code, "start", actor=people["receiving_officer"])
        perform(d.code, "forward", actor=people["specialist"])
        perform(d.code, "approve", actor=people["leader"])
        done = perform(d.code, "return_result", actor=people["result_officer"])
        assert done.status == Status.RETURNED and done.closed_at is not None
        actions = list(DossierEvent.objects.filter(dossier=done).order_by("id").values_list("action", "role_code"))
        assert actions == [("receive", "receiving_officer"), ("start", "receiving_officer"), ("forward", "specialist"),
                           ("approve", "leader"), ("return_result", "result_officer")]


@pytest.mark.parametrize("action, role, reason, code", [
    ("return_result", "result_officer", "", "INVALID_TRANSITION"),
    ("approve", "leader", "", "INVALID_TRANSITION"),
    ("refuse", "leader", "", "REASON_REQUIRED"),
    ("start", "specialist", "", "FORBIDDEN_ROLE"),
    ("withdraw", "specialist", "Công dân xin rút", "FORBIDDEN_ROLE"),
    ("teleport", "leader", "", "UNKNOWN_ACTION"),
])
def test_forbidden_transitions_change_nothing(office, action, role, reason, code):
    unit, people = office
    d = _receive(unit, people)
    with tenant_context(unit):
        with pytest.raises(TransitionError) as err:
            perform(d.code, action, actor=people[role], reason=reason)
        assert err.value.code == code
        assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED
        assert DossierEvent.objects.filter(dossier=d).count() == 1


def test_a_member_without_a_role_here_can_do_nothing(office, unit_b):
    unit, people = office
    stranger = User.objects.create_user("leader-elsewhere")
    grant_membership(stranger, unit_b, ["leader", "receiving_officer"])
    d = _receive(unit, people)
    with tenant_context(unit), pytest.raises(TransitionError) as err:
        perform(d.code, "start", actor=stranger)
    assert err.value.code == "FORBIDDEN_ROLE"


def test_supplement_is_requested_once_with_everything_and_restarts_the_clock(office):
    unit, people = office
    d = _receive(unit, people)
    with tenant_context(unit):
        perform(d.code, "start", actor=people["receiving_officer"])
        with pytest.raises(OnestopError) as err:
            perform(d.code, "request_supplement", actor=people["specialist"], reason="Thiếu giấy tờ", data={})
        assert err.value.code == "ITEMS_REQUIRED"
        perform(d.code, "request_supplement", actor=people["specialist"], reason="Thiếu giấy tờ",
                data={"items": ["Bản sao CCCD", "Hợp đồng thuê nhà"]}, at=datetime(2026, 12, 8, 9, tzinfo=HN))
        back = perform(d.code, "supplement_received", actor=people["receiving_officer"],
                       at=datetime(2026, 12, 14, 9, tzinfo=HN))
        assert back.due_at.astimezone(HN).date().isoformat() == "2026-12-17"  # 3 working days from the supplement
        with pytest.raises(OnestopError) as again:
            perform(d.code, "request_supplement", actor=people["specialist"], reason="Thiếu nữa", data={"items": ["x"]})
        assert again.value.code == "SUPPLEMENT_ALREADY_REQUESTED"


def test_the_appointment_is_extended_once(office):
    unit, people = office
    d = _receive(unit, people)
    with tenant_context(unit):
        perform(d.code, "start", actor=people["receiving_officer"])
        later = perform(d.code, "extend", actor=people["leader"], reason="Cần xác minh", data={"new_due": "2026-12-18"})
        assert later.due_at.astimezone(HN).date().isoformat() == "2026-12-18"
        with pytest.raises(OnestopError) as err:
            perform(d.code, "extend", actor=people["leader"], reason="Lần nữa", data={"new_due": "2026-12-22"})
        assert err.value.code == "DEADLINE_REFUSED"


def _deliver_all(unit):
    with tenant_context(unit):
        ids = [str(i) for i in OutboxMessage.objects.filter(status="pending").order_by("?").values_list("id", flat=True)]
    for message_id in ids:
        messaging.deliver(unit.schema_name, message_id)


def test_a_transfer_keeps_the_code_and_brings_the_receivers_progress_back(office, unit_b, make_unit):
    unit, people = office
    for module in ("catalogue", "procedures", "onestop"):
        enable(unit_b, module)
    adopt_procedure(unit_b, PROC, [{"name": "Xử lý", "role": "leader", "days": 1}])
    leader_b = User.objects.create_user("leader-b")
    grant_membership(leader_b, unit_b, ["leader", "receiving_officer"])
    d = _receive(unit, people)
    with tenant_context(unit):
        perform(d.code, "start", actor=people["receiving_officer"])
        sent = transfer(d.code, actor=people["specialist"], to_unit_code=unit_b.code, note="Chuyển huyện")
        assert sent.status == Status.TRANSFERRED and sent.holder_unit_code == unit_b.code
    _deliver_all(unit)
    _deliver_all(unit)  # redelivery changes nothing
    with tenant_context(unit_b):
        there = Dossier.objects.get(code=d.code)
        assert there.transferred_from == unit.code and there.origin_unit_code == unit.code
        perform(d.code, "start", actor=leader_b)
        perform(d.code, "approve", actor=leader_b)
    _deliver_all(unit_b)
    with tenant_context(unit):
        home = Dossier.objects.get(code=d.code)
        assert home.status == Status.IN_PROCESS and home.remote_status == Status.RESULT_READY
        assert home.holder_unit_code == unit.code
        assert DossierEvent.objects.filter(dossier=home, action="remote:approve").exists()
    unit_c = make_unit("91009", "Xã Thứ Ba")
    enable_modules(unit_c, "onestop")
    with tenant_context(unit_c):
        assert not Dossier.objects.exists()
    with tenant_context(unit_b):
        assert Dossier.objects.count() == 1


def test_dossiers_of_one_unit_are_invisible_from_another(office, unit_b):
    unit, people = office
    enable_modules(unit_b, "onestop")
    _receive(unit, people)
    with tenant_context(unit_b):
        assert not Dossier.objects.exists()


@pytest.fixture(autouse=True)
def _fresh_plans():
    from modules.onestop.services.plans import forget_plans

    forget_plans()  # each test builds its own catalogue and processes
    yield
    forget_plans()


def test_work_queues_show_each_person_what_waits_for_them(office, unit_b):
    enable_modules(unit_b, "onestop")
    from modules.onestop.services.queues import queue

    unit, people = office
    first, second, third = (_receive(unit, people) for _ in range(3))
    with tenant_context(unit):
        perform(first.code, "start", actor=people["receiving_officer"])   # step 0: the specialist's
        perform(second.code, "start", actor=people["receiving_officer"])
        perform(second.code, "forward", actor=people["specialist"])       # step 1: the leader's
        codes = lambda name, who, **kw: {d.code for d in queue(name, people[who], **kw)}  # noqa: E731
        assert codes("waiting_for_me", "specialist") == {first.code}
        assert codes("waiting_for_me", "leader") == {second.code}
        assert codes("waiting_for_me", "receiving_officer") == {third.code}
        assert codes("mine", "receiving_officer") == {first.code, second.code, third.code}
        assert codes("overdue", "leader", now=datetime(2026, 12, 14, tzinfo=HN)) == {first.code, second.code, third.code}
        assert codes("due_today", "leader", now=datetime(2026, 12, 10, 8, 0, tzinfo=HN)) == {
            first.code, second.code, third.code}
        assert codes("open", "leader", step_role="leader") == {second.code}
    with tenant_context(unit_b):
        assert not queue("open", people["leader"]).exists()


def test_a_transfer_to_a_unit_without_the_module_is_refused(office, unit_b):
    unit, people = office
    d = _receive(unit, people)
    with tenant_context(unit):
        perform(d.code, "start", actor=people["receiving_officer"])
        with pytest.raises(OnestopError) as err:
            transfer(d.code, actor=people["specialist"], to_unit_code=unit_b.code)
        assert err.value.code == "RECEIVER_NOT_ENABLED"
        assert Dossier.objects.get(code=d.code).status == Status.IN_PROCESS
        assert not OutboxMessage.objects.exists()
