"""Dossiers in an administrative reorganisation: two old communes merged into one, a commune split between two new
ones with a review queue, dossiers moved with their codes, history and deadlines, old codes still looked up,
statistics equal in total before and after, and a failure that leaves the old unit untouched."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from api_support import add_member, gql
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, open_office
from workspace_support import UnitClient

from core.modules.hooks import send
from core.modules.reorganisation import Successor, reorganisation_carry, reorganisation_inventory
from core.modules.services import enable
from modules.onestop.models import Dossier, DossierComponent, DossierEvent, Handling, ScanFile, Status
from modules.onestop.services import reorganisation
from modules.onestop.services.actions import perform
from modules.onestop.services.arrivals import Arrival, open_dossier
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import plan_for
from modules.payments.services import fees_for
from modules.portal.models import SubmittedFile
from modules.procedures.services.process import adopt_procedure, unit_process
from modules.statistics.services import refresh_days, trends
from modules.statistics.services.facts import days_between
from modules.tracking.services import throttle
from modules.tracking.services.errors import LookupRefused
from modules.tracking.services.lookup import lookup
from tenants.models import Forwarding, UnitStatus, UnitSuccession

EFFECTIVE = date(2026, 11, 20)  # the suite's day: the successors take over today
DECISION = "Nghị quyết 1656/NQ-UBTVQH15"
BIRTH = "1.001193"  # a second procedure the old commune handles
PHONE = "0912345678"


@pytest.fixture
def communes(make_unit):
    """Two old communes (A, B), two new ones (N, M), an unrelated unit (X); all open for dossiers and look-ups."""
    units = {
        "A": make_unit("91101", "Xã Cũ A"), "B": make_unit("91102", "Xã Cũ B"),
        "N": make_unit("91201", "Xã Mới N"), "M": make_unit("91202", "Phường Mới M"),
        "X": make_unit("91002", "Xã Thử Nghiệm B"),
    }
    staff = {}
    for n, (key, unit) in enumerate(units.items()):
        staff[key] = open_office(unit, catalogue=n == 0)
        for module in ("tracking", "statistics", "portal", "payments"):
            enable(unit, module)
    return units, staff


def _day(days_ago: int, hour: int = 9) -> datetime:
    return datetime.combine(EFFECTIVE - timedelta(days=days_ago), datetime.min.time(), HN).replace(hour=hour)


def _receive(unit, clerk, at, address="", procedure=PROC):
    with tenant_context(unit):
        data = {"applicant_address": address} if address else {}
        return receive(Application(procedure, "counter", "Nguyễn Văn An", applicant_phone=PHONE, data=data),
                       actor=clerk, received_at=at)


def _succeed(old, new, kind="full", share=None):
    UnitSuccession.objects.create(predecessor=old, successor=new, kind=kind, share=share, effective_on=EFFECTIVE,
                                  decision=DECISION)


def _end(*units):
    for unit in units:
        unit.ended_on, unit.status = EFFECTIVE, UnitStatus.ARCHIVED
        unit.save(update_fields=["ended_on", "status"])


def _codes(unit, **filters):
    with tenant_context(unit):
        return set(Dossier.objects.filter(**filters).values_list("code", flat=True))


def _results(answers):
    return [line for _module, lines in answers for line in lines]


def test_a_full_merge_moves_dossiers_in_progress_with_their_codes_history_deadlines_and_files(communes):
    units, staff = communes
    a, b, n, x = units["A"], units["B"], units["N"], units["X"]
    started = _receive(a, staff["A"]["receiving_officer"], _day(3))
    with tenant_context(a):
        perform(started.code, "start", actor=staff["A"]["receiving_officer"], at=_day(2))
        SubmittedFile.objects.create(dossier_code=started.code, name="don.pdf", content_type="application/pdf",
                                     size=4, sha256="0" * 64, content=b"%PDF", created_at=_day(3))
        scan = ScanFile.objects.create(sha256="1" * 64, size=4, content_type="application/pdf", content=b"%PDF",
                                       created_at=_day(3))
        DossierComponent.objects.create(dossier=started, name="Tờ khai", handling=Handling.SCANNED, scan=scan,
                                        file_name="to-khai.pdf", created_at=_day(3))
    waiting = _receive(a, staff["A"]["receiving_officer"], _day(1))
    finished = _receive(a, staff["A"]["receiving_officer"], _day(3, 10))
    with tenant_context(a):
        perform(finished.code, "withdraw", actor=staff["A"]["receiving_officer"], reason="Công dân rút", at=_day(2))
        before = {d.code: (d.due_at, d.deadline, d.step_index, d.status, d.events.count(), d.steps.count())
                  for d in Dossier.objects.all()}
        fees_before = [(fee.amount, fee.status) for fee in fees_for(started.code)]
        assert fees_before  # the procedure's fee, recorded at receipt
    from_b = _receive(b, staff["B"]["receiving_officer"], _day(1))
    _succeed(a, n)
    _succeed(b, n)
    into_n = (Successor(n, "full"),)

    dry = _results(send(reorganisation_inventory, a, successors=into_n, effective=EFFECTIVE))
    moving = next(line for line in dry if line.successor == n.code and line.what == "Hồ sơ đang giải quyết")
    assert moving.count == 2 and not moving.details
    assert next(line for line in dry if line.what.startswith("Hồ sơ đã giải quyết xong")).count == 1
    assert _codes(n) == set() and not Forwarding.objects.exists()  # the dry run changed nothing

    lines = _results(send(reorganisation_carry, a, successors=into_n, effective=EFFECTIVE))
    send(reorganisation_carry, b, successors=into_n, effective=EFFECTIVE)
    _end(a, b)
    assert next(line for line in lines if line.successor == n.code).count == 2

    assert _codes(n) == {started.code, waiting.code, from_b.code}
    with tenant_context(n):
        for code in (started.code, waiting.code):
            moved = Dossier.objects.get(code=code)
            due_at, deadline, step_index, status, event_count, step_count = before[code]
            assert (moved.due_at, moved.deadline, moved.step_index, moved.status) == (due_at, deadline, step_index,
                                                                                      status)
            assert moved.steps.count() == step_count and moved.events.count() == event_count + 1
            last = moved.events.order_by("-id").first()
            assert (last.action, last.reason, last.data["from_unit"]) == ("reorganise", DECISION, a.code)
            assert moved.carried_from == a.code and moved.holder_unit_code == n.code
        assert [bytes(f.content) for f in SubmittedFile.objects.filter(dossier_code=started.code)] == [b"%PDF"]
        component = DossierComponent.objects.get(dossier__code=started.code)
        assert (component.name, component.handling, bytes(component.scan.content)) == ("Tờ khai", "scanned", b"%PDF")
        assert [(fee.amount, fee.status) for fee in fees_for(started.code)] == fees_before  # the fee follows
        # The successor's own numbers never give an old code: its codes carry its own agency code.
        fresh = receive(Application(PROC, "counter", "Lê Thị Hoa", applicant_phone=PHONE),
                        actor=staff["N"]["receiving_officer"], received_at=_day(3))
        assert fresh.code.startswith(f"{n.code}-") and fresh.code not in before
    with tenant_context(a):  # the old copy is a stub pointing at the successor; the finished one stays as it was
        stub = Dossier.objects.get(code=started.code)
        assert (stub.status, stub.holder_unit_code) == (Status.TRANSFERRED, n.code)
        assert DossierEvent.objects.filter(dossier=stub, action="reorganise", reason=DECISION).exists()
        assert Dossier.objects.get(code=finished.code).status == Status.WITHDRAWN
        assert SubmittedFile.objects.filter(dossier_code=started.code).count() == 1  # the archive keeps its files
    assert set(Forwarding.objects.filter(to_unit=n).values_list("key", "from_unit__code")) == {
        (started.code, a.code), (waiting.code, a.code), (from_b.code, b.code)}

    # Run again (a resumed run): nothing moves twice.
    again = _results(send(reorganisation_carry, a, successors=into_n, effective=EFFECTIVE))
    assert not [line for line in again if line.successor == n.code]
    with tenant_context(n):
        assert Dossier.objects.filter(code=started.code).count() == 1
    # The unrelated unit saw nothing of it.
    assert _codes(x) == set()
    assert not Forwarding.objects.filter(to_unit=x).exists() and not Forwarding.objects.filter(from_unit=x).exists()


def test_old_codes_are_still_looked_up_and_name_the_unit_that_holds_them_now(communes):
    units, staff = communes
    a, n = units["A"], units["N"]
    moving = _receive(a, staff["A"]["receiving_officer"], _day(2))
    kept = _receive(a, staff["A"]["receiving_officer"], _day(2, 10))
    with tenant_context(a):
        perform(kept.code, "withdraw", actor=staff["A"]["receiving_officer"], reason="Công dân rút", at=_day(1))
    _succeed(a, n)
    send(reorganisation_carry, a, successors=(Successor(n, "full"),), effective=EFFECTIVE)
    _end(a)
    _forget_lookups(moving.code, kept.code)

    found = lookup(moving.code, PHONE, client="198.51.100.7")
    assert found.holder_unit_name == n.name and found.code == moving.code
    assert found.steps[-1].label == "Chuyển đơn vị giải quyết do sắp xếp đơn vị hành chính"
    archived = lookup(kept.code, PHONE, client="198.51.100.7")  # finished: the ended unit's archive answers
    assert archived.status == Status.WITHDRAWN and archived.holder_unit_name == a.name
    with pytest.raises(LookupRefused) as refused:  # the same phone check as ever
        lookup(moving.code, "0987654321", client="198.51.100.8")
    assert refused.value.code == "NOT_FOUND"
    _forget_lookups(moving.code, kept.code)


def _forget_lookups(*codes):
    """The look-up counters live in the cache, beyond the test's transaction: codes repeat from one run to the next."""
    for client in ("198.51.100.7", "198.51.100.8"):
        throttle.ATTEMPTS_PER_CLIENT.forget(client)
    for code in codes:
        throttle.FAILED_PER_CODE.forget(code)
    for phone in (PHONE, "0987654321"):
        throttle.FAILED_PER_PHONE.forget(phone)


def test_a_split_commune_routes_by_address_and_leaves_the_rest_to_the_successors_administrators(communes):
    units, staff = communes
    a, n, m, x = units["A"], units["N"], units["M"], units["X"]
    to_n = _receive(a, staff["A"]["receiving_officer"], _day(2), address="Thôn 3, xã Mới N, tỉnh Nghệ An")
    to_m = _receive(a, staff["A"]["receiving_officer"], _day(2, 10), address="Khối 2, Phường Mới M")
    unknown = _receive(a, staff["A"]["receiving_officer"], _day(1))
    _succeed(a, n, "partial", Decimal("0.6"))
    _succeed(a, m, "partial", Decimal("0.4"))
    split = (Successor(n, "partial", Decimal("0.6"), ("Xã Mới N",)),
             Successor(m, "partial", Decimal("0.4"), ("Phường Mới M",)))

    dry = _results(send(reorganisation_inventory, a, successors=split, effective=EFFECTIVE))
    waiting = [(line.successor, line.needs_decision, line.details) for line in dry if line.needs_decision]
    assert waiting == [(n.code, 1, [unknown.code]), (m.code, 1, [unknown.code])]  # both administrators see it

    send(reorganisation_carry, a, successors=split, effective=EFFECTIVE)
    _end(a)
    assert _codes(n) == {to_n.code} and _codes(m) == {to_m.code}
    assert _codes(a, status=Status.RECEIVED) == {unknown.code}  # waits in the old unit

    admin_n = add_member(n, "admin-91201", roles=("administrator",))
    with tenant_context(n):
        queue = reorganisation.review_queue(admin_n)
        assert [(item.code, item.unit_code) for item in queue] == [(unknown.code, a.code)]
        with pytest.raises(OnestopError) as refused:
            reorganisation.review_queue(staff["N"]["specialist"])
        assert refused.value.code == "FORBIDDEN"
    admin_x = add_member(x, "admin-91002", roles=("administrator",))
    with tenant_context(x):  # not a successor of A: neither sees nor takes A's dossiers
        assert reorganisation.review_queue(admin_x) == []
        with pytest.raises(OnestopError) as refused:
            reorganisation.assign(admin_x, unknown.code)
        assert refused.value.code == "NOT_A_PREDECESSOR"

    with tenant_context(n):
        taken = reorganisation.assign(admin_n, unknown.code)
        assert taken.carried_from == a.code
        event = taken.events.order_by("-id").first()
        assert (event.action, event.actor_id, event.reason) == ("reorganise", admin_n.pk, DECISION)
        assert reorganisation.review_queue(admin_n) == []
    admin_m = add_member(m, "admin-91202", roles=("administrator",))
    with tenant_context(m):
        with pytest.raises(OnestopError) as refused:  # already taken by N
            reorganisation.assign(admin_m, unknown.code)
        assert refused.value.code == "ALREADY_MOVED"
    assert Forwarding.objects.get(key=unknown.code).to_unit == n


def test_the_successor_takes_up_the_old_units_processes_it_lacks_before_its_dossiers(communes):
    units, staff = communes
    a, n = units["A"], units["N"]
    steps = [{"name": "Tiếp nhận", "role": "receiving_officer", "hours": 2},
             {"name": "Giải quyết", "role": "leader", "hours": 6}]
    adopt_procedure(a, BIRTH, steps)
    birth = _receive(a, staff["A"]["receiving_officer"], _day(1), procedure=BIRTH)
    into_n = (Successor(n, "full"),)
    dry = _results(send(reorganisation_inventory, a, successors=into_n, effective=EFFECTIVE))
    adopted = next(line for line in dry if line.what.startswith("Quy trình thủ tục"))
    assert (adopted.successor, adopted.count, adopted.details) == (n.code, 1, [BIRTH])
    assert not next(line for line in dry if line.what == "Hồ sơ đang giải quyết").details  # nothing in the way
    assert unit_process(n, BIRTH) is None  # the dry run adopted nothing

    _succeed(a, n)
    send(reorganisation_carry, a, successors=into_n, effective=EFFECTIVE)
    process = unit_process(n, BIRTH)
    assert [(s.name, s.role_code, s.duration) for s in process.steps] == [
        ("Tiếp nhận", "receiving_officer", Decimal(2)), ("Giải quyết", "leader", Decimal(6))]
    assert unit_process(n, PROC).steps[0].name == "Thẩm định"  # its own process is kept
    assert _codes(n) == {birth.code}


def test_a_successor_that_cannot_take_one_dossier_leaves_the_old_unit_untouched(communes):
    units, staff = communes
    a, n = units["A"], units["N"]
    first = _receive(a, staff["A"]["receiving_officer"], _day(3))  # moves first (oldest)...
    second = _receive(a, staff["A"]["receiving_officer"], _day(2))  # ...then N already holds this code
    with tenant_context(n):  # sent to N by liên thông before, as the message handler records it
        arrival = Arrival("receive_transfer", "transfer", origin_unit_code=a.code, unit_code=a.code,
                          role_code="system", transferred_from=a.code)
        open_dossier(n, Application(PROC, "counter", "Nguyễn Văn An", applicant_phone=PHONE),
                     plan_for(n, PROC, "counter"), code=second.code, at=_day(2, 11), arrival=arrival)
    with tenant_context(a):
        before = list(Dossier.objects.order_by("code").values_list("code", "status", "holder_unit_code"))
    into_n = (Successor(n, "full"),)

    dry = _results(send(reorganisation_inventory, a, successors=into_n, effective=EFFECTIVE))
    assert f"Đơn vị 91201 đã có hồ sơ mã {second.code}." in next(line for line in dry
                                                                 if line.successor == n.code).details
    with pytest.raises(OnestopError) as refused, transaction.atomic():  # the run's one transaction for this unit
        send(reorganisation_carry, a, successors=into_n, effective=EFFECTIVE)
    assert refused.value.code == "CANNOT_CARRY" and second.code in str(refused.value)
    assert _codes(n) == {second.code} and not Forwarding.objects.exists()
    with tenant_context(a):
        assert list(Dossier.objects.order_by("code").values_list("code", "status", "holder_unit_code")) == before
        assert not DossierEvent.objects.filter(dossier__code=first.code, action="reorganise").exists()


def test_statistics_before_and_after_are_equal_in_total_and_each_dossier_counts_once(communes):
    units, staff = communes
    a, b, n, m = units["A"], units["B"], units["N"], units["M"]
    clerk_a, clerk_b = staff["A"]["receiving_officer"], staff["B"]["receiving_officer"]
    for i in range(3):
        _receive(a, clerk_a, _day(3, 8 + i))
    done = _receive(b, clerk_b, _day(3))
    _receive(b, clerk_b, _day(2), address="Phường Mới M")
    with tenant_context(b):
        perform(done.code, "withdraw", actor=clerk_b, reason="Công dân rút", at=_day(2, 15))
    days = days_between(EFFECTIVE - timedelta(days=4), EFFECTIVE - timedelta(days=1))
    now = datetime.combine(EFFECTIVE, datetime.min.time(), HN).replace(hour=9)
    for unit in (a, b):
        with tenant_context(unit):
            refresh_days(days, now=now)

    def total(unit_list, counter):
        return sum((trends.totals(trends.trend(u, days[0], days[-1]), (counter,))[counter] for u in unit_list),
                   Decimal(0))

    before = {c: total([a, b], c) for c in ("received_counter", "withdrawn")}
    assert before == {"received_counter": 5, "withdrawn": 1}
    _succeed(a, n)  # A merged into N; B split 0.7 / 0.3 between N and M
    _succeed(b, n, "partial", Decimal("0.7"))
    _succeed(b, m, "partial", Decimal("0.3"))
    send(reorganisation_carry, a, successors=(Successor(n, "full"),), effective=EFFECTIVE)
    send(reorganisation_carry, b, successors=(Successor(n, "partial", Decimal("0.7"), ("Xã Mới N",)),
                                              Successor(m, "partial", Decimal("0.3"), ("Phường Mới M",))),
         effective=EFFECTIVE)
    _end(a, b)
    for unit in (n, m):  # the successors recompute the same days: what they carried is not received again
        with tenant_context(unit):
            refresh_days(days, now=now)
    for unit in (a, b):  # an ended unit's history stays as it was, whoever refreshes it
        with tenant_context(unit):
            refresh_days(days, now=now)
    after = {c: total([n, m], c) for c in ("received_counter", "withdrawn")}
    assert after == before
    assert trends.totals(trends.trend(n, days[0], days[-1]))["received_counter"] == Decimal("3") + Decimal("0.7") * 2
    # From the change on, the successor counts the carried dossiers as its own stock, once.
    with tenant_context(n):
        refresh_days([EFFECTIVE])  # now: after the carry
    today = trends.trend(n, EFFECTIVE, EFFECTIVE)
    assert today[0].inherited["in_progress_on_time"] + today[0].inherited["in_progress_overdue"] == 0
    assert today[0].total("in_progress_on_time", "in_progress_overdue") == 3
    assert timezone.localtime(now).date() == EFFECTIVE
    # The same trend in the API, for the successor's leaders.
    leader = Client()
    leader.force_login(staff["N"]["leader"])
    status, body = gql(leader, TREND, {"from": days[0].isoformat(), "to": EFFECTIVE.isoformat()}, unit=n)
    shown = body["data"]["statisticsTrend"]
    assert [(a["unitCode"], a["weight"]) for a in shown["attribution"]] == [(a.code, 1.0), (b.code, 0.7)]
    assert sum(d["received"] for d in shown["days"]) == pytest.approx(4.4)
    assert shown["days"][-1] == {"day": EFFECTIVE.isoformat(), "received": 0.0, "inProgress": 3.0,
                                 "inheritedInProgress": 0.0}
    clerk = Client()
    clerk.force_login(staff["N"]["receiving_officer"])
    assert gql(clerk, TREND, {"from": days[0].isoformat(), "to": EFFECTIVE.isoformat()}, unit=n)[1][
        "errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


TREND = """query($from: Date!, $to: Date!) { statisticsTrend(from: $from, to: $to) {
  days { day received inProgress inheritedInProgress } attribution { unitCode weight } } }"""


REVIEW = "{ onestopReorganisationReview { code unitCode address } }"
ASSIGN = """mutation($c: String!) { onestopAssignReorganisedDossier(code: $c) {
  dossier { code status } errors { code field message } } }"""


def test_the_review_queue_in_the_api_and_the_workspace_page(communes):
    units, staff = communes
    a, n, m = units["A"], units["N"], units["M"]
    first = _receive(a, staff["A"]["receiving_officer"], _day(2), address="Không rõ")
    second = _receive(a, staff["A"]["receiving_officer"], _day(1))
    _succeed(a, n, "partial", Decimal("0.5"))
    _succeed(a, m, "partial", Decimal("0.5"))
    send(reorganisation_carry, a, effective=EFFECTIVE, successors=(
        Successor(n, "partial", Decimal("0.5"), ("Xã Mới N",)),
        Successor(m, "partial", Decimal("0.5"), ("Phường Mới M",))))
    _end(a)
    admin = add_member(n, "admin-n-api", roles=("administrator",))
    client = Client()
    client.force_login(admin)
    status, body = gql(client, REVIEW, unit=n)
    assert status == 200 and body["data"]["onestopReorganisationReview"] == [
        {"code": first.code, "unitCode": a.code, "address": "Không rõ"},
        {"code": second.code, "unitCode": a.code, "address": ""}]
    clerk = Client()
    clerk.force_login(staff["N"]["receiving_officer"])
    assert gql(clerk, REVIEW, unit=n)[1]["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    done = gql(client, ASSIGN, {"c": first.code}, unit=n)[1]["data"]["onestopAssignReorganisedDossier"]
    assert done == {"dossier": {"code": first.code, "status": "RECEIVED"}, "errors": []}
    again = gql(client, ASSIGN, {"c": first.code}, unit=n)[1]["data"]["onestopAssignReorganisedDossier"]
    assert again["dossier"] is None and again["errors"][0]["code"] == "ALREADY_MOVED"

    page = UnitClient(n, admin)
    shown = page.get("/m/onestop/sap-xep/")
    assert shown.status_code == 200 and second.code in shown.content.decode()
    assert first.code not in shown.content.decode()
    taken = page.post("/m/onestop/sap-xep/", {"code": second.code})
    assert taken.status_code == 302
    assert 'id="review"' not in page.get("/m/onestop/sap-xep/").content.decode()  # the queue is empty now
    assert _codes(n) == {first.code, second.code}
    assert UnitClient(n, staff["N"]["receiving_officer"]).get("/m/onestop/sap-xep/").status_code == 403


def test_an_unrelated_unit_neither_sees_nor_takes_the_review_queue_through_the_api(communes):
    units, staff = communes
    a, n, m, x = units["A"], units["N"], units["M"], units["X"]
    waiting = _receive(a, staff["A"]["receiving_officer"], _day(1))
    _succeed(a, n, "partial", Decimal("0.5"))
    _succeed(a, m, "partial", Decimal("0.5"))
    send(reorganisation_carry, a, effective=EFFECTIVE, successors=(Successor(n, "partial", Decimal("0.5")),
                                                                  Successor(m, "partial", Decimal("0.5"))))
    _end(a)
    outsider = Client()
    outsider.force_login(add_member(x, "admin-x-api", roles=("administrator",)))
    assert gql(outsider, REVIEW, unit=x)[1]["data"]["onestopReorganisationReview"] == []
    refused = gql(outsider, ASSIGN, {"c": waiting.code}, unit=x)[1]["data"]["onestopAssignReorganisedDossier"]
    assert refused["errors"][0]["code"] == "NOT_A_PREDECESSOR"
    status, body = gql(outsider, REVIEW, unit=n)  # another unit's endpoint: not a member there
    assert status == 403 and body["error"]["code"] == "NOT_A_MEMBER"
    assert _codes(x) == set() and _codes(a, status=Status.RECEIVED) == {waiting.code}
