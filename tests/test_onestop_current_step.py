"""The current step's role kept on the dossier (services/current_step.py): it follows every transition, travels with
a transfer and a reorganisation carry, is restored by the migration's backfill, and the work queues that read it
answer exactly what the old definition (a look-up of the step rows) answered, in a constant number of queries."""

import importlib
from datetime import datetime

import pytest
from api_support import add_member, codes, gql
from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, ROLES, open_office, receive_at

from core.accounts.services import role_codes
from modules.onestop.models import Dossier, DossierStep, Status
from modules.onestop.services import reorganisation
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import forget_plans
from modules.onestop.services.queues import _COUNTER_WORK, QUEUES, open_dossiers, queue
from modules.onestop.services.transfers import transfer
from modules.procedures.services.process import adopt_procedure
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage

BACKFILL = importlib.import_module("modules.onestop.migrations.0012_dossier_current_step_role").BACKFILL
DAY = datetime(2026, 12, 7, 9, 0, tzinfo=HN)


def _disagreeing(unit) -> list[tuple[str, str, str]]:
    """(code, stored role, role of the step at step_index) of the unit's dossiers where the two differ."""
    with tenant_context(unit):
        step_role = DossierStep.objects.filter(dossier=OuterRef("pk"), index=OuterRef("step_index"))
        rows = Dossier.objects.annotate(expected=Coalesce(Subquery(step_role.values("role_code")[:1]), Value("")))
        return [(c, s, e) for c, s, e in rows.values_list("code", "current_step_role", "expected") if s != e]


def _role(unit, code) -> tuple[str, str]:
    with tenant_context(unit):
        dossier = Dossier.objects.get(code=code)
        return dossier.status, dossier.current_step_role


def _deliver_all(unit) -> None:
    with tenant_context(unit):
        ids = [str(i) for i in OutboxMessage.objects.filter(status="pending").values_list("id", flat=True)]
    for message_id in ids:
        messaging.deliver(unit.schema_name, message_id)


@pytest.fixture
def offices(unit_a, unit_b):
    """Unit A with the two-step process (specialist, then leader); unit B with the roles the other way round."""
    people_a = open_office(unit_a)
    people_b = open_office(unit_b, catalogue=False)
    adopt_procedure(unit_b, PROC, [{"name": "Xử lý", "role": "leader", "days": 1},
                                   {"name": "Thẩm tra", "role": "specialist", "days": 1}])
    return (unit_a, people_a), (unit_b, people_b)


def test_the_stored_role_follows_every_transition(offices):
    (a, people), (b, people_b) = offices
    clerk, specialist, leader = people["receiving_officer"], people["specialist"], people["leader"]
    code = receive_at(a, clerk, DAY).code
    assert _role(a, code) == (Status.RECEIVED, "specialist")  # the step it starts with
    steps = [
        ("start", clerk, {}, (Status.IN_PROCESS, "specialist")),
        ("request_supplement", specialist, {"items": ["Bản sao CCCD"]}, (Status.WAITING_SUPPLEMENT, "specialist")),
        ("supplement_received", clerk, {}, (Status.IN_PROCESS, "specialist")),
        ("forward", specialist, {}, (Status.IN_PROCESS, "leader")),
        ("pause", leader, {}, (Status.PAUSED, "leader")),
        ("resume", leader, {}, (Status.IN_PROCESS, "leader")),
    ]
    with tenant_context(a):
        for action, actor, data, expected in steps:
            perform(code, action, actor=actor, reason="Lý do", data=data)
            assert _role(a, code) == expected, action
        transfer(code, actor=leader, to_unit_code=b.code, note="Chuyển xã B")
    assert _role(a, code) == (Status.TRANSFERRED, "leader")  # the sender's own part waits where it was
    _deliver_all(a)
    assert _role(b, code) == (Status.RECEIVED, "leader")  # transfer in: the receiver's own first step
    with tenant_context(b):
        perform(code, "start", actor=people_b["receiving_officer"])
        perform(code, "approve", actor=people_b["leader"])
    _deliver_all(b)
    assert _role(a, code) == (Status.IN_PROCESS, "leader")  # back from B: the sender goes on from its step
    with tenant_context(a):
        perform(code, "approve", actor=leader)
        assert _role(a, code) == (Status.RESULT_READY, "leader")
        perform(code, "return_result", actor=people["result_officer"])
        assert _role(a, code) == (Status.RETURNED, "leader")
        stopped = receive_at(a, clerk, DAY).code
        perform(stopped, "stop", actor=leader, data={"stop_reason": "applicant_request"})
        assert _role(a, stopped) == (Status.STOPPED, "specialist")
    assert _disagreeing(a) == [] and _disagreeing(b) == []


def test_a_dossier_received_again_starts_at_the_first_step_of_the_current_process(offices):
    (a, people), (b, people_b) = offices
    code = receive_at(a, people["receiving_officer"], DAY).code
    with tenant_context(a):
        perform(code, "start", actor=people["receiving_officer"])
        transfer(code, actor=people["leader"], to_unit_code=b.code, note="Lần một")
    _deliver_all(a)
    with tenant_context(b):
        perform(code, "start", actor=people_b["receiving_officer"])
        perform(code, "approve", actor=people_b["leader"])
    _deliver_all(b)
    adopt_procedure(b, PROC, [{"name": "Thẩm định", "role": "specialist", "days": 1},
                              {"name": "Ký", "role": "leader", "days": 1}])  # B's process changed meanwhile
    forget_plans()
    with tenant_context(a):
        transfer(code, actor=people["leader"], to_unit_code=b.code, note="Lần hai")
    _deliver_all(a)
    with tenant_context(b):
        again = Dossier.objects.get(code=code)
        assert (again.status, again.step_index, again.current_step_role) == (Status.RECEIVED, 0, "specialist")
    assert _disagreeing(a) == [] and _disagreeing(b) == []


def test_a_dossier_received_for_another_unit_has_no_step_at_the_point(make_unit):
    make_unit("95", "Tỉnh Thử Nghiệm", kind="province")
    department = make_unit("95010", "Sở Thử Nghiệm", kind="department", parent="95")
    point = make_unit("95001", "Xã Biên Giới", kind="commune", parent="95")
    open_office(department)
    clerk = open_office(point, catalogue=False)["receiving_officer"]
    with tenant_context(point):
        code = receive(Application(PROC, "counter", "Nguyễn Văn An", applicant_phone="0912345678",
                                   competent_unit_code=department.code), actor=clerk, received_at=DAY).code
    assert _role(point, code) == (Status.TRANSFERRED, "")  # the point only receives and returns
    _deliver_all(point)
    assert _role(department, code) == (Status.RECEIVED, "specialist")
    assert _disagreeing(point) == [] and _disagreeing(department) == []


def test_the_role_travels_with_a_reorganisation_carry(offices):
    (a, people), (b, _people_b) = offices
    code = receive_at(a, people["receiving_officer"], DAY).code
    with tenant_context(a):
        perform(code, "start", actor=people["receiving_officer"])
        perform(code, "forward", actor=people["specialist"])
        reorganisation.move(a, Dossier.objects.get(code=code), b, at=DAY)
    assert _role(b, code) == (Status.IN_PROCESS, "leader")
    assert _disagreeing(b) == []


def test_the_migrations_backfill_restores_the_role_in_its_own_unit_only(offices):
    (a, people), (b, people_b) = offices
    codes = [receive_at(a, people["receiving_officer"], DAY).code for _ in range(3)]
    other = receive_at(b, people_b["receiving_officer"], DAY).code
    with tenant_context(a):
        perform(codes[1], "start", actor=people["receiving_officer"])
        perform(codes[1], "forward", actor=people["specialist"])
        Dossier.objects.update(current_step_role="")
    with tenant_context(b):
        Dossier.objects.update(current_step_role="")
    with tenant_context(a), connection.cursor() as cursor:
        cursor.execute(BACKFILL)
    assert [_role(a, c)[1] for c in codes] == ["specialist", "leader", "specialist"]
    assert _disagreeing(a) == []
    assert _role(b, other)[1] == ""  # another unit's schema is its own migration's work
    with tenant_context(b), connection.cursor() as cursor:
        cursor.execute(BACKFILL)
    assert _role(b, other)[1] == "leader"


def _old_queue(name: str, user, step_role: str | None = None):
    """The definition before the column: a look-up of the current step's row for every dossier."""
    qs = open_dossiers() if name != "all" else Dossier.objects.filter(awaiting_confirmation=False)
    if name == "waiting_for_me":
        roles = role_codes(user, connection.tenant)
        my_step = Exists(DossierStep.objects.filter(dossier=OuterRef("pk"), index=OuterRef("step_index"),
                                                    role_code__in=roles))
        at_counter = [status for status, role in _COUNTER_WORK.items() if role in roles]
        qs = qs.filter((Q(status=Status.IN_PROCESS) & my_step) | Q(status__in=at_counter))
    if step_role:
        qs = qs.filter(Exists(DossierStep.objects.filter(dossier=OuterRef("pk"), index=OuterRef("step_index"),
                                                         role_code=step_role)))
    return set(qs.values_list("code", flat=True))


def _mixed(unit, people) -> None:
    """Dossiers in every open status and at each step, some finished, one awaiting the applicant's confirmation."""
    clerk, specialist, leader = people["receiving_officer"], people["specialist"], people["leader"]
    with tenant_context(unit):
        def one(*actions):
            code = receive_at(unit, clerk, DAY).code
            for action, actor, data in actions:
                perform(code, action, actor=actor, reason="Lý do", data=data)
            return code

        start, forward = ("start", clerk, {}), ("forward", leader, {})  # leaders forward any step
        one()
        one(start)
        one(start, forward)
        one(start, ("request_supplement", specialist, {"items": ["Tờ khai"]}))
        one(start, forward, ("pause", leader, {}))
        one(start, ("request_payment", specialist, {}))
        one(start, forward, ("approve", leader, {}))
        one(start, forward, ("approve", leader, {}), ("return_result", clerk, {}))
        one(("refuse", leader, {}))
        hidden = one(start)
        Dossier.objects.filter(code=hidden).update(awaiting_confirmation=True)


def test_the_queues_answer_what_the_step_rows_answered(offices):
    (a, people), (b, people_b) = offices
    _mixed(a, people)
    _mixed(b, people_b)
    both = add_member(a, "two-roles-a", roles=("specialist", "result_officer"))
    outsider = add_member(b, "member-of-b-only", roles=ROLES)  # every role in B, none in A
    with tenant_context(b):
        b_codes = set(Dossier.objects.values_list("code", flat=True))
    with tenant_context(a):
        for user in [*people.values(), both, outsider]:
            mine = {d.code for d in queue("waiting_for_me", user)}
            assert mine == _old_queue("waiting_for_me", user), user.username
            assert not mine & b_codes
        assert not queue("waiting_for_me", outsider).exists()
        for role in ROLES:
            for name in QUEUES:
                new = {d.code for d in queue(name, people["leader"], now=DAY, step_role=role)}
                assert new == {d.code for d in queue(name, people["leader"], now=DAY)} & _old_queue(
                    "all", None, step_role=role), (name, role)
        a_codes = set(Dossier.objects.values_list("code", flat=True))
    with tenant_context(b):
        assert not queue("waiting_for_me", people["specialist"]).exists()  # A's people have no role in B
        theirs = {d.code for d in queue("waiting_for_me", people_b["specialist"])}
        assert theirs == _old_queue("waiting_for_me", people_b["specialist"]) and not theirs & a_codes


def test_waiting_for_me_reads_no_step_row_and_the_same_number_of_queries_for_any_size(offices):
    (a, people), _b = offices
    specialist = people["specialist"]

    def read() -> tuple[int, set[str]]:
        with tenant_context(a), CaptureQueriesContext(connection) as seen:
            codes = {d.code for d in queue("waiting_for_me", specialist, step_role="specialist")}
        assert not any("onestop_dossierstep" in q["sql"] for q in seen.captured_queries)
        return len(seen), codes

    _mixed(a, people)
    few, first = read()
    _mixed(a, people)
    _mixed(a, people)
    many, after = read()
    assert len(after) == 3 * len(first) > 0
    assert many == few


BY_ROLE = """query ByRole($queue: DossierQueue, $role: String) {
  onestopDossiers(queue: $queue, stepRole: $role, first: 100) { totalCount edges { node { code } } }
}"""


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_api_filters_by_the_current_steps_role_as_the_workspace_does(offices):
    (a, people), (b, people_b) = offices
    _mixed(a, people)
    _mixed(b, people_b)
    leader = _signed_in(people["leader"])
    for role in ROLES:
        for name in ("OPEN", "WAITING_FOR_ME", None):
            body = gql(leader, BY_ROLE, {"queue": name, "role": role}, unit=a)[1]
            got = {e["node"]["code"] for e in body["data"]["onestopDossiers"]["edges"]}
            with tenant_context(a):
                expected = {d.code for d in queue((name or "open").lower(), people["leader"], step_role=role)}
                if name is None:  # every dossier of the unit, finished ones too
                    expected = set(Dossier.objects.filter(awaiting_confirmation=False, current_step_role=role)
                                   .values_list("code", flat=True))
            assert got == expected, (name, role)
    refused = gql(leader, BY_ROLE, {"queue": "OPEN", "role": "administrator"}, unit=a)[1]
    assert codes(refused) == ["BAD_USER_INPUT"] and refused["errors"][0]["extensions"]["field"] == "stepRole"
    # A member of B only is refused on A's endpoint; on B's, B's people see B's dossiers only.
    outside = gql(_signed_in(people_b["leader"]), BY_ROLE, {"role": "leader"}, unit=a)
    assert outside[0] == 403 and outside[1]["error"]["code"] == "NOT_A_MEMBER"
    theirs = gql(_signed_in(people_b["leader"]), BY_ROLE, {"role": "leader"}, unit=b)[1]
    with tenant_context(a):
        a_codes = set(Dossier.objects.values_list("code", flat=True))
    got = {e["node"]["code"] for e in theirs["data"]["onestopDossiers"]["edges"]}
    assert got and not got & a_codes
