"""Scale-out: the review queue of a reorganisation when the ended unit and its successor are on two database servers
(tests/shard_support.py), both ways. The successor's administrator takes a waiting dossier: it is in the successor
with its code and history, the old unit's copy a "transferred" stub naming the successor. Taking one is whole across
both servers (tenants.services.moving_atomic): a step failing after the copy leaves nothing in the successor and the
dossier still waiting in the old unit, and taking it again moves it once. docs/ict/scale-out.md."""

from datetime import date
from decimal import Decimal

import pytest
from api_support import add_member, gql
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.db import DatabaseError, connections
from django.test import Client
from onestop_support import PROC, open_office
from reorganisation_support import platform_commit_failing_after, receiver_added_last
from shard_support import SHARD, place_unit, shard_server  # noqa: F401 - fixtures

from modules.onestop.hooks import dossier_moved
from modules.onestop.models import Dossier, Status
from modules.onestop.services import reorganisation
from modules.onestop.services.actions import perform
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.intake import Application, receive
from tenants.database_servers import DEFAULT
from tenants.models import Forwarding, UnitStatus, UnitSuccession
from tenants.services import entered

EFFECTIVE = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)
DECISION = "Nghị quyết 9/2026/NQ-UBTVQH"
BOTH_WAYS = ("old_on, new_on", [pytest.param(DEFAULT, SHARD, id="old-on-platform-new-on-second"),
                                pytest.param(SHARD, DEFAULT, id="old-on-second-new-on-platform")])
ASSIGN = """mutation($c: String!) { onestopAssignReorganisedDossier(code: $c) {
  dossier { code status } errors { code field message } } }"""


def _waiting(place, codes: tuple[str, str, str], old_on: str, new_on: str):
    """An ended commune on server `old_on` whose one dossier in progress (received, then started) no address placed,
    its partial successor and a bystander on server `new_on`, and the successor's administrator."""
    old_code, new_code, bystander_code = codes
    old, new, bystander = place(old_code, server=old_on), place(new_code, server=new_on), place(bystander_code,
                                                                                              server=new_on)
    clerk = open_office(old)["receiving_officer"]
    open_office(new, catalogue=False)
    open_office(bystander, catalogue=False)
    with entered(old):
        code = receive(Application(PROC, "counter", "Nguyễn Văn An", applicant_phone="0912345678"), actor=clerk).code
        perform(code, "start", actor=clerk)
    UnitSuccession.objects.create(predecessor=old, successor=new, kind="partial", share=Decimal("0.5"),
                                  effective_on=EFFECTIVE, decision=DECISION)
    old.ended_on, old.status = EFFECTIVE, UnitStatus.ARCHIVED
    old.save(update_fields=["ended_on", "status"])
    return old, new, bystander, add_member(new, f"admin-{new_code}", roles=("administrator",)), code


def _on(alias: str, unit, table: str = "onestop_dossier", columns: str = "code, status, holder_unit_code, "
        "carried_from") -> list[tuple]:
    """Rows of the unit's table, read on server `alias`'s own connection (what that server has committed)."""
    with connections[alias].cursor() as cur:
        cur.execute(f'SELECT {columns} FROM "{unit.schema_name}".{table} ORDER BY 1')
        return cur.fetchall()


def _history(alias: str, unit, code: str) -> list[tuple[str, str]]:
    with connections[alias].cursor() as cur:
        cur.execute(f'SELECT e.action, e.to_status FROM "{unit.schema_name}".onestop_dossierevent e '
                    f'JOIN "{unit.schema_name}".onestop_dossier d ON d.id = e.dossier_id WHERE d.code = %s '
                    "ORDER BY e.at, e.id", [code])
        return cur.fetchall()


def _queue(admin, unit) -> list[str]:
    with entered(unit):
        return [item.code for item in reorganisation.review_queue(admin)]


@pytest.mark.parametrize(*BOTH_WAYS)
def test_the_successors_administrator_takes_a_waiting_dossier_from_a_unit_on_the_other_server(place, old_on, new_on):
    codes = ("91811", "91812", "91813") if old_on == DEFAULT else ("91814", "91815", "91816")
    old, new, bystander, admin, code = _waiting(place, codes, old_on, new_on)
    history = _history(old_on, old, code)
    assert _queue(admin, new) == [code]
    client = Client()
    client.force_login(admin)

    status, body = gql(client, ASSIGN, {"c": code}, unit=new)

    assert status == 200 and body["data"]["onestopAssignReorganisedDossier"] == {
        "dossier": {"code": code, "status": "IN_PROCESS"}, "errors": []}
    assert _on(new_on, new) == [(code, Status.IN_PROCESS, new.code, old.code)]
    assert _history(new_on, new, code) == history + [("reorganise", Status.IN_PROCESS)]  # its history, then the move
    assert _on(old_on, old) == [(code, Status.TRANSFERRED, new.code, "")]  # the stub names its holder
    assert _history(old_on, old, code)[-1] == ("reorganise", Status.TRANSFERRED)
    assert Forwarding.objects.get(key=code, from_unit=old).to_unit == new
    assert _queue(admin, new) == []
    again = gql(client, ASSIGN, {"c": code}, unit=new)[1]["data"]["onestopAssignReorganisedDossier"]
    assert again["dossier"] is None and again["errors"][0]["code"] == "ALREADY_MOVED"
    assert _on(new_on, bystander) == []  # nothing reached another unit on the successor's server
    outsider = add_member(bystander, f"admin-{bystander.code}", roles=("administrator",))
    assert _queue(outsider, bystander) == []


@pytest.mark.parametrize(*BOTH_WAYS)
def test_a_step_failing_after_the_copy_leaves_the_dossier_waiting_and_nothing_in_the_successor(place, old_on,
                                                                                                new_on):
    codes = ("91821", "91822", "91823") if old_on == DEFAULT else ("91824", "91825", "91826")
    old, new, bystander, admin, code = _waiting(place, codes, old_on, new_on)
    before, history = _on(old_on, old), _history(old_on, old, code)
    seen = []

    def later_receiver(unit, *, dossier_codes, to_unit_code):  # the move's last step: the copy and marks are written
        with entered(new):
            seen.append(Dossier.objects.filter(code__in=dossier_codes).count())
        seen.append(Dossier.objects.get(code=code).status)
        raise RuntimeError("a module following the dossier failed")

    with receiver_added_last(dossier_moved, "onestop", later_receiver):
        with entered(new), pytest.raises(RuntimeError, match="a module following the dossier failed"):
            reorganisation.assign(admin, code)

    assert seen == [1, Status.TRANSFERRED]  # it failed after the copy and the old copy's mark
    assert _on(new_on, new) == []  # no copy on the successor's server
    assert _on(old_on, old) == before and _history(old_on, old, code) == history  # still waiting, as it was
    assert not Forwarding.objects.filter(from_unit=old).exists()
    assert _queue(admin, new) == [code]

    taken = _taken(admin, new, code)  # the failing module gone: taken once
    assert taken.code == code and taken.carried_from == old.code
    assert _on(new_on, new) == [(code, Status.IN_PROCESS, new.code, old.code)]
    assert _history(new_on, new, code) == history + [("reorganise", Status.IN_PROCESS)]
    assert _on(old_on, old) == [(code, Status.TRANSFERRED, new.code, "")]
    with entered(new), pytest.raises(OnestopError) as refused:
        reorganisation.assign(admin, code)
    assert refused.value.code == "ALREADY_MOVED"
    assert _on(new_on, bystander) == []


@pytest.mark.parametrize("old_on, new_on", [*BOTH_WAYS[1], pytest.param(SHARD, SHARD, id="both-on-second")])
def test_taking_it_again_after_the_platforms_commit_failed_completes_the_move_once(place, old_on, new_on):
    """The window (docs/ict/scale-out.md): the platform's commit fails after the move's last write. The successor's
    server, when not the platform's, had committed the copy, and with it the stub when both units are there; the
    administrator takes the dossier again and the move completes with what is there: one copy, one stub, its
    forwarding address. Before, the second attempt was refused (the successor "already has" the dossier) and the
    dossier stayed in the queue."""
    codes = {(DEFAULT, SHARD): ("91831", "91832", "91833"), (SHARD, DEFAULT): ("91834", "91835", "91836"),
             (SHARD, SHARD): ("91837", "91838", "91839")}[old_on, new_on]
    old, new, bystander, admin, code = _waiting(place, codes, old_on, new_on)
    before, history = _on(old_on, old), _history(old_on, old, code)
    with platform_commit_failing_after("modules.onestop.services.reorganisation", "forward_many"):
        with entered(new), pytest.raises(DatabaseError, match="went away at commit"):
            reorganisation.assign(admin, code)

    copy = [(code, Status.IN_PROCESS, new.code, old.code)]
    stub = [(code, Status.TRANSFERRED, new.code, "")]
    assert _on(new_on, new) == ([] if new_on == DEFAULT else copy)
    assert _on(old_on, old) == (stub if old_on == new_on else before)
    assert not Forwarding.objects.filter(from_unit=old).exists()
    assert _queue(admin, new) == [code]  # still to take

    taken = _taken(admin, new, code)

    assert taken.code == code and taken.carried_from == old.code
    assert _on(new_on, new) == copy and _on(old_on, old) == stub
    assert _history(new_on, new, code) == history + [("reorganise", Status.IN_PROCESS)]  # one move on each side
    assert _history(old_on, old, code) == history + [("reorganise", Status.TRANSFERRED)]
    assert Forwarding.objects.get(key=code, from_unit=old).to_unit == new
    assert _queue(admin, new) == []
    assert _on(new_on, bystander) == []


def _taken(admin, unit, code: str) -> Dossier:
    with entered(unit):
        return reorganisation.assign(admin, code)
