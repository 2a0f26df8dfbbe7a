"""The form of the Decision 766 indicators page that records a value measured outside the system (services/recorded.py,
POST chi-so-766/ghi-nhan/), used in a real browser (Playwright driving Debian's Chromium, as
tests/test_statistics_browser.py): the unit's administrator - who must sign in with an authenticator app's code here
(EGOV_SECOND_FACTOR_ROLES) - signs in through the sign-in form on the unit's address, opens the indicators page of
October 2026 from the statistics page, types a month's numerator, denominator and source with the keyboard and sees the
value recorded with its source; then a numerator above the denominator: the service's refusal on the page, nothing
changed. The month is in the past of the suite's clock (SUITE_NOW, 20 November 2026)."""

import re

import pytest
from api_support import add_member
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from playwright import sync_api
from test_statistics_browser import PASSWORD, _authenticator, _port, _sign_in, browser  # noqa: F401 - fixture

from core.modules.services import enable
from modules.statistics.models import RecordedValue

CODE = "93766"
INDICATOR = "feedback_on_time"  # 5.2: measured outside the system, recordable
SOURCE = "Cổng Dịch vụ công quốc gia, trang Bộ chỉ số 766, tháng 10/2026"


@pytest.fixture
def commune(make_committed_unit, monkeypatch, settings):
    """A commune with the statistics module on (committed, for the live server's thread) and its administrator, who
    signs in with a password and an authenticator app."""
    settings.EGOV_SECOND_FACTOR_ROLES = ["administrator"]
    unit = make_committed_unit(CODE, "Xã Ghi Nhận")
    for module in ("catalogue", "procedures", "onestop", "statistics"):
        enable(unit, module)
    administrator = add_member(unit, "quan-tri-93766", roles=("administrator",), password=PASSWORD)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the test's own database reads between browser steps
    return unit, administrator


def _rows(unit) -> list[tuple]:
    return list(RecordedValue.objects.filter(unit=unit).values_list("indicator", "month", "numerator", "denominator",
                                                                      "source", "recorded_at"))


def _type(page, field, text: str) -> None:
    """Into the focused field, as typed on the keyboard; then Tab to the next one."""
    sync_api.expect(field).to_be_focused()
    page.keyboard.type(text)
    page.keyboard.press("Tab")


def test_the_administrator_records_a_value_and_a_bad_one_is_refused(live_server, commune, browser):  # noqa: F811
    unit, administrator = commune
    base = f"http://u-{CODE}.localhost:{_port(live_server)}"
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _sign_in(page, base, administrator.username, _authenticator(administrator))
    page.goto(f"{base}/m/statistics/")
    page.locator("a#indicators").click()
    page.wait_for_url(re.compile(r"/m/statistics/chi-so-766/$"))
    filters = page.locator("form.filters[method=get]")
    filters.get_by_role("combobox", name=re.compile("^Kỳ")).select_option("month")
    filters.get_by_role("spinbutton", name="Năm").fill("2026")
    filters.get_by_role("combobox", name=re.compile("^Tháng hoặc quý")).select_option("10")
    filters.get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(r"/m/statistics/chi-so-766/\?ky=month&nam=2026&so=10$"))
    row = page.locator(f'#indicators tr[data-indicator="{INDICATOR}"]')
    sync_api.expect(row).to_have_attribute("data-status", "not_measured")
    assert _rows(unit) == []

    form = page.locator("#record form")
    form.get_by_role("combobox", name=re.compile("^Chỉ số")).select_option(INDICATOR)
    form.get_by_label("Tháng của số liệu", exact=True).fill("2026-10")
    numerator = form.get_by_role("spinbutton", name="Tử số")
    numerator.focus()
    _type(page, numerator, "7")
    _type(page, form.get_by_role("spinbutton", name="Mẫu số"), "8")
    _type(page, form.get_by_role("textbox", name="Nguồn số liệu"), SOURCE)
    sync_api.expect(form.get_by_role("button", name="Ghi nhận")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/m/statistics/chi-so-766/\?ky=month&nam=2026&so=10$"))
    sync_api.expect(row).to_have_attribute("data-status", "recorded")
    sync_api.expect(row.locator("td").nth(2)).to_have_text("7 / 8")
    sync_api.expect(row.locator("[data-recorded]")).to_contain_text(SOURCE)
    assert page.locator("[data-record-error]").count() == 0
    recorded = _rows(unit)
    assert [r[:5] for r in recorded] == [(INDICATOR, recorded[0][1], 7, 8, SOURCE)]
    assert recorded[0][1].isoformat() == "2026-10-01"

    # A numerator above the denominator: the service's refusal, the value as it was.
    form.get_by_role("combobox", name=re.compile("^Chỉ số")).select_option(INDICATOR)
    form.get_by_label("Tháng của số liệu", exact=True).fill("2026-10")
    numerator.focus()
    _type(page, numerator, "9")
    _type(page, form.get_by_role("spinbutton", name="Mẫu số"), "8")
    _type(page, form.get_by_role("textbox", name="Nguồn số liệu"), "Số nhập nhầm")
    with page.expect_response(re.compile(r"/m/statistics/chi-so-766/ghi-nhan/$")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 400
    sync_api.expect(page.locator("[data-record-error]")).to_have_text("Tử số không được lớn hơn mẫu số.")
    sync_api.expect(row).to_have_attribute("data-status", "recorded")
    sync_api.expect(row.locator("td").nth(2)).to_have_text("7 / 8")
    sync_api.expect(row.locator("[data-recorded]")).to_contain_text(SOURCE)
    assert form.get_by_role("spinbutton", name="Tử số").input_value() == "9"  # what was typed, kept to correct
    assert _rows(unit) == recorded  # one row, unchanged
    context.close()
