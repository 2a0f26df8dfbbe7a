"""A process whose LAST step hands the dossier over to another unit and is not a leader's: when the dossier comes
back with that unit's result, the person whose step it is finishes it (approve as the step's holder), from the queue
it sits in; a person of another role, or a dossier that came back refused, is not finished that way."""

import pytest
from api_support import add_member
from django_tenants.utils import tenant_context
from onestop_support import PROC, deliver_pending, open_office, receive_at

from modules.onestop.models import Dossier, DossierEvent, Status
from modules.onestop.services.actions import perform
from modules.onestop.services.availability import available_actions
from modules.onestop.services.plans import forget_plans
from modules.onestop.services.queues import queue
from modules.onestop.services.transfers import transfer
from modules.onestop.services.transitions import TransitionError
from modules.procedures.services import adopt_procedure
from tenants.messaging.models import OutboxStatus

STEPS = [{"name": "Thẩm định", "role": "specialist", "days": 1},
         {"name": "Trình ký", "role": "leader", "days": 1},
         {"name": "Chuyển đơn vị liên thông", "role": "specialist", "days": 1, "handover_unit": "91002"}]


@pytest.fixture(autouse=True)
def _fresh_plans():
    forget_plans()
    yield
    forget_plans()



@pytest.fixture
def back_from_b(unit_a, unit_b):
    """A's 3-step process ends with the hand-over to B; B decides and sends it back. (A, people, B's leader, code)"""
    people = open_office(unit_a)
    open_office(unit_b, catalogue=False)
    adopt_procedure(unit_a, PROC, STEPS)
    leader_b = add_member(unit_b, "leader-b", roles=("leader", "receiving_officer"))
    code = receive_at(unit_a, people["receiving_officer"]).code
    with tenant_context(unit_a):
        perform(code, "start", actor=people["receiving_officer"])
        perform(code, "forward", actor=people["specialist"])
        perform(code, "forward", actor=people["leader"])  # to the last step: the hand-over, a specialist's
        transfer(code, actor=people["specialist"], note="Chuyển liên thông")  # the step's unit, B
    assert set(deliver_pending(unit_a)) <= {OutboxStatus.DELIVERED}
    return unit_a, unit_b, people, leader_b, code


def _finish_at_b(unit_b, leader_b, code, action="approve", reason=""):
    with tenant_context(unit_b):
        perform(code, "start", actor=leader_b)
        perform(code, action, actor=leader_b, reason=reason)


def test_the_step_holder_finishes_a_last_hand_over_step_come_back_with_a_result(back_from_b):
    unit_a, unit_b, people, leader_b, code = back_from_b
    _finish_at_b(unit_b, leader_b, code)
    assert set(deliver_pending(unit_b)) <= {OutboxStatus.DELIVERED}
    specialist = people["specialist"]
    with tenant_context(unit_a):
        home = Dossier.objects.get(code=code)
        assert (home.status, home.step_index, home.current_step_role) == (Status.IN_PROCESS, 2, "specialist")
        assert home.holder_unit_code == unit_a.code
        assert code in set(queue("waiting_for_me", specialist).values_list("code", flat=True))
        # The specialist is offered the approval, and it goes through; nobody else's queue was needed.
        assert "approve" in available_actions(home, {"specialist"}, home.steps.all())
        assert "approve" not in available_actions(home, {"result_officer"}, home.steps.all())
        with pytest.raises(TransitionError) as refused:
            perform(code, "approve", actor=people["result_officer"])
        assert refused.value.code == "FORBIDDEN_ROLE"
        assert Dossier.objects.get(code=code).status == Status.IN_PROCESS  # the refusal changed nothing
        done = perform(code, "approve", actor=specialist)
        assert done.status == Status.RESULT_READY and done.completed_at is not None
        assert done.steps.get(index=2).finished_at is not None
        last = DossierEvent.objects.filter(dossier__code=code).latest("at", "id")
        assert (last.action, last.role_code, last.actor_id) == ("approve", "specialist", specialist.pk)
        perform(code, "return_result", actor=people["result_officer"])
        assert Dossier.objects.get(code=code).status == Status.RETURNED


def test_a_refusal_from_the_other_unit_is_not_approved_by_the_step_holder(back_from_b):
    unit_a, unit_b, people, leader_b, code = back_from_b
    _finish_at_b(unit_b, leader_b, code, action="refuse", reason="Không đủ điều kiện")
    assert set(deliver_pending(unit_b)) <= {OutboxStatus.DELIVERED}
    with tenant_context(unit_a):
        home = Dossier.objects.get(code=code)
        assert home.status == Status.IN_PROCESS and home.remote_status == Status.REFUSED
        assert "approve" not in available_actions(home, {"specialist"}, home.steps.all())
        with pytest.raises(TransitionError):
            perform(code, "approve", actor=people["specialist"])
        assert Dossier.objects.get(code=code).status == Status.IN_PROCESS


def test_a_step_holder_before_the_hand_over_is_not_the_one_who_approves(unit_a, unit_b):
    people = open_office(unit_a)
    adopt_procedure(unit_a, PROC, STEPS)
    code = receive_at(unit_a, people["receiving_officer"]).code
    with tenant_context(unit_a):
        perform(code, "start", actor=people["receiving_officer"])
        home = Dossier.objects.get(code=code)
        assert "approve" not in available_actions(home, {"specialist"}, home.steps.all())
        with pytest.raises(TransitionError):
            perform(code, "approve", actor=people["specialist"])
