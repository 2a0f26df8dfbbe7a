"""The daily facts behind the Decision 766 indicators the national portal's description computes, counted by hand
from real dossiers of one week: synchronised with the national portal (1.4), on time with the description's rules
(2.1: refusals and withdrawals count, a second supplement request is late, the open dossiers at the end), the unit's
procedures offering an online service (3.1), dossiers paid online over those of a procedure with a fee (3.6), results
electronic or exempt (4.1), digitised parts AND result (4.2), population data (4.5); a second unit sees nothing."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context
from modules_support import hold_tables
from onestop_support import HN, PROC, open_office

from modules.catalogue.models import Procedure, ProcedureVersion, SubmissionChannel
from modules.onestop.models import Dossier, NationalLink, NationalUpdate
from modules.onestop.services import data_sources, digitisation
from modules.onestop.services.actions import perform
from modules.onestop.services.digitisation import Part, Scan
from modules.onestop.services.intake import Application, receive
from modules.payments.models import Fee, FeeStatus
from modules.statistics.models import DailyFact, FactsDay
from modules.statistics.services import indicators, refresh_days, unit_report

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Monday 5 October 2026; PROC takes 3 working days: received at 09:00, due Thursday 8 October at 09:00.
MON, TUE, WED, THU, FRI = (date(2026, 10, 5) + timedelta(days=i) for i in range(5))
LATER = datetime(2026, 10, 20, 12, 0, tzinfo=HN)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HN)


@pytest.fixture
def week(unit_a, unit_b):
    """Six dossiers received on Monday at unit_a (see the test for what each counts)."""
    people = open_office(unit_a)
    open_office(unit_b, catalogue=False)
    version = Procedure.objects.get(code=PROC).current_version
    # the version in force all year (imported "now", 20 November), online in part, with a fee on one channel
    ProcedureVersion.objects.filter(pk=version.pk).update(valid_from=datetime(2026, 1, 1, tzinfo=HN),
                                                          online_level="partial")
    SubmissionChannel.objects.filter(version=version).update(fee_amount=0)
    SubmissionChannel.objects.filter(pk=SubmissionChannel.objects.filter(version=version).first().pk).update(
        fee_amount=100000)
    clerk, leader = people["receiving_officer"], people["leader"]
    found = data_sources.Found("population", "001090000001", "DC-0001", {"id_number": "001090000001"}).as_part()

    def one(channel, parts=()):
        return receive(Application(PROC, channel, "Nguyễn Văn An", applicant_phone="0912345678",
                                   applicant_id_number="001090000001", parts=tuple(parts)),
                       actor=clerk, received_at=at(MON, 9)).code

    hold_tables(unit_a, "payments")  # used once (kept after it was disabled): its fees count
    with tenant_context(unit_a):
        codes = {
            "early": one("counter", [Part("Giấy đề nghị", Scan("don.pdf", PDF)), Part("Cư trú", database=found)]),
            "twice": one("counter", [Part("Giấy đề nghị", Scan("don.pdf", PDF))]),
            "synced": one("online"),
            "waiting": one("online"),
            "refused": one("counter", [Part("Giấy đề nghị", Scan("don.pdf", PDF))]),
            "withdrawn": one("counter", [Part("Giấy đề nghị", Scan("don.pdf", PDF))]),
        }
        for name in ("early", "twice"):
            perform(codes[name], "start", actor=clerk, at=at(MON, 10))
            perform(codes[name], "approve", actor=leader, at=at(TUE, 10))  # before the due day: early
        digitisation.record_result(Dossier.objects.get(code=codes["early"]), scan=Scan("kq.pdf", PDF), actor=clerk)
        digitisation.record_result(Dossier.objects.get(code=codes["twice"]), exemption="processing_result")
        twice = Dossier.objects.get(code=codes["twice"])  # sent back to be supplemented twice: late for 766
        Dossier.objects.filter(pk=twice.pk).update(deadline={**twice.deadline, "supplements": 2})
        waiting = Dossier.objects.get(code=codes["waiting"])  # supplemented once, waiting for a second one
        Dossier.objects.filter(pk=waiting.pk).update(deadline={
            **waiting.deadline, "supplements": 1, "paused_at": at(MON, 11).isoformat(), "pause_reason": "supplement"})
        perform(codes["refused"], "refuse", actor=leader, reason="Không thuộc thẩm quyền", at=at(TUE, 11))
        perform(codes["withdrawn"], "withdraw", actor=clerk, reason="Công dân xin rút", at=at(FRI, 10))  # after due
        for name, sent in (("synced", at(MON, 9, 1)), ("waiting", None)):  # filed on the national portal
            link = NationalLink.objects.create(national_id=f"G22.{name}", dossier=Dossier.objects.get(
                code=codes[name]), received_at=at(MON, 9), last_delivered_at=at(MON, 9))
            NationalUpdate.objects.create(link=link, action="receive", status="received", at=at(MON, 9),
                                          next_attempt_at=at(MON, 9), sent_at=sent)
        # two of the six without the version that states the fee
        Dossier.objects.filter(code__in=[codes["synced"], codes["waiting"]]).update(procedure_version_id=None)
        Fee.objects.create(dossier_code=codes["early"], amount=50000, status=FeeStatus.PAID, paid_at=at(TUE, 9),
                           payment_reference="paysandbox:SBX-1")
        Fee.objects.create(dossier_code=codes["early"], source="other", amount=20000, status=FeeStatus.PAID,
                           paid_at=at(TUE, 9), payment_reference="paysandbox:SBX-2")
        Fee.objects.create(dossier_code=codes["twice"], amount=50000, status=FeeStatus.PAID, paid_at=at(TUE, 9))
        refresh_days([MON, TUE, WED, THU, FRI], now=LATER)
    with tenant_context(unit_b):
        refresh_days([MON, TUE, WED, THU, FRI], now=LATER)
    return {"a": unit_a, "b": unit_b, "codes": codes, "version": version}


def test_the_weeks_facts_counted_by_hand(week):
    total = unit_report(week["a"], MON, FRI).total
    assert (total.received_counter, total.received_online) == (4, 2)
    assert total.received_synced == 1          # the one whose receipt was sent back to the portal
    assert total.received_population == 1     # a component from the population database
    assert total.received_with_fee == 4        # of the version with a fee above 0
    assert (total.resolved_early, total.returned, total.withdrawn) == (2, 1, 1)
    # ended by the due time, at most one supplement request: "early" and "refused" (not "twice", not "withdrawn")
    assert total.ended_on_time_766 == 2
    assert (total.results_electronic, total.results_exempt, total.resolved_digitised) == (1, 1, 2)
    assert (total.fees_paid, total.fees_paid_online, total.dossiers_paid_online) == (3, 2, 1)
    # the stock at Friday's end: "synced" is overdue, "waiting" is paused (on time) but asked twice
    assert (total.in_progress_on_time, total.in_progress_overdue, total.in_progress_on_time_766) == (1, 1, 0)
    monday = unit_report(week["a"], MON, MON).total  # at Monday's end all six were open and on time ...
    assert (monday.in_progress_on_time, monday.in_progress_on_time_766) == (6, 4)  # ... "twice", "waiting" asked twice
    with tenant_context(week["a"]):
        day = FactsDay.objects.get(unit=week["a"], day=MON)
    assert (day.procedures, day.procedures_online, day.procedures_with_fee) == (1, 1, 1)
    # a second unit sees nothing of the first's figures
    assert not DailyFact.objects.filter(unit=week["b"]).exists()
    other = unit_report(week["b"], MON, FRI).total
    assert other.received == 0 and other.received_synced == 0 and other.ended_on_time_766 == 0


def test_the_weeks_indicators(week):
    found = {i.code: i for g in indicators.unit_indicators(week["a"], "month", 2026, 10).card.groups
             for i in g.indicators}
    # 2.1: (2 ended on time + 0 open on time) / (2 resolved + 1 refused + 1 withdrawn + 2 open): 20 × 2/6
    on_time = found["resolved_on_time"]
    assert (on_time.numerator, on_time.denominator, on_time.score) == (2, 6, Decimal("6.67"))
    pairs = {code: (found[code].numerator, found[code].denominator) for code in (
        "dossiers_synced", "procedures_online", "payments_online", "results_electronic", "dossiers_digitised",
        "population_data")}
    assert found["procedures_paid_online"].numerator == 1 and found["procedures_paid_online"].denominator == 1
    assert pairs == {"dossiers_synced": (1, 6), "procedures_online": (1, 1), "payments_online": (1, 4),
                     "results_electronic": (1, 1), "dossiers_digitised": (2, 2), "population_data": (1, 6)}
    empty = {i.code: i for g in indicators.unit_indicators(week["b"], "month", 2026, 10).card.groups
             for i in g.indicators}
    assert empty["dossiers_synced"].ratio is None and empty["resolved_on_time"].ratio is None  # N/A, not 0


def test_the_procedures_offered_follow_the_catalogue_version_of_the_day(week):
    ProcedureVersion.objects.filter(pk=week["version"].pk).update(online_level="information")
    with tenant_context(week["a"]):
        refresh_days([MON], now=LATER)
        day = FactsDay.objects.get(unit=week["a"], day=MON)
    assert (day.procedures, day.procedures_online, day.procedures_with_fee) == (1, 0, 1)
    SubmissionChannel.objects.filter(version=week["version"]).update(fee_amount=0)  # no fee any more
    with tenant_context(week["a"]):
        refresh_days([MON], now=LATER)
        assert FactsDay.objects.get(unit=week["a"], day=MON).procedures_with_fee == 0


def test_full_online_dossiers_follow_the_catalogue_version_of_the_day(week):
    """The 12 points' measure: of the dossiers received of a procedure whose version in force at the day's end is full
    online ("toàn trình"), those received online. The week's version is online in part: none counted."""
    assert unit_report(week["a"], MON, MON).total.received_full_service == 0
    partial = {i.code: i for g in indicators.unit_indicators(week["a"], "month", 2026, 10).card.groups
               for i in g.indicators}["full_online_dossiers"]
    assert (partial.numerator, partial.denominator, partial.ratio, partial.score) == (0, 0, None, None)  # N/A
    ProcedureVersion.objects.filter(pk=week["version"].pk).update(online_level="full")
    with tenant_context(week["a"]):
        refresh_days([MON], now=LATER)
    monday = unit_report(week["a"], MON, MON).total
    # all six of Monday's dossiers (the two without a version too: the code's version of the day), two online
    assert (monday.received_full_service, monday.received_online_full_service) == (6, 2)
    full = {i.code: i for g in indicators.unit_indicators(week["a"], "month", 2026, 10).card.groups
            for i in g.indicators}["full_online_dossiers"]
    assert (full.numerator, full.denominator, full.score) == (2, 6, Decimal("4.00"))  # 12 × 2/6, no threshold
    # a version in force only from Tuesday: Monday's dossiers were not of a full-online procedure
    ProcedureVersion.objects.filter(pk=week["version"].pk).update(valid_from=at(TUE, 0))
    with tenant_context(week["a"]):
        refresh_days([MON], now=LATER)
    assert unit_report(week["a"], MON, MON).total.received_full_service == 0
    # a second unit sees nothing of the first's
    other = unit_report(week["b"], MON, FRI).total
    assert (other.received_full_service, other.received_online_full_service) == (0, 0)
