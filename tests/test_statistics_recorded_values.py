"""Decision 766 values measured outside the system, recorded per unit and month (services/recorded.py): a recordable
indicator is scored from them only when every month of the period has one for every unit it covers; with every
recordable indicator recorded, the total is given. Scores counted by hand from the points of the indicator set and
the facts of tests/test_statistics_indicators.py (33.60 of 58 points for 91001's October)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import test_statistics_indicators as base
from api_support import add_member, gql
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from test_statistics_indicators import _by_code, _leader_client, _pair

from core.audit import services as audit
from core.audit.models import AuditEntry
from core.modules.reorganisation import Successor
from core.modules.services import enable
from modules.statistics import reorganisation
from modules.statistics.models import RecordedValue
from modules.statistics.services import indicators, recorded
from modules.statistics.services.recorded import RecordError
from tenants.models import Unit
from tenants.services import entered

OCTOBER = date(2026, 10, 1)
SOURCE = "Cổng Dịch vụ công quốc gia, trang Bộ chỉ số 766, tháng 10/2026"
# Every recordable indicator of 91001's October: (numerator, denominator) and its score by hand.
ALL = {
    "published_on_time": (9, 10),      # 1.1  6 × 0.9            = 5.40
    "updated_on_time": (10, 10),       # 1.2  4 × 1              = 4.00
    "procedures_complete": (1, 2),     # 1.3  2 × 0.5            = 1.00
    "certified_copies": (1, 1),        #      2 × 1              = 2.00
    "document_store": (3, 4),          # 4.4  4 × 0.75           = 3.00
    "population_procedures": (1, 4),   # 4.5a 2 × 0.25           = 0.50
    "population_data": (5, 10),        # 4.5b 2 × 0.5            = 1.00 (replaces the partial 3 / 10)
    "fees_integrated": (3, 5),         # 3.5  2 × 0.6 / 0.8      = 1.50
    "services_used": (2, 4),           # 3.2  0 points: tracked, no score
    "feedback_on_time": (7, 8),        # 5.2  6 × 0.875          = 5.25
    "feedback_satisfied": (4, 5),      # 5.3  6 × 0.8            = 4.80
    "dossiers_satisfied": (19, 20),    # 5.4  0.95 ≥ 0.9: full   = 6.00 (replaces the partial measure)
}


@pytest.fixture
def province(make_unit):
    """The units and facts of tests/test_statistics_indicators.py."""
    return base.province.__wrapped__(make_unit)


def _record(unit, code, month, numerator, denominator, source=SOURCE, **kw):
    return recorded.record_value(unit, code, month, numerator, denominator, source, **kw)


def test_the_recordable_indicators_are_those_not_measured_in_full():
    indicator_set = indicators.set_for(OCTOBER)
    assert recorded.recordable_codes(indicator_set) == set(ALL)
    points = {i["code"]: i["points"] for g in indicator_set["groups"] for i in g["indicators"]}
    assert sum(points[c] for c in ALL) == 42  # 100 − the 58 measured here


def test_every_recordable_indicator_recorded_gives_a_total(province):
    unit = province["91001"]
    for code, (numerator, denominator) in ALL.items():
        _record(unit, code, OCTOBER, numerator, denominator)
    result = indicators.unit_indicators(unit, "month", 2026, 10)
    found = _by_code(result.card)
    assert {c: _pair(found[c]) for c in ALL} == ALL
    assert {found[c].status for c in ALL} == {"recorded"}
    assert found["published_on_time"].sources == [SOURCE]
    assert {c: found[c].score for c in ALL} == {
        "published_on_time": Decimal("5.40"), "updated_on_time": Decimal("4.00"),
        "procedures_complete": Decimal("1.00"), "certified_copies": Decimal("2.00"),
        "document_store": Decimal("3.00"), "population_procedures": Decimal("0.50"),
        "population_data": Decimal("1.00"), "fees_integrated": Decimal("1.50"), "services_used": None,
        "feedback_on_time": Decimal("5.25"), "feedback_satisfied": Decimal("4.80"),
        "dossiers_satisfied": Decimal("6.00")}
    # the measured ones as before (tests/test_statistics_indicators.py): 2.1 9 / 14
    assert found["resolved_on_time"].status == "measured" and _pair(found["resolved_on_time"]) == (9, 14)
    assert found["feedback_classified"].status == "not_measured"  # 5.1, 0 points, a distribution: not recordable
    # groups by hand: 1.4 1.20 + 5.40 + 4.00 + 1.00; 2.1 12.86; 8.54 + 2.00 + 3.00 + 0.50 + 1.00; 11.00 + 1.50;
    # 5.25 + 4.80 + 6.00
    assert {g.code: g.score for g in result.card.groups} == {
        "publicity": Decimal("11.60"), "progress": Decimal("12.86"), "digitisation": Decimal("15.04"),
        "online": Decimal("12.50"), "satisfaction": Decimal("16.05")}
    # 33.60 measured + 34.45 recorded: the whole 100 points scored
    assert (result.card.scored_points, result.card.score) == (Decimal(100), Decimal("68.05"))


def test_a_quarter_needs_every_month(province):
    unit = province["91001"]
    _record(unit, "fees_integrated", date(2026, 7, 1), 4, 5, "tháng 7")
    _record(unit, "fees_integrated", date(2026, 8, 1), 3, 5, "tháng 8")
    _record(unit, "dossiers_satisfied", date(2026, 7, 1), 9, 10)
    found = _by_code(indicators.unit_indicators(unit, "quarter", 2026, 3).card)
    # September missing: as without them (not measured; 5.4 partial from the facts, none in Q3)
    assert (found["fees_integrated"].status, found["fees_integrated"].ratio) == ("not_measured", None)
    assert found["dossiers_satisfied"].status == "partial" and found["dossiers_satisfied"].score is None
    _record(unit, "fees_integrated", date(2026, 9, 1), 5, 5, "tháng 9")
    fees = _by_code(indicators.unit_indicators(unit, "quarter", 2026, 3).card)["fees_integrated"]
    # (4 + 3 + 5) / (5 + 5 + 5) = 0.8: the threshold, full 2 points
    assert (fees.status, *_pair(fees), fees.score) == ("recorded", 12, 15, Decimal("2.00"))
    assert fees.sources == ["tháng 7", "tháng 8", "tháng 9"]
    # a month of it on its own, and a year (October to December missing) not
    assert _pair(_by_code(indicators.unit_indicators(unit, "month", 2026, 8).card)["fees_integrated"]) == (3, 5)
    assert _by_code(indicators.unit_indicators(unit, "year", 2026).card)["fees_integrated"].status == "not_measured"


def test_recording_again_replaces_and_the_audit_log_keeps_the_old_value(province):
    unit = province["91001"]
    _record(unit, "fees_integrated", OCTOBER, 3, 5)
    _record(unit, "fees_integrated", OCTOBER, 4, 5, "Cổng DVC quốc gia, bản sửa")
    assert list(RecordedValue.objects.filter(unit=unit).values_list("numerator", "denominator", "source")) == [
        (4, 5, "Cổng DVC quốc gia, bản sửa")]
    with entered(unit):
        entries = audit.entries_for(recorded.AUDIT_OBJECT, "fees_integrated:2026-10-01")
    assert [e.action for e in entries] == [recorded.AUDIT_ACTION] * 2
    assert entries[0].data["replaced"] is None
    assert entries[1].data["replaced"]["numerator"] == 3 and entries[1].data["replaced"]["source"] == SOURCE
    assert entries[1].data["value"]["numerator"] == 4


@pytest.mark.parametrize(("args", "code", "field"), [
    (("resolved_on_time", OCTOBER, 1, 2), "NOT_RECORDABLE", "indicator"),   # measured here
    (("dossiers_synced", OCTOBER, 1, 2), "NOT_RECORDABLE", "indicator"),
    (("feedback_classified", OCTOBER, 1, 2), "NOT_RECORDABLE", "indicator"),
    (("no_such_indicator", OCTOBER, 1, 2), "NOT_FOUND", "indicator"),
    (("fees_integrated", OCTOBER, -1, 2), "INVALID_ARGUMENT", "numerator"),
    (("fees_integrated", OCTOBER, 1, -2), "INVALID_ARGUMENT", "denominator"),
    (("fees_integrated", OCTOBER, 3, 2), "INVALID_ARGUMENT", "numerator"),  # more than the denominator
    (("fees_integrated", OCTOBER, 1.5, 2), "INVALID_ARGUMENT", "numerator"),
    (("fees_integrated", date(2026, 12, 1), 1, 2), "INVALID_ARGUMENT", "month"),  # after November 2026
    (("fees_integrated", date(2026, 10, 15), 1, 2), "INVALID_ARGUMENT", "month"),  # not a month's first day
    (("fees_integrated", date(2021, 1, 1), 1, 2), "INVALID_ARGUMENT", "month"),  # before the decision
    (("fees_integrated", OCTOBER, 1, 2, "  "), "INVALID_ARGUMENT", "source"),
    (("fees_integrated", OCTOBER, 1, 2, "x" * 301), "INVALID_ARGUMENT", "source"),
])
def test_each_refusal_changes_nothing(province, args, code, field):
    unit = province["91001"]
    _record(unit, "fees_integrated", OCTOBER, 2, 5)
    with entered(unit):
        entries = AuditEntry.objects.count()
    before = list(RecordedValue.objects.values_list("unit_id", "month", "indicator", "numerator", "denominator",
                                                    "source", "recorded_at"))
    with pytest.raises(RecordError) as refused:
        _record(unit, *args)
    assert (refused.value.code, refused.value.field) == (code, field) and refused.value.message
    assert list(RecordedValue.objects.values_list("unit_id", "month", "indicator", "numerator", "denominator",
                                                  "source", "recorded_at")) == before
    with entered(unit):
        assert AuditEntry.objects.count() == entries


def test_the_clock_is_injected(province):
    unit = province["91001"]
    september = datetime(2026, 9, 30, 23, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with pytest.raises(RecordError, match="10/2026"):
        _record(unit, "fees_integrated", OCTOBER, 1, 2, now=september)
    assert not RecordedValue.objects.exists()
    row = _record(unit, "fees_integrated", date(2026, 9, 1), 1, 2, now=september)
    assert row.recorded_at == september


def test_a_rollup_needs_every_unit(province):
    unit, commune = province["91"], province["91001"]
    _record(commune, "fees_integrated", OCTOBER, 3, 5)
    # 91002 is rows only (no schema of its own here): its value as the service would have written it
    RecordedValue.objects.create(unit=province["91002"], month=OCTOBER, indicator="fees_integrated", numerator=1,
                                 denominator=5, source="91002", recorded_at=datetime(2026, 11, 1, tzinfo=ZoneInfo("UTC")))
    result = indicators.rollup_indicators(unit, "month", 2026, 10, "unit")
    rows = {r.key: _by_code(r.card)["fees_integrated"] for r in result.rows}
    assert {k: (v.status, _pair(v)) for k, v in rows.items()} == {
        "91": ("not_measured", (None, None)), "91001": ("recorded", (3, 5)), "91002": ("recorded", (1, 5))}
    assert _by_code(result.card)["fees_integrated"].status == "not_measured"  # the province itself recorded none
    _record(unit, "fees_integrated", OCTOBER, 2, 10)
    result = indicators.rollup_indicators(unit, "month", 2026, 10)
    fees = _by_code(result.card)["fees_integrated"]
    # (3 + 1 + 2) / (5 + 5 + 10) = 0.3: 2 × 0.3 / 0.8
    assert (fees.status, *_pair(fees), fees.score) == ("recorded", 6, 20, Decimal("0.75"))
    assert fees.sources == sorted([SOURCE, "91002"])
    by_child = {r.key: _by_code(r.card)["fees_integrated"] for r in result.rows}
    assert {k: _pair(v) for k, v in by_child.items()} == {"91": (2, 10), "91001": (3, 5), "91002": (1, 5)}
    # the other province: none of it
    assert _by_code(indicators.rollup_indicators(province["92"], "month", 2026, 10).card)[
        "fees_integrated"].status == "not_measured"


def test_the_scorecards_queries_do_not_grow_with_the_recorded_rows(province):
    def queries():
        with CaptureQueriesContext(connection) as context:
            indicators.rollup_indicators(province["91"], "year", 2026, group_by="unit")
            indicators.unit_indicators(province["91001"], "quarter", 2026, 4)
        return len(context.captured_queries)

    none = queries()
    RecordedValue.objects.bulk_create([
        RecordedValue(unit=province[u], month=date(2026, m, 1), indicator=code, numerator=1, denominator=2,
                      source=f"{u} {m}", recorded_at=datetime(2026, 11, 1, tzinfo=ZoneInfo("UTC")))
        for u in ("91", "91001", "91002", "92001") for m in range(1, 12) for code in ALL])
    assert queries() == none


UNIT_QUERY = """query { statisticsRecordedIndicatorValues(period: QUARTER, year: 2026, number: 4) {
  indicator month numerator denominator source recordedBy } }"""
RECORD = """mutation($i: String!, $m: Date!, $n: Int!, $d: Int!, $s: String!) {
  statisticsRecordIndicatorValue(indicator: $i, month: $m, numerator: $n, denominator: $d, source: $s) {
    value { indicator month numerator denominator source } errors { field code message } } }"""


def _vars(indicator="fees_integrated", month="2026-10-01", numerator=3, denominator=5, source=SOURCE):
    return {"i": indicator, "m": month, "n": numerator, "d": denominator, "s": source}


def test_through_graphql_the_administrator_records_and_a_second_unit_is_isolated(province):
    commune, other = province["91001"], province["91"]
    for unit in (commune, other):
        for module in ("catalogue", "procedures", "onestop", "statistics"):
            enable(unit, module)
    client = Client(HTTP_HOST="localhost")
    client.force_login(add_member(commune, "admin-91001", roles=("administrator",), first_name="Lan",
                                  last_name="Trần"))
    status, body = gql(client, RECORD, _vars(), unit=commune)
    assert status == 200 and body["data"]["statisticsRecordIndicatorValue"] == {
        "value": {"indicator": "fees_integrated", "month": "2026-10-01", "numerator": 3, "denominator": 5,
                  "source": SOURCE}, "errors": []}, body
    refused = gql(client, RECORD, _vars(indicator="resolved_on_time"), unit=commune)[1]
    assert refused["data"]["statisticsRecordIndicatorValue"]["errors"][0]["code"] == "NOT_RECORDABLE"
    refused = gql(client, RECORD, _vars(numerator=-1), unit=commune)[1]
    assert refused["data"]["statisticsRecordIndicatorValue"]["errors"][0]["field"] == "numerator"
    listed = gql(client, UNIT_QUERY, unit=commune)[1]["data"]["statisticsRecordedIndicatorValues"]
    assert listed == [{"indicator": "fees_integrated", "month": "2026-10-01", "numerator": 3, "denominator": 5,
                       "source": SOURCE, "recordedBy": listed[0]["recordedBy"]}]
    assert listed[0]["recordedBy"] in ("Lan Trần", "Trần Lan")
    # a leader sees the values, never records; a receiving officer neither
    client.force_login(add_member(commune, "leader-91001", roles=("leader",)))
    assert len(gql(client, UNIT_QUERY, unit=commune)[1]["data"]["statisticsRecordedIndicatorValues"]) == 1
    assert gql(client, RECORD, _vars(numerator=1), unit=commune)[1]["errors"][0]["extensions"]["code"] == \
        "PERMISSION_DENIED"
    client.force_login(add_member(commune, "officer-91001", roles=("receiving_officer",)))
    assert gql(client, UNIT_QUERY, unit=commune)[1]["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert gql(client, RECORD, _vars(numerator=1), unit=commune)[1]["errors"][0]["extensions"]["code"] == \
        "PERMISSION_DENIED"
    assert RecordedValue.objects.get(unit=commune).numerator == 3
    # the other unit's administrator: refused at the commune's endpoint, sees none of its values at its own
    client.force_login(add_member(other, "admin-91", roles=("administrator",)))
    assert gql(client, RECORD, _vars(numerator=0), unit=commune)[1]["error"]["code"] == "NOT_A_MEMBER"
    assert gql(client, UNIT_QUERY, unit=commune)[1]["error"]["code"] == "NOT_A_MEMBER"
    assert gql(client, UNIT_QUERY, unit=other)[1]["data"]["statisticsRecordedIndicatorValues"] == []
    assert gql(client, RECORD, _vars(numerator=1), unit=other)[1]["data"]["statisticsRecordIndicatorValue"][
        "errors"] == []
    assert RecordedValue.objects.get(unit=commune).numerator == 3
    assert RecordedValue.objects.get(unit=other).numerator == 1
    card = gql(client, "{ statisticsIndicators(period: MONTH, year: 2026, number: 10) { groups { indicators { code "
                       "status recordable sources } } } }", unit=other)[1]["data"]["statisticsIndicators"]
    fees = {i["code"]: i for g in card["groups"] for i in g["indicators"]}["fees_integrated"]
    assert fees == {"code": "fees_integrated", "status": "RECORDED", "recordable": True, "sources": [SOURCE]}


def test_the_page_shows_a_recorded_value_with_its_source(province):
    _record(province["91001"], "fees_integrated", OCTOBER, 3, 5)
    page = _leader_client(province["91001"], "leader-91001").get(
        "/m/statistics/chi-so-766/?ky=month&nam=2026&so=10", headers={"X-Egov-Unit": "91001"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-indicator="fees_integrated" data-status="recorded"' in html and SOURCE in html and "3 / 5" in html
    assert 'data-indicator="feedback_on_time" data-status="not_measured"' in html and "data-recordable" in html


def test_the_administrator_records_on_the_page(province):
    commune = province["91001"]
    leader = _leader_client(commune, "leader-91001")
    page = "/m/statistics/chi-so-766/?ky=month&nam=2026&so=10"
    assert 'id="record"' not in leader.get(page, headers={"X-Egov-Unit": "91001"}).content.decode()
    posted = {"ky": "month", "nam": "2026", "so": "10", "chi_so": "feedback_on_time", "thang": "2026-10",
              "tu_so": "7", "mau_so": "8", "nguon": SOURCE}
    refused = leader.post("/m/statistics/chi-so-766/ghi-nhan/", posted, headers={"X-Egov-Unit": "91001"})
    assert refused.status_code == 403 and not RecordedValue.objects.exists()
    admin = Client(HTTP_HOST="localhost")
    admin.force_login(add_member(commune, "admin-91001", roles=("administrator",)))
    html = admin.get(page, headers={"X-Egov-Unit": "91001"}).content.decode()
    assert 'id="record"' in html and 'value="feedback_on_time"' in html and 'value="resolved_on_time"' not in html
    wrong = admin.post("/m/statistics/chi-so-766/ghi-nhan/", {**posted, "tu_so": "9"}, headers={"X-Egov-Unit": "91001"})
    assert wrong.status_code == 400 and "Tử số không được lớn hơn mẫu số." in wrong.content.decode()
    for bad in ({"thang": "10/2026"}, {"mau_so": "tám"}, {"chi_so": "resolved_on_time"}, {"nguon": ""}):
        assert admin.post("/m/statistics/chi-so-766/ghi-nhan/", {**posted, **bad},
                          headers={"X-Egov-Unit": "91001"}).status_code == 400
    assert not RecordedValue.objects.exists()
    done = admin.post("/m/statistics/chi-so-766/ghi-nhan/", posted, headers={"X-Egov-Unit": "91001"})
    assert done.status_code == 302 and done["Location"] == "/m/statistics/chi-so-766/?ky=month&nam=2026&so=10"
    assert list(RecordedValue.objects.values_list("indicator", "numerator", "denominator", "recorded_by_id")) == [
        ("feedback_on_time", 7, 8, done.wsgi_request.user.pk)]
    html = admin.get(page, headers={"X-Egov-Unit": "91001"}).content.decode()
    assert 'data-indicator="feedback_on_time" data-status="recorded"' in html and "7 / 8" in html


def test_a_unit_ended_owes_only_the_months_it_existed_in(province):
    ended = province["91002"]
    Unit.objects.filter(pk=ended.pk).update(ended_on=date(2026, 10, 1))  # its successors take over on 1 October
    ended.refresh_from_db()
    with pytest.raises(RecordError) as refused:
        _record(ended, "fees_integrated", OCTOBER, 1, 5)
    assert refused.value.field == "month" and "01/10/2026" in refused.value.message
    _record(province["91"], "fees_integrated", OCTOBER, 2, 10)
    _record(province["91001"], "fees_integrated", OCTOBER, 3, 5)
    # October: the province and 91001 only (91002 no longer exists), (2 + 3) / (10 + 5)
    fees = _by_code(indicators.rollup_indicators(province["91"], "month", 2026, 10).card)["fees_integrated"]
    assert (fees.status, *_pair(fees)) == ("recorded", 5, 15)
    # the fourth quarter: 91002 owes no month of it either; the others owe October to December (December not begun)
    assert _by_code(indicators.rollup_indicators(province["91"], "quarter", 2026, 4).card)[
        "fees_integrated"].status == "not_measured"
    # September: 91002 existed and recorded nothing, so the province's September is not scored from recorded values
    for code in ("91", "91001"):
        _record(province[code], "fees_integrated", date(2026, 9, 1), 1, 2)
    assert _by_code(indicators.rollup_indicators(province["91"], "month", 2026, 9).card)[
        "fees_integrated"].status == "not_measured"


def test_a_reorganisations_inventory_says_the_recorded_values_stay_with_the_old_unit(province):
    old, successor = province["91001"], province["91"]
    _record(old, "fees_integrated", OCTOBER, 1, 5)
    _record(old, "document_store", OCTOBER, 3, 4)
    _record(successor, "fees_integrated", OCTOBER, 2, 5)  # the successor's own: not the old unit's
    lines = reorganisation.inventory(old, successors=(Successor(successor, "full"),), effective=date(2026, 11, 1))
    kept = [line for line in lines if "chỉ số 766" in line.what]
    assert [(line.count, line.successor) for line in kept] == [(2, None)]
    assert RecordedValue.objects.filter(unit=old).count() == 2  # the inventory changes nothing
    lines = reorganisation.inventory(province["91002"], successors=(), effective=date(2026, 11, 1))
    assert not [line for line in lines if "chỉ số 766" in line.what]  # nothing recorded: no line
