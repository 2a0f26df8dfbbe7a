"""Who reads which figures, through the API, the pages and the Excel file: a unit's leaders and administrators its
own; the leaders of a unit above (and the ICT department) the roll-up; a commune never the province's."""

import io
import re

import pytest
from api_support import add_member, codes, gql
from django.contrib.auth.models import Permission
from django.test import Client
from openpyxl import load_workbook
from test_statistics_facts import EXPECTED_WEEK, FRI, MON, recompute, week_fixture  # noqa: F401 - a fixture

from core.modules.services import disable
from modules.statistics.services.report import Figures

SUMMARY = """query Summary($from: Date!, $to: Date!, $groupBy: StatisticsGroupBy) {
  statisticsSummary(from: $from, to: $to, groupBy: $groupBy) {
    unitCode groupBy units unitsReporting computedAt excelUrl
    rows { key label figures { received resolved } }
    total { received receivedCounter receivedOnline receivedPost resolved resolvedEarly resolvedOnTime resolvedLate
            inProgress inProgressOnTime inProgressOverdue returned withdrawn onlineShare onTimeShare feesPaid
            feesPaidOnline onlinePaymentShare ratings averageSatisfaction }
  }
}"""
ROLLUP = """query Rollup($unit: String!, $from: Date!, $to: Date!, $groupBy: StatisticsRollupGroupBy) {
  statisticsRollup(unitCode: $unit, from: $from, to: $to, groupBy: $groupBy) {
    unitCode groupBy units unitsReporting excelUrl
    rows { key label figures { received inProgress } }
    total { received resolved inProgress }
  }
}"""
WEEK = {"from": MON.isoformat(), "to": FRI.isoformat()}


def client_of(user=None) -> Client:
    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    return client


def page(user, path: str, unit=None):
    headers = {"X-Egov-Unit": unit.code} if unit is not None else {}
    return client_of(user).get(path, headers=headers)


def total_row(html: str) -> list[str]:
    row = re.search(r'<tr data-key="total">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="num">([^<]*)</td>', row)


@pytest.fixture
def counted(week):
    for unit in (week["a"], week["b"]):
        recompute(unit)
    return week


def test_a_leader_reads_the_units_figures(counted):
    unit, people = counted["a"], counted["people_a"]
    for role in ("leader", "administrator"):
        status, body = gql(client_of(people[role]), SUMMARY, WEEK, unit=unit)
        assert status == 200 and "errors" not in body, body
        summary = body["data"]["statisticsSummary"]
        total = summary["total"]
        assert (total["received"], total["receivedCounter"], total["receivedOnline"], total["receivedPost"]) == \
            (8, 5, 2, 1)
        assert (total["resolvedEarly"], total["resolvedOnTime"], total["resolvedLate"]) == (1, 1, 1)
        assert (total["inProgressOnTime"], total["inProgressOverdue"], total["returned"], total["withdrawn"]) == \
            (0, 3, 1, 1)
        assert total["onlineShare"] == 0.25 and total["onlinePaymentShare"] == 0.5
        assert total["averageSatisfaction"] == 4.5 and total["onTimeShare"] == round(2 / 3, 4)
        assert summary["unitCode"] == unit.code and summary["groupBy"] == "SECTOR" and summary["units"] == 1
        assert summary["excelUrl"] == "/m/statistics/excel/?tu=2026-10-05&den=2026-10-09&nhom=sector"
    by_day = gql(client_of(people["leader"]), SUMMARY, {**WEEK, "groupBy": "DAY"}, unit=unit)[1]
    rows = by_day["data"]["statisticsSummary"]["rows"]
    assert [(r["key"], r["figures"]["received"]) for r in rows][:2] == [("2026-10-05", 8), ("2026-10-06", 0)]


def test_other_staff_and_other_units_get_nothing(counted):
    unit_a, unit_b = counted["a"], counted["b"]
    body = gql(client_of(counted["people_a"]["specialist"]), SUMMARY, WEEK, unit=unit_a)[1]
    assert codes(body) == ["PERMISSION_DENIED"] and body["data"] == {"statisticsSummary": None}
    assert codes(gql(client_of(), SUMMARY, WEEK, unit=unit_a)[1]) == ["UNAUTHENTICATED"]
    status, body = gql(client_of(counted["people_b"]["leader"]), SUMMARY, WEEK, unit=unit_a)
    assert status == 403 and body["error"]["code"] == "NOT_A_MEMBER"
    # B's leader, at B: B's own dossier only, nothing of A's eight (nor the one A sent over).
    body = gql(client_of(counted["people_b"]["leader"]), SUMMARY, WEEK, unit=unit_b)[1]
    total = body["data"]["statisticsSummary"]["total"]
    assert (total["received"], total["receivedOnline"], total["resolved"]) == (1, 1, 0)
    # A unit that turned the module off answers MODULE_NOT_ENABLED.
    disable(unit_b, "statistics")
    body = gql(client_of(counted["people_b"]["leader"]), SUMMARY, WEEK, unit=unit_b)[1]
    assert codes(body) == ["MODULE_NOT_ENABLED"]
    assert page(counted["people_b"]["leader"], "/m/statistics/", unit_b).status_code == 404


def test_the_province_reads_every_unit_below_and_a_commune_does_not_read_the_province(counted, django_user_model):
    province, district, unit_a = counted["province"], counted["district"], counted["a"]
    province_leader = add_member(province, "leader-province", roles=("leader",))
    status, body = gql(client_of(province_leader), ROLLUP, {**WEEK, "unit": province.code})
    assert status == 200 and "errors" not in body, body
    rollup = body["data"]["statisticsRollup"]
    assert rollup["units"] == 4 and rollup["unitsReporting"] == 2 and rollup["groupBy"] == "CHILD"
    assert [(r["key"], r["figures"]["received"]) for r in rollup["rows"]] == [(province.code, 0), (district.code, 9)]
    assert rollup["total"] == {"received": 9, "resolved": 3, "inProgress": 4}
    assert rollup["excelUrl"] == "/m/statistics/91/excel/?tu=2026-10-05&den=2026-10-09&nhom=child"
    by_unit = gql(client_of(province_leader), ROLLUP, {**WEEK, "unit": province.code, "groupBy": "UNIT"})[1]
    assert [r["key"] for r in by_unit["data"]["statisticsRollup"]["rows"]] == ["91", "9100", "91001", "91002"]
    # The province's leader may also open the roll-up of a unit below.
    assert "errors" not in gql(client_of(province_leader), ROLLUP, {**WEEK, "unit": district.code})[1]

    commune_leader = counted["people_a"]["leader"]
    for code in (province.code, district.code, counted["b"].code, "no-such-unit"):
        body = gql(client_of(commune_leader), ROLLUP, {**WEEK, "unit": code})[1]
        assert codes(body) == ["PERMISSION_DENIED"] and body["data"] is None, code
    own = gql(client_of(commune_leader), ROLLUP, {**WEEK, "unit": unit_a.code})[1]["data"]["statisticsRollup"]
    assert own["units"] == 1 and own["total"]["received"] == 8
    assert codes(gql(client_of(), ROLLUP, {**WEEK, "unit": province.code})[1]) == ["UNAUTHENTICATED"]

    ict = django_user_model.objects.create_user("ict-statistics")
    ict.user_permissions.add(Permission.objects.get(codename="view_all_units", content_type__app_label="statistics"))
    assert gql(client_of(ict), ROLLUP, {**WEEK, "unit": province.code})[1]["data"]["statisticsRollup"]["total"][
        "received"] == 9
    assert codes(gql(client_of(ict), ROLLUP, {**WEEK, "unit": "no-such-unit"})[1]) == ["NOT_FOUND"]


def test_the_unit_page_shows_its_own_figures_only(counted):
    unit_a, unit_b = counted["a"], counted["b"]
    query = "/m/statistics/?tu=2026-10-05&den=2026-10-09"
    response = page(counted["people_a"]["leader"], query, unit_a)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xã Thử Nghiệm A" in html and 'data-chart="trend"' in html and 'data-chart="resolved"' in html
    assert total_row(html)[:4] == ["8", "5", "2", "1"]
    html_b = page(counted["people_b"]["leader"], query, unit_b).content.decode()
    assert total_row(html_b)[:4] == ["1", "0", "1", "0"] and "Xã Thử Nghiệm A" not in html_b
    assert page(counted["people_a"]["specialist"], query, unit_a).status_code == 403
    anonymous = page(None, query, unit_a)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    assert page(counted["people_a"]["leader"], "/m/statistics/?tu=hôm-qua", unit_a).status_code == 400


def test_the_excel_file_has_the_table_with_vietnamese_headers(counted):
    unit = counted["a"]
    response = page(counted["people_a"]["leader"], "/m/statistics/excel/?tu=2026-10-05&den=2026-10-09&nhom=day", unit)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="thong-ke-don-vi-91001-2026-10-05-2026-10-09.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"
    assert values[5][:2] == ("Ngày", "Tiếp nhận") and values[6][1:5] == ("Tổng số", "Trực tiếp", "Trực tuyến",
                                                                          "Bưu chính")
    assert values[7][:5] == ("05/10/2026", 8, 5, 2, 1)
    total = values[-1]
    assert total[0] == "Tổng cộng" and total[1:12] == (8, 5, 2, 1, 3, 1, 1, 1, 3, 0, 3)
    assert total[12:14] == (1, 1) and total[-1] == 4.5
    assert page(counted["people_a"]["specialist"], "/m/statistics/excel/", unit).status_code == 403


def test_the_province_page_and_its_excel(counted):
    province = counted["province"]
    leader = add_member(province, "leader-province-page", roles=("leader",))
    html = page(leader, "/m/statistics/91/?tu=2026-10-05&den=2026-10-09").content.decode()
    assert "Tỉnh Thử Nghiệm và các đơn vị trực thuộc" in html and total_row(html)[0] == "9"
    assert 'href="/m/statistics/9100/?tu=2026-10-05&amp;den=2026-10-09"' in html  # one click down
    index = page(leader, "/m/statistics/").content.decode()
    assert 'href="/m/statistics/91/"' in index
    workbook = page(leader, "/m/statistics/91/excel/?tu=2026-10-05&den=2026-10-09&nhom=unit")
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=8, values_only=True)]
    assert names == ["Tỉnh Thử Nghiệm", "Huyện Thử Nghiệm", "Xã Thử Nghiệm A", "Xã Thử Nghiệm B", "Tổng cộng"]
    commune_leader = counted["people_a"]["leader"]
    refused = page(commune_leader, "/m/statistics/91/")
    assert refused.status_code == 403 and "data-chart" not in refused.content.decode()
    assert page(commune_leader, "/m/statistics/91/excel/").status_code == 403
    assert page(commune_leader, "/m/statistics/91001/").status_code == 200
    assert page(None, "/m/statistics/91/").status_code == 302


def test_the_figures_equal_those_of_the_week(counted):
    """The same week through the page, the API and the services: one set of figures."""
    body = gql(client_of(counted["people_a"]["leader"]), SUMMARY, WEEK, unit=counted["a"])[1]
    assert body["data"]["statisticsSummary"]["total"]["received"] == EXPECTED_WEEK.received
    assert Figures().add(EXPECTED_WEEK) == EXPECTED_WEEK


def test_the_page_is_in_vietnamese_and_in_english_when_asked(counted):
    unit, leader = counted["a"], counted["people_a"]["leader"]
    query = "/m/statistics/?tu=2026-10-05&den=2026-10-09"
    vietnamese = client_of(leader).get(query, headers={"X-Egov-Unit": unit.code}).content.decode()
    assert "Hồ sơ tiếp nhận" in vietnamese and "Tổng cộng" in vietnamese and 'lang="vi"' in vietnamese
    english = client_of(leader).get(query, headers={"X-Egov-Unit": unit.code, "Accept-Language": "en"}).content.decode()
    assert 'lang="en"' in english and "Dossiers received" in english and "Download Excel" in english
    assert "Overdue" in english and "Late" in english  # in progress overdue, resolved late: two words in English
