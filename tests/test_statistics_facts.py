"""Daily facts of a unit: the figures of a hand-counted set of dossiers, a transferred dossier counted once, and
recomputing a day replacing its rows. The other statistics suites reuse this file's office and dossiers."""

from datetime import date, datetime, timedelta

import pytest
from api_support import add_member
from django.utils import timezone
from django_tenants.utils import tenant_context
from modules_support import hold_tables
from onestop_support import HN, PROC, STEPS, open_office

from core.modules.services import enable
from modules.onestop.models import Dossier, Status
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.transfers import transfer
from modules.payments.models import Fee, FeeStatus
from modules.procedures.services import adopt_procedure
from modules.statistics.models import DailyFact, FactsDay
from modules.statistics.services import FactsError, refresh_day, refresh_days, unit_report
from modules.statistics.services.report import DAY, PROCEDURE, SECTOR, Figures
from modules.tracking.models import Rating
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage

OTHER_PROC = "2.000720"  # change of a household business: same sector as PROC
# Monday 5 October 2026; PROC takes 3 working days: received at 09:00, due Thursday 8 October at 09:00.
MON, TUE, WED, THU, FRI = (date(2026, 10, 5) + timedelta(days=i) for i in range(5))
WEEK = [MON, TUE, WED, THU, FRI]
LATER = datetime(2026, 10, 20, 12, 0, tzinfo=HN)  # "now" of the recomputations: every day of the week is past


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HN)


def statistics_office(unit, people_suffix=None, catalogue=True) -> dict:
    """open_office (onestop, PROC adopted, one member per role) with the statistics module on, OTHER_PROC adopted too,
    and an administrator."""
    people = open_office(unit, people_suffix=people_suffix, catalogue=catalogue)
    adopt_procedure(unit, OTHER_PROC, STEPS)
    enable(unit, "statistics")
    people["administrator"] = add_member(unit, f"administrator-{people_suffix or unit.code}")
    return people


def receive_one(unit, people, channel: str, when: datetime, proc: str = PROC, name: str = "Nguyễn Văn An") -> str:
    with tenant_context(unit):
        return receive(Application(proc, channel, name, applicant_phone="0912345678"),
                       actor=people["receiving_officer"], received_at=when).code


def deliver_all(unit) -> None:
    with tenant_context(unit):
        ids = [str(i) for i in OutboxMessage.objects.filter(status="pending").values_list("id", flat=True)]
    for message_id in ids:
        messaging.deliver(unit.schema_name, message_id)


def recompute(unit, days=WEEK, now=LATER) -> dict:
    with tenant_context(unit):
        return refresh_days(days, now=now)


def week_of_dossiers(unit, people, other_unit, other_people) -> dict[str, str]:
    """The hand-counted week at `unit` (see EXPECTED_*), one dossier of it transferred to `other_unit`, and one dossier
    `other_unit` receives itself. Returns {name: dossier code}."""
    ro, leader, result = people["receiving_officer"], people["leader"], people["result_officer"]
    codes = {
        "early": receive_one(unit, people, "counter", at(MON, 9)),
        "on_time": receive_one(unit, people, "online", at(MON, 9)),
        "late": receive_one(unit, people, "post", at(MON, 9)),
        "refused": receive_one(unit, people, "counter", at(MON, 9)),
        "withdrawn": receive_one(unit, people, "online", at(MON, 9)),
        "open": receive_one(unit, people, "counter", at(MON, 9)),
        "transferred": receive_one(unit, people, "counter", at(MON, 9)),
        "other_procedure": receive_one(unit, people, "counter", at(MON, 10), proc=OTHER_PROC),
    }
    with tenant_context(unit):
        for name in ("early", "on_time", "late", "open", "transferred", "other_procedure"):
            perform(codes[name], "start", actor=ro, at=at(MON, 10))
        perform(codes["early"], "approve", actor=leader, at=at(TUE, 10))       # before the due day: early
        perform(codes["refused"], "refuse", actor=leader, reason="Không thuộc thẩm quyền", at=at(TUE, 11))
        transfer(codes["transferred"], actor=people["specialist"], to_unit_code=other_unit.code, note="Liên thông")
        perform(codes["withdrawn"], "withdraw", actor=ro, reason="Công dân xin rút", at=at(WED, 9))
        perform(codes["early"], "return_result", actor=result, at=at(WED, 10))  # handing over is not a new result
        perform(codes["on_time"], "approve", actor=leader, at=at(THU, 8))      # due day, before 09:00: on time
        perform(codes["late"], "approve", actor=leader, at=at(FRI, 10))        # after the appointment: late
    hold_tables(unit, "payments", "tracking")  # used once (kept after they were disabled): their rows count
    with tenant_context(unit):
        Fee.objects.create(dossier_code=codes["early"], amount=50000, status=FeeStatus.PAID, paid_at=at(TUE, 9))
        Fee.objects.create(dossier_code=codes["on_time"], amount=50000, status=FeeStatus.PAID, paid_at=at(TUE, 15),
                           payment_reference="paysandbox:SBX-1")
        Fee.objects.create(dossier_code=codes["late"], amount=50000, status=FeeStatus.DUE)  # not paid: not counted
        for name, score in (("early", 5), ("on_time", 4)):
            rating = Rating.objects.create(dossier_code=codes[name], score=score)
            Rating.objects.filter(pk=rating.pk).update(created_at=at(WED, 16))
    deliver_all(unit)  # the transfer reaches the other unit
    with tenant_context(other_unit):
        there = Dossier.objects.get(code=codes["transferred"])
        assert there.transferred_from == unit.code and there.origin_unit_code == unit.code
        perform(there.code, "start", actor=other_people["receiving_officer"], at=at(TUE, 14))
        perform(there.code, "approve", actor=other_people["leader"], at=at(WED, 14))  # resolved there: not counted
    deliver_all(other_unit)  # its progress comes back: the dossier is in process at the unit again
    # The other unit's own citizen's dossier is counted there.
    codes["other_unit_own"] = receive_one(other_unit, other_people, "online", at(MON, 14), name="Trần Thị Bình")
    return codes


def seed_examples(unit) -> None:
    """What graphql/operations/statistics_summary.graphql reads: the module on, three dossiers received in the example
    week (one resolved early) and the week's facts computed."""
    people = statistics_office(unit, people_suffix="statistics-example")
    first = receive_one(unit, people, "counter", at(MON, 9))
    receive_one(unit, people, "online", at(MON, 9))
    receive_one(unit, people, "counter", at(MON, 10), proc=OTHER_PROC)
    with tenant_context(unit):
        perform(first, "start", actor=people["receiving_officer"], at=at(MON, 10))
        perform(first, "approve", actor=people["leader"], at=at(TUE, 10))
    recompute(unit)


# The week at the unit, counted by hand. PROC: 7 dossiers received on Monday; OTHER_PROC: one, still open.
EXPECTED_WEEK = Figures(
    received_counter=5, received_online=2, received_post=1,           # the transferred one included, once
    resolved_early=1, resolved_on_time=1, resolved_late=1,
    in_progress_on_time=0, in_progress_overdue=3,                     # Friday night: open, transferred, other_procedure
    returned=1, withdrawn=1, fees_paid=2, fees_paid_online=1, ratings=2, rating_points=9,
    received_digitised=2,                                             # the two filed online (nothing scanned)
    received_with_fee=7, dossiers_paid_online=1,                      # PROC states a fee; one dossier paid online
    ended_on_time_766=4)                                              # early, on time, refused, withdrawn
EXPECTED_DAYS = {  # (received, resolved early/on time/late, in progress on time/overdue, returned, withdrawn) per day
    MON: (8, (0, 0, 0), (8, 0), 0, 0),
    TUE: (0, (1, 0, 0), (6, 0), 1, 0),
    WED: (0, (0, 0, 0), (5, 0), 0, 1),
    THU: (0, (0, 1, 0), (0, 4), 0, 0),    # past 09:00 on Thursday the four still open are overdue
    FRI: (0, (0, 0, 1), (0, 3), 0, 0),
}


@pytest.fixture(autouse=True)
def _fresh_plans():
    from modules.onestop.services.plans import forget_plans

    forget_plans()
    yield
    forget_plans()


@pytest.fixture(name="week")
def week_fixture(make_unit):
    """A province, its district and the district's two communes: A has the hand-counted week, B got one of A's
    dossiers by transfer."""
    province = make_unit("91", "Tỉnh Thử Nghiệm", kind="province")
    district = make_unit("9100", "Huyện Thử Nghiệm", kind="district", parent="91")
    unit_a = make_unit("91001", "Xã Thử Nghiệm A", parent="9100")
    unit_b = make_unit("91002", "Xã Thử Nghiệm B", parent="9100")
    people_a = statistics_office(unit_a)
    people_b = statistics_office(unit_b, catalogue=False)
    codes = week_of_dossiers(unit_a, people_a, unit_b, people_b)
    return {"province": province, "district": district, "a": unit_a, "b": unit_b, "people_a": people_a, "people_b": people_b,
            "codes": codes}


def test_the_week_matches_the_hand_count(week):
    unit = week["a"]
    recompute(unit)
    result = unit_report(unit, MON, FRI, SECTOR)
    assert result.total == EXPECTED_WEEK
    assert result.total.received == 8 and result.total.resolved == 3 and result.total.in_progress == 3
    assert result.total.online_share == round(2 / 8, 4)
    assert result.total.on_time_share == round(2 / 3, 4)
    assert result.total.online_payment_share == 0.5
    assert result.total.average_satisfaction == 4.5
    assert result.units == 1 and result.units_reporting == 1 and result.computed_at == LATER
    # Both procedures are of one sector: one row, the whole week.
    assert [(r.label, r.figures) for r in result.rows] == [("Thành lập và hoạt động của hộ kinh doanh", EXPECTED_WEEK)]


def test_each_day_and_each_procedure_match_the_hand_count(week):
    unit = week["a"]
    recompute(unit)
    by_day = unit_report(unit, MON, FRI, DAY)
    assert [r.key for r in by_day.rows] == [d.isoformat() for d in WEEK]
    for row, day in zip(by_day.rows, WEEK, strict=True):
        f = row.figures
        assert (f.received, (f.resolved_early, f.resolved_on_time, f.resolved_late),
                (f.in_progress_on_time, f.in_progress_overdue), f.returned, f.withdrawn) == EXPECTED_DAYS[day], day
    assert by_day.total == EXPECTED_WEEK  # the stock is read on the period's last day, the flows are summed

    by_procedure = {r.key: r.figures for r in unit_report(unit, MON, FRI, PROCEDURE).rows}
    assert set(by_procedure) == {PROC, OTHER_PROC}
    assert by_procedure[OTHER_PROC] == Figures(received_counter=1, in_progress_overdue=1)
    assert by_procedure[PROC].add(by_procedure[OTHER_PROC]) == EXPECTED_WEEK

    # A period ending on Wednesday reads Wednesday's stock.
    tuesday_to_wednesday = unit_report(unit, TUE, WED, SECTOR).total
    assert (tuesday_to_wednesday.received, tuesday_to_wednesday.in_progress_on_time,
            tuesday_to_wednesday.resolved, tuesday_to_wednesday.returned, tuesday_to_wednesday.withdrawn) == (0, 5, 1, 1, 1)


def test_a_transferred_dossier_counts_once_at_the_unit_that_received_it(week):
    unit_a, unit_b = week["a"], week["b"]
    code = week["codes"]["transferred"]
    with tenant_context(unit_b):
        arrived = timezone.localtime(Dossier.objects.get(code=code).received_at, HN).date()  # when the message came
    now = max(LATER, timezone.now())
    recompute(unit_a)
    recompute(unit_b, days=sorted({*WEEK, arrived}), now=now)
    # B received, started and resolved the dossier, but counts only its own citizen's dossier.
    b = unit_report(unit_b, min(MON, arrived), max(FRI, arrived), SECTOR).total
    assert (b.received, b.received_online, b.resolved, b.in_progress) == (1, 1, 0, 1)
    # A counts it once: one of its five dossiers at the counter, still in progress after it came back.
    a = unit_report(unit_a, MON, FRI, SECTOR).total
    assert a == EXPECTED_WEEK and a.received_counter == 5
    with tenant_context(unit_a):
        home = Dossier.objects.get(code=code)
        assert home.status == Status.IN_PROCESS and home.remote_status == Status.RESULT_READY
    # Together: eight dossiers of A's citizens and one of B's, not ten.
    from modules.statistics.services import rollup_report

    assert rollup_report(week["district"], min(MON, arrived), max(FRI, arrived)).total.received == 9


def test_recomputing_a_day_replaces_its_rows(week):
    unit = week["a"]
    recompute(unit)
    rows_before = list(DailyFact.objects.filter(unit=unit).order_by("day", "procedure_code").values())
    assert DailyFact.objects.filter(unit=unit, day=MON).count() == 2  # one row per procedure
    recompute(unit)
    recompute(unit, days=[THU])
    rows_after = list(DailyFact.objects.filter(unit=unit).order_by("day", "procedure_code").values())
    ignore = {"id"}
    assert [{k: v for k, v in r.items() if k not in ignore} for r in rows_after] == \
           [{k: v for k, v in r.items() if k not in ignore} for r in rows_before]
    assert FactsDay.objects.filter(unit=unit).count() == 5
    assert unit_report(unit, MON, FRI, SECTOR).total == EXPECTED_WEEK

    # The open dossier gets its result on Friday: recomputing Friday replaces Friday's rows with the new figures.
    with tenant_context(unit):
        perform(week["codes"]["open"], "approve", actor=week["people_a"]["leader"], at=at(FRI, 15))
    recompute(unit, days=[FRI])
    friday = unit_report(unit, FRI, FRI, SECTOR).total
    assert (friday.resolved_late, friday.in_progress_overdue) == (2, 2)
    assert DailyFact.objects.filter(unit=unit, day=FRI).count() == 2
    assert unit_report(unit, MON, FRI, SECTOR).total.resolved == 4


def test_a_day_without_anything_leaves_no_rows_but_is_known_as_computed(week):
    unit = week["a"]
    sunday = MON - timedelta(days=1)
    assert recompute(unit, days=[sunday]) == {sunday: 0}
    assert not DailyFact.objects.filter(unit=unit, day=sunday).exists()
    assert FactsDay.objects.filter(unit=unit, day=sunday).exists()


def test_days_in_the_future_and_the_public_schema_are_refused(week):
    with tenant_context(week["a"]), pytest.raises(FactsError):
        refresh_day(date(2026, 10, 21), now=LATER)
    with pytest.raises(FactsError):
        refresh_day(MON, now=LATER)  # not inside a unit
