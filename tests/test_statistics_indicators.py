"""Decision 766/QĐ-TTg indicators over a hand-counted fixture: a unit's month and quarter, the province's roll-up (the
ratio of the summed counts), what cannot be measured has no figure, and another province never counts."""

from datetime import date
from decimal import Decimal

import pytest
from api_support import add_member, gql
from django.test import Client

from core.modules.services import enable
from modules.statistics.models import DailyFact, FactsDay
from modules.statistics.services import indicators
from modules.statistics.services.report import ReportError
from tenants.models import Unit
from tenants.services.units import UnitRecord, record_units

TREE = [("91", "province", ""), ("91001", "commune", "91"), ("91002", "commune", "91"),
        ("92", "province", ""), ("92001", "commune", "92")]
ROWS = {  # (unit, day, procedure): counters; every figure below is counted by hand from these
    ("91001", date(2026, 10, 5), "1.000001"): dict(
        received_counter=6, received_online=3, received_post=1, resolved_early=4, resolved_on_time=3, resolved_late=1,
        received_digitised=7, received_reusing_data=2, results_electronic=5, fees_paid=4, fees_paid_online=1,
        ratings=3, rating_points=11, ratings_unsatisfied=1),
    ("91002", date(2026, 10, 20), "1.000002"): dict(
        received_counter=10, resolved_on_time=10, resolved_late=2, received_digitised=4, results_electronic=6,
        fees_paid=2, fees_paid_online=2),
    ("91001", date(2026, 11, 2), "1.000001"): dict(received_counter=5, resolved_on_time=5),  # Q4, not October
    ("92001", date(2026, 10, 10), "1.000001"): dict(  # another province: never in 91's figures
        received_counter=500, resolved_late=400, received_digitised=500, fees_paid=300, ratings_unsatisfied=90),
}


@pytest.fixture
def province(make_unit):
    """The province and one commune are real units with the module on (for the API); the rest are rows only."""
    make_unit("91", kind="province")
    record_units([UnitRecord(code, f"Đơn vị {code}", kind, parent) for code, kind, parent in TREE
                  if code not in ("91", "91001")])
    make_unit("91001", parent="91")
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c, _k, _p in TREE])}
    DailyFact.objects.bulk_create([DailyFact(unit=units[u], day=d, procedure_code=p, **c)
                                   for (u, d, p), c in ROWS.items()])
    FactsDay.objects.bulk_create([FactsDay(unit=units[u], day=d, computed_at=f"{d.isoformat()}T23:30:00+07:00")
                                  for (u, d, _p) in ROWS])
    return units


def _by_code(card) -> dict:
    return {i.code: i for g in card.groups for i in g.indicators}


def test_a_units_month_counted_by_hand(province):
    result = indicators.unit_indicators(province["91001"], "month", 2026, 10)
    assert (result.date_from, result.date_to, result.set_code) == (date(2026, 10, 1), date(2026, 10, 31),
                                                                   "766/QĐ-TTg")
    found = _by_code(result.card)
    assert (found["resolved_on_time"].numerator, found["resolved_on_time"].denominator) == (7, 8)
    assert found["resolved_on_time"].ratio == 0.875 and found["resolved_on_time"].score == Decimal("17.50")
    assert found["dossiers_digitised"].ratio == 0.7 and found["dossiers_digitised"].score is None  # points unknown
    assert found["data_reused"].ratio == 0.2
    assert found["results_electronic"].ratio == 0.625
    assert found["dossiers_online"].ratio == 0.3
    assert found["payments_online"].ratio == 0.25
    # 8 resolved, less 1 late and 1 rated unsatisfied; feedback is not recorded: a partial measure, never scored
    satisfied = found["dossiers_satisfied"]
    assert (satisfied.ratio, satisfied.status, satisfied.score) == (0.75, "partial", None)
    for code in ("published_on_time", "updated_on_time", "procedures_online", "feedback_on_time"):
        assert found[code].status == "not_measured" and found[code].ratio is None and found[code].score is None
    groups = {g.code: g for g in result.card.groups}
    assert [g.points for g in result.card.groups] == [18, 20, 22, 22, 18] and result.card.total_points == 100
    assert groups["progress"].score == Decimal("17.50")
    assert groups["digitisation"].score is None and groups["publicity"].score is None
    # the total is never made up: only 20 of the 100 points can be scored
    assert result.card.score is None
    assert (result.card.scored_points, result.card.scored) == (Decimal(20), Decimal("17.50"))


def test_a_quarter_and_a_year(province):
    quarter = indicators.unit_indicators(province["91001"], "quarter", 2026, 4)
    assert (quarter.date_from, quarter.date_to) == (date(2026, 10, 1), date(2026, 12, 31))
    on_time = _by_code(quarter.card)["resolved_on_time"]
    assert (on_time.numerator, on_time.denominator, on_time.score) == (12, 13, Decimal("18.46"))
    year = indicators.unit_indicators(province["91001"], "year", 2026)
    assert (year.date_from, year.date_to) == (date(2026, 1, 1), date(2026, 12, 31))
    assert _by_code(year.card)["resolved_on_time"].denominator == 13
    september = indicators.unit_indicators(province["91001"], "month", 2026, 9)
    assert _by_code(september.card)["resolved_on_time"].ratio is None  # nothing resolved: no ratio, not 0


def test_the_province_rolls_up_its_units_and_no_other(province):
    result = indicators.rollup_indicators(province["91"], "month", 2026, 10)
    assert result.units == 3 and [r.key for r in result.rows] == ["91", "91001", "91002"]
    found = _by_code(result.card)
    # ratios of the summed counts, never averages of the units' ratios
    assert (found["resolved_on_time"].numerator, found["resolved_on_time"].denominator) == (17, 20)
    assert found["resolved_on_time"].score == Decimal("17.00")
    assert found["dossiers_digitised"].ratio == 0.55 and found["data_reused"].ratio == 0.1
    assert found["results_electronic"].ratio == 0.55 and found["dossiers_online"].ratio == 0.15
    assert found["payments_online"].ratio == 0.5 and found["dossiers_satisfied"].ratio == 0.8
    rows = {r.key: _by_code(r.card) for r in result.rows}
    assert rows["91002"]["resolved_on_time"].score == Decimal("16.67")  # 20 × 10/12
    assert rows["91"]["resolved_on_time"].ratio is None  # the province's own dossiers: none
    other = indicators.rollup_indicators(province["92"], "month", 2026, 10)
    assert _by_code(other.card)["resolved_on_time"].denominator == 400 and [r.key for r in other.rows] == ["92",
                                                                                                          "92001"]


@pytest.mark.parametrize(("kind", "year", "number", "field"), [
    ("week", 2026, 1, "period"), ("month", 2026, 13, "number"), ("quarter", 2026, 5, "number"),
    ("year", 1999, 1, "year"), ("month", 2021, 1, "year")])  # before Decision 766 took effect
def test_a_wrong_period_is_refused_in_vietnamese(province, kind, year, number, field):
    with pytest.raises(ReportError) as refused:
        indicators.unit_indicators(province["91001"], kind, year, number)
    assert refused.value.field == field and refused.value.message


UNIT_QUERY = """query($p: ServiceIndicatorPeriod!, $y: Int!, $n: Int) {
  statisticsIndicators(period: $p, year: $y, number: $n) {
    unitCode period from to setCode totalPoints score scoredPoints scored
    groups { code points score indicators { code points status numerator denominator ratio score note } } } }"""
ROLLUP_QUERY = """query($u: String!) {
  statisticsIndicatorsRollup(unitCode: $u, period: MONTH, year: 2026, number: 10) {
    unitCode units scoredPoints scored rows { key label scored groups { code indicators { code ratio } } } } }"""


def test_through_graphql_for_the_units_leaders_and_the_provinces(province):
    for code in ("91", "91001"):
        for module in ("catalogue", "procedures", "onestop", "statistics"):
            enable(province[code], module)
    commune_leader = add_member(province["91001"], "leader-91001", roles=("leader",))
    client = Client(HTTP_HOST="localhost")
    client.force_login(commune_leader)
    status, body = gql(client, UNIT_QUERY, {"p": "MONTH", "y": 2026, "n": 10}, unit=province["91001"])
    assert status == 200 and "errors" not in body, body
    card = body["data"]["statisticsIndicators"]
    assert (card["period"], card["from"], card["score"], card["scored"]) == ("MONTH", "2026-10-01", None, "17.50")
    on_time = card["groups"][1]["indicators"][0]
    assert (on_time["status"], on_time["ratio"], on_time["score"], on_time["points"]) == ("MEASURED", 0.875, "17.50",
                                                                                          "20")
    unmeasured = card["groups"][0]["indicators"][0]
    assert unmeasured["status"] == "NOT_MEASURED" and unmeasured["ratio"] is None and unmeasured["note"]
    # the commune's leader is refused the province's roll-up
    refused = gql(client, ROLLUP_QUERY, {"u": "91"})[1]
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    province_leader = add_member(province["91"], "leader-91", roles=("leader",))
    client.force_login(province_leader)
    rolled = gql(client, ROLLUP_QUERY, {"u": "91"})[1]["data"]["statisticsIndicatorsRollup"]
    assert rolled["units"] == 3 and rolled["scored"] == "17.00"
    assert [r["key"] for r in rolled["rows"]] == ["91", "91001", "91002"]
    # the province's leader sees nothing of the other province
    assert gql(client, ROLLUP_QUERY, {"u": "92"})[1]["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def _leader_client(unit, name):
    for module in ("catalogue", "procedures", "onestop", "statistics"):
        enable(unit, module)
    client = Client(HTTP_HOST="localhost")
    client.force_login(add_member(unit, name, roles=("leader",)))
    return client


def test_the_leaders_pages_show_the_scorecard(province):
    commune = _leader_client(province["91001"], "leader-91001")
    page = commune.get("/m/statistics/chi-so-766/?ky=month&nam=2026&so=10", headers={"X-Egov-Unit": "91001"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-indicator="resolved_on_time" data-status="measured"' in html and "7 / 8" in html and "17,50" in html
    assert 'data-indicator="feedback_on_time" data-status="not_measured"' in html and "không đo được" in html
    dashboard = commune.get("/m/statistics/", headers={"X-Egov-Unit": "91001"}).content.decode()
    assert 'id="indicators" href="/m/statistics/chi-so-766/"' in dashboard
    wrong = commune.get("/m/statistics/chi-so-766/?ky=month&nam=2026&so=13", headers={"X-Egov-Unit": "91001"})
    assert wrong.status_code == 400 and "Tháng phải từ 1 đến 12." in wrong.content.decode()
    assert commune.get("/m/statistics/91/chi-so-766/").status_code == 403  # the commune's leader: not the province
    province_page = _leader_client(province["91"], "leader-91").get("/m/statistics/91/chi-so-766/?ky=year&nam=2026")
    html = province_page.content.decode()
    assert province_page.status_code == 200 and 'data-key="91002"' in html and 'data-key="92001"' not in html
