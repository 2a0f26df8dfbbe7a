"""Decision 766/QĐ-TTg indicators over a hand-counted fixture: a unit's month and quarter, the province's roll-up (the
ratio of the summed counts), what cannot be measured has no figure, and another province never counts. The points are
the maxima the national portal publishes with its 766 dashboard; the scores below are counted by hand from them."""

import json
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
        returned=1, withdrawn=1, ended_on_time_766=7, in_progress_on_time=3, in_progress_overdue=1,
        in_progress_on_time_766=2, received_digitised=7, received_reusing_data=2, results_electronic=5,
        results_exempt=1, resolved_digitised=6, received_synced=2, received_population=3, received_with_fee=8,
        dossiers_paid_online=2, fees_paid=4, fees_paid_online=3, ratings=3, rating_points=11, ratings_unsatisfied=1,
        received_full_service=4, received_online_full_service=3),
    ("91002", date(2026, 10, 20), "1.000002"): dict(
        received_counter=10, resolved_on_time=10, resolved_late=2, stopped=1, ended_on_time_766=10,
        in_progress_on_time=2, in_progress_on_time_766=2, received_digitised=4, results_electronic=6,
        resolved_digitised=9, received_with_fee=10, dossiers_paid_online=2, fees_paid=2, fees_paid_online=2,
        received_full_service=5),
    ("91001", date(2026, 11, 2), "1.000001"): dict(  # Q4, not October; paid online again: one procedure in the quarter
        received_counter=5, resolved_on_time=5, ended_on_time_766=5, dossiers_paid_online=1),
    ("92001", date(2026, 10, 10), "1.000001"): dict(  # another province: never in 91's figures
        received_counter=500, resolved_late=400, received_digitised=500, fees_paid=300, ratings_unsatisfied=90,
        received_synced=500, received_population=500, received_with_fee=500, dossiers_paid_online=300,
        received_full_service=500, received_online_full_service=500),
}
OFFERED = {  # (unit, day): (the unit's procedures, of them online, of them with a fee) on that computed day
    ("91001", date(2026, 10, 5)): (10, 7, 4), ("91002", date(2026, 10, 20)): (5, 4, 2),
    ("91001", date(2026, 11, 2)): (10, 8, 5), ("92001", date(2026, 10, 10)): (4, 4, 3),
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
    FactsDay.objects.bulk_create([FactsDay(unit=units[u], day=d, computed_at=f"{d.isoformat()}T23:30:00+07:00",
                                           procedures=OFFERED[u, d][0], procedures_online=OFFERED[u, d][1],
                                           procedures_with_fee=OFFERED[u, d][2])
                                  for (u, d, _p) in ROWS])
    return units


def _by_code(card) -> dict:
    return {i.code: i for g in card.groups for i in g.indicators}


def _pair(indicator) -> tuple:
    return indicator.numerator, indicator.denominator


def test_a_units_month_counted_by_hand(province):
    result = indicators.unit_indicators(province["91001"], "month", 2026, 10)
    assert (result.date_from, result.date_to, result.set_code) == (date(2026, 10, 1), date(2026, 10, 31),
                                                                   "766/QĐ-TTg")
    assert "Mô tả công thức tính chỉ số 766" in result.formula_source and "ngưỡng" in result.scoring
    found = _by_code(result.card)
    # 2.1: ended on time (7) + in progress on time at the month's end (2) / ended (8 resolved + 1 refused
    # + 1 withdrawn) + in progress (3 + 1 overdue) = 9 / 14; no threshold: 20 × 9/14
    on_time = found["resolved_on_time"]
    assert _pair(on_time) == (9, 14) and on_time.ratio == 0.6429 and on_time.percent == 64.29
    assert on_time.score == Decimal("12.86") and on_time.description_id == "2.1" and on_time.full_at is None
    # each newly measured indicator, numerator and denominator by hand
    assert _pair(found["dossiers_synced"]) == (2, 10)          # 1.4: synchronised / received
    assert _pair(found["results_electronic"]) == (5, 7)        # 4.1: electronic / (8 resolved − 1 exempt)
    assert _pair(found["dossiers_digitised"]) == (6, 8)        # 4.2: parts AND result / resolved
    assert _pair(found["data_reused"]) == (2, 10)              # 4.3
    assert _pair(found["population_data"]) == (3, 10)          # 4.5, the dossiers' share only
    assert found["population_data"].status == "partial"
    assert _pair(found["procedures_online"]) == (7, 10)        # 3.1: on the month's last computed day
    assert _pair(found["dossiers_online"]) == (3, 10)          # 3.3 by channel
    assert _pair(found["dossiers_counter"]) == (6, 10) and _pair(found["dossiers_post"]) == (1, 10)
    assert _pair(found["payments_online"]) == (2, 8)           # 3.6: paid online / received with a fee
    # full-online dossiers (12 points, no threshold): online / received of a full-online procedure: 12 × 3/4
    full = found["full_online_dossiers"]
    assert (*_pair(full), full.score, full.points, full.full_at) == (3, 4, Decimal("9.00"), 12, None)
    # 3.5b: distinct procedures with a dossier paid online (1.000001) / the unit's procedures with a fee: 2 × 1/4
    paid = found["procedures_paid_online"]
    assert (*_pair(paid), paid.score, paid.description_id) == (1, 4, Decimal("0.50"), "3.5b")
    assert [found[c].full_at for c in ("procedures_online", "dossiers_online", "dossiers_digitised", "data_reused",
                                       "dossiers_satisfied")] == [Decimal("0.8"), Decimal("0.5"), Decimal("0.8"),
                                                                  Decimal("0.8"), Decimal("0.9")]
    # each scored indicator by hand: 1.4 6 × 2/10; 3.6 6 × 2/8; 4.1 6 × 5/7; 4.2 4 × 0.75 / 0.8; 4.3 2 × 0.2 / 0.8
    assert {c: found[c].score for c in ("dossiers_synced", "payments_online", "results_electronic",
                                        "dossiers_digitised", "data_reused")} == {
        "dossiers_synced": Decimal("1.20"), "payments_online": Decimal("1.50"), "results_electronic": Decimal("4.29"),
        "dossiers_digitised": Decimal("3.75"), "data_reused": Decimal("0.50")}
    # 0 points (3.1, 3.3 by channel): tracked, a ratio and never a score
    assert found["procedures_online"].points == 0 and found["procedures_online"].ratio == 0.7
    assert found["procedures_online"].score is None and found["dossiers_online"].score is None
    # 5.4: 8 resolved, less 1 late and 1 rated unsatisfied; feedback is not recorded: a partial measure, never scored
    satisfied = found["dossiers_satisfied"]
    assert (satisfied.ratio, satisfied.status, satisfied.score) == (0.75, "partial", None)
    # 4.5b, the dossiers' share of population data: partial, never scored though worth 2 points
    assert (found["population_data"].description_id, found["population_data"].points) == ("4.5b", 2)
    assert found["population_data"].score is None
    for code in ("published_on_time", "updated_on_time", "procedures_complete", "services_used", "fees_integrated",
                 "certified_copies", "document_store", "population_procedures",
                 "feedback_classified", "feedback_on_time", "feedback_satisfied"):
        assert found[code].status == "not_measured" and found[code].ratio is None and found[code].score is None
    ids = [i.description_id for g in result.card.groups for i in g.indicators]
    assert ids[:5] == ["1.1", "1.2", "1.3", "1.4", "2.1"] and "4.2" in ids and "3.6" in ids and ids[-1] == "5.4"
    groups = {g.code: g for g in result.card.groups}
    assert [g.code for g in result.card.groups] == ["publicity", "progress", "digitisation", "online", "satisfaction"]
    assert [g.points for g in result.card.groups] == [18, 20, 22, 22, 18] and result.card.total_points == 100
    # every indicator's points known, adding up to its group's
    assert [sum(i.points for i in g.indicators) for g in result.card.groups] == [18, 20, 22, 22, 18]
    assert groups["progress"].score == Decimal("12.86")
    assert groups["digitisation"].score is None and groups["publicity"].score is None
    # per group, the points scored (measured in full, above 0) and what they gave, by hand
    assert {g.code: (g.scored_points, g.scored) for g in result.card.groups} == {
        "publicity": (6, Decimal("1.20")), "progress": (20, Decimal("12.86")),
        "digitisation": (12, Decimal("8.54")),  # 4.1 6 + 4.2 4 + 4.3 2: 4.29 + 3.75 + 0.50
        "online": (20, Decimal("11.00")),       # full-online 12 + 3.5b 2 + 3.6 6: 9.00 + 0.50 + 1.50
        "satisfaction": (0, 0)}
    # the total is never made up: 58 of the 100 points can be scored
    assert result.card.score is None
    assert (result.card.scored_points, result.card.scored) == (Decimal(58), Decimal("33.60"))
    assert "Cổng Dịch vụ công quốc gia công bố" in result.points_source and "Phụ lục" in result.points_source


def test_a_quarter_and_a_year(province):
    quarter = indicators.unit_indicators(province["91001"], "quarter", 2026, 4)
    assert (quarter.date_from, quarter.date_to) == (date(2026, 10, 1), date(2026, 12, 31))
    found = _by_code(quarter.card)
    # the stock is read on the quarter's last computed day (2 November: nothing in progress): 12 / 15
    assert (*_pair(found["resolved_on_time"]), found["resolved_on_time"].score) == (12, 15, Decimal("16.00"))
    assert _pair(found["procedures_online"]) == (8, 10)  # the procedures on 2 November
    # 3.5b: 1.000001 paid online on 5 October and 2 November is one procedure; those with a fee on 2 November
    assert _pair(found["procedures_paid_online"]) == (1, 5)
    year = indicators.unit_indicators(province["91001"], "year", 2026)
    assert (year.date_from, year.date_to) == (date(2026, 1, 1), date(2026, 12, 31))
    assert _by_code(year.card)["resolved_on_time"].denominator == 15
    september = indicators.unit_indicators(province["91001"], "month", 2026, 9)
    for i in _by_code(september.card).values():  # nothing computed: no ratio (N/A), not 0, and no score
        assert i.ratio is None and i.percent is None and i.score is None, i.code


def test_the_province_rolls_up_its_units_and_no_other(province):
    result = indicators.rollup_indicators(province["91"], "month", 2026, 10)
    assert result.units == 3 and [r.key for r in result.rows] == ["91", "91001", "91002"]
    found = _by_code(result.card)
    # ratios of the summed counts, never averages of the units' ratios: (9 + 12) / (14 + 15)
    assert _pair(found["resolved_on_time"]) == (21, 29) and found["resolved_on_time"].score == Decimal("14.48")
    assert _pair(found["dossiers_synced"]) == (2, 20) and _pair(found["results_electronic"]) == (11, 19)
    assert _pair(found["dossiers_digitised"]) == (15, 20) and _pair(found["data_reused"]) == (2, 20)
    assert _pair(found["population_data"]) == (3, 20) and _pair(found["procedures_online"]) == (11, 15)
    assert _pair(found["dossiers_online"]) == (3, 20) and _pair(found["dossiers_counter"]) == (16, 20)
    assert _pair(found["payments_online"]) == (4, 18) and _pair(found["dossiers_satisfied"]) == (16, 20)
    assert _pair(found["full_online_dossiers"]) == (3, 9) and found["full_online_dossiers"].score == Decimal("4.00")
    # 3.5b: each unit's distinct procedures paid online (1 + 1) / their procedures with a fee (4 + 2)
    assert _pair(found["procedures_paid_online"]) == (2, 6) and found["procedures_paid_online"].score == Decimal("0.67")
    # 2.1 14.48 + 1.4 6 × 2/20 + full-online 12 × 3/9 + 3.5b 0.67 + 3.6 6 × 4/18 + 4.1 6 × 11/19 + 4.2 3.75
    # + 4.3 2 × 0.1 / 0.8
    assert (result.card.scored_points, result.card.scored) == (Decimal(58), Decimal("28.55"))
    rows = {r.key: _by_code(r.card) for r in result.rows}
    assert _pair(rows["91002"]["resolved_on_time"]) == (12, 15)  # 10 + 2 / 12 resolved + 1 stopped + 2 in progress
    assert rows["91002"]["resolved_on_time"].score == Decimal("16.00")
    assert _pair(rows["91002"]["procedures_online"]) == (4, 5)
    assert rows["91"]["resolved_on_time"].ratio is None  # the province's own dossiers: none
    assert _pair(rows["91"]["procedures_online"]) == (0, 0) and rows["91"]["procedures_online"].ratio is None
    by_unit = indicators.rollup_indicators(province["91"], "month", 2026, 10, "unit")
    assert {r.key: _pair(_by_code(r.card)["procedures_online"]) for r in by_unit.rows} == {
        "91": (0, 0), "91001": (7, 10), "91002": (4, 5)}
    assert {r.key: _pair(_by_code(r.card)["procedures_paid_online"]) for r in by_unit.rows} == {
        "91": (0, 0), "91001": (1, 4), "91002": (1, 2)}
    other = indicators.rollup_indicators(province["92"], "month", 2026, 10)
    other_found = _by_code(other.card)
    assert other_found["resolved_on_time"].denominator == 400 and [r.key for r in other.rows] == ["92", "92001"]
    assert _pair(other_found["full_online_dossiers"]) == (500, 500)
    assert _pair(other_found["procedures_paid_online"]) == (1, 3)
    assert _pair(other_found["dossiers_synced"]) == (500, 500) and _pair(other_found["procedures_online"]) == (4, 4)


def test_a_second_unit_sees_nothing_of_the_first(province):
    """91002's own card holds its own figures only, none of 91001's (same province, same month)."""
    found = _by_code(indicators.unit_indicators(province["91002"], "month", 2026, 10).card)
    assert _pair(found["resolved_on_time"]) == (12, 15) and _pair(found["procedures_online"]) == (4, 5)
    assert _pair(found["dossiers_synced"]) == (0, 10) and _pair(found["population_data"]) == (0, 10)
    assert _pair(found["payments_online"]) == (2, 10) and _pair(found["results_electronic"]) == (6, 12)
    assert _pair(found["full_online_dossiers"]) == (0, 5)  # none of 91001's full-online dossiers
    assert _pair(found["procedures_paid_online"]) == (1, 2)  # its own procedure paid online, not 91001's


def _one(measure: str, points, full_at=None) -> dict:
    indicator = {"code": "x", "name": "x", "points": points, "formula": "", "note": "", "measure": measure}
    if full_at is not None:
        indicator["full_at"] = full_at
    return {"total_points": 10, "groups": [{"code": "g", "name": "g", "points": 10, "source": "", "note": "",
                                            "indicators": [indicator]}]}


@pytest.mark.parametrize(("online", "full_at", "score"), [
    (79, 0.8, Decimal("9.88")),   # below the threshold: 10 × 0.79 / 0.8 = 9.875
    (85, 0.8, Decimal("10.00")),  # above it: full points
    (80, 0.8, Decimal("10.00")),  # at it: full points
    (0, 0.8, Decimal("0.00")),
    (79, None, Decimal("7.90")),  # no threshold: ratio × points
    (45, 0.5, Decimal("9.00")),
])
def test_the_threshold_of_full_points(online, full_at, score):
    figures = indicators.IndicatorFigures(procedures=100, procedures_online=online)
    card = indicators.scorecard(_one("procedures_online", 10, full_at), figures)
    value = card.groups[0].indicators[0]
    assert value.score == score and card.score == score and card.groups[0].score == score


def test_no_denominator_no_value_and_unknown_points_no_score():
    empty = indicators.scorecard(_one("procedures_online", 10, 0.8), indicators.IndicatorFigures()).groups[0]
    assert empty.indicators[0].ratio is None and empty.indicators[0].percent is None
    assert empty.indicators[0].score is None and empty.score is None and empty.scored_points == 0
    unknown = indicators.scorecard(_one("procedures_online", None, 0.8),
                                   indicators.IndicatorFigures(procedures=10, procedures_online=9)).groups[0]
    assert unknown.indicators[0].ratio == 0.9 and unknown.indicators[0].score is None


def test_a_threshold_outside_0_to_1_is_refused(monkeypatch, tmp_path):
    bad = _one("online", 10, 1.5) | {"code": "x", "title": "", "decision": "", "scoring": "",
                                    "effective_from": "2030-01-01"}
    bad["groups"][0]["points"], bad["total_points"] = 10, 10
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    monkeypatch.setattr(indicators, "SETS_DIR", tmp_path)
    indicators.indicator_sets.cache_clear()
    try:
        with pytest.raises(ValueError, match="full_at"):
            indicators.indicator_sets()
    finally:
        monkeypatch.undo()
        indicators.indicator_sets.cache_clear()


def _load(monkeypatch, tmp_path, indicator_set: dict):
    (tmp_path / "set.json").write_text(json.dumps(indicator_set | {
        "code": "x", "title": "", "decision": "", "scoring": "", "effective_from": "2030-01-01"}), encoding="utf-8")
    monkeypatch.setattr(indicators, "SETS_DIR", tmp_path)
    indicators.indicator_sets.cache_clear()
    try:
        return indicators.indicator_sets()
    finally:
        monkeypatch.undo()
        indicators.indicator_sets.cache_clear()


@pytest.mark.parametrize(("points", "loads"), [
    ((6, 4), True),        # all known and adding up to the group's 10
    ((6, None), True),     # one not known: the known ones within the group's points
    ((6, 3), False),       # all known, 9 of 10
    ((6, 5), False),       # 11 of 10
    ((12, None), False),   # the known ones alone above the group's points
    ((11, -1), False),
])
def test_the_indicators_points_add_up_to_their_groups(monkeypatch, tmp_path, points, loads):
    indicator_set = _one("online", points[0])
    second = dict(indicator_set["groups"][0]["indicators"][0], code="y", points=points[1])
    indicator_set["groups"][0]["indicators"].append(second)
    if loads:
        assert _load(monkeypatch, tmp_path, indicator_set)[0]["code"] == "x"
    else:
        with pytest.raises(ValueError, match="points|add up"):
            _load(monkeypatch, tmp_path, indicator_set)


def test_an_indicator_of_0_points_is_tracked_never_scored():
    indicator_set = _one("procedures_online", 10)
    tracked = dict(indicator_set["groups"][0]["indicators"][0], code="tracked", measure="online", points=0)
    indicator_set["groups"][0]["indicators"].append(tracked)
    figures = indicators.IndicatorFigures(procedures=10, procedures_online=9, received_online=3, received_counter=1)
    group = indicators.scorecard(indicator_set, figures).groups[0]
    assert (group.indicators[1].ratio, group.indicators[1].score) == (0.75, None)
    # it never keeps its group from its score: 10 × 0.9
    assert (group.scored_points, group.score) == (10, Decimal("9.00"))


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
    formulaSource pointsSource scoring
    groups { code points score indicators { code descriptionId points fullAt status numerator denominator ratio
      percent score note } } } }"""
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
    assert (card["period"], card["from"], card["score"], card["scored"]) == ("MONTH", "2026-10-01", None, "33.60")
    assert (card["scoredPoints"], card["totalPoints"]) == ("58", "100")
    assert "Mô tả công thức tính chỉ số 766" in card["formulaSource"] and "Phụ lục" in card["pointsSource"]
    on_time = card["groups"][1]["indicators"][0]
    assert (on_time["status"], on_time["ratio"], on_time["score"], on_time["points"]) == ("MEASURED", 0.6429, "12.86",
                                                                                          "20")
    assert (on_time["descriptionId"], on_time["numerator"], on_time["denominator"], on_time["percent"]) == (
        "2.1", 9, 14, 64.29)
    offered = {i["code"]: i for g in card["groups"] for i in g["indicators"]}["procedures_online"]
    assert (offered["fullAt"], offered["numerator"], offered["denominator"], offered["score"]) == ("0.8", 7, 10, None)
    unmeasured = card["groups"][0]["indicators"][0]
    assert unmeasured["status"] == "NOT_MEASURED" and unmeasured["ratio"] is None and unmeasured["note"]
    # the commune's leader is refused the province's roll-up
    refused = gql(client, ROLLUP_QUERY, {"u": "91"})[1]
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    province_leader = add_member(province["91"], "leader-91", roles=("leader",))
    client.force_login(province_leader)
    rolled = gql(client, ROLLUP_QUERY, {"u": "91"})[1]["data"]["statisticsIndicatorsRollup"]
    assert rolled["units"] == 3 and rolled["scored"] == "28.55"
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
    assert 'data-indicator="resolved_on_time" data-status="measured"' in html and "9 / 14" in html and "12,86" in html
    assert 'data-full-at="80"' in html and "80%" in html and 'data-description-id="3.1"' in html
    assert 'data-indicator="feedback_on_time" data-status="not_measured"' in html and "không đo được" in html
    dashboard = commune.get("/m/statistics/", headers={"X-Egov-Unit": "91001"}).content.decode()
    assert 'id="indicators" href="/m/statistics/chi-so-766/"' in dashboard
    wrong = commune.get("/m/statistics/chi-so-766/?ky=month&nam=2026&so=13", headers={"X-Egov-Unit": "91001"})
    assert wrong.status_code == 400 and "Tháng phải từ 1 đến 12." in wrong.content.decode()
    assert commune.get("/m/statistics/91/chi-so-766/").status_code == 403  # the commune's leader: not the province
    province_page = _leader_client(province["91"], "leader-91").get("/m/statistics/91/chi-so-766/?ky=year&nam=2026")
    html = province_page.content.decode()
    assert province_page.status_code == 200 and 'data-key="91002"' in html and 'data-key="92001"' not in html
