"""The dashboards rendered by a real headless Chromium against a live server: the unit's page and the province's,
each reached the way its leader reaches it, signing in through the sign-in form (the province's leader on the
platform's address, with the second factor the test settings require of leaders).

Chromium is Debian's `chromium` package, driven by Playwright (never its own downloaded browser). When
/usr/bin/chromium (or $CHROMIUM) is missing, scripts/install-chromium.sh installs it if we are root; otherwise these
tests fail and say how to install it: they are never skipped.
"""

import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
import time_machine
from accessibility import serious_violations
from api_support import add_member
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.utils import timezone
from django_tenants.utils import tenant_context
from onestop_support import HN
from playwright import sync_api
from test_statistics_facts import receive_one, statistics_office

from core.accounts import second_factor
from modules.onestop.services.actions import perform
from modules.statistics.services import refresh_days

ROOT = Path(__file__).resolve().parent.parent
INSTALL = ROOT / "scripts" / "install-chromium.sh"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--lang=vi-VN", "--accept-lang=vi-VN,vi"]  # the pages in Vietnamese, as a Vietnamese browser asks
PASSWORD = "Mat-khau-lanh-dao-9"


def chromium() -> str:
    """The browser's path; installed first when missing and we are root. Fails, with how to install it, otherwise."""
    if not os.access(CHROMIUM, os.X_OK) and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(["sh", str(INSTALL)], check=False, timeout=900)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is needed at {CHROMIUM} to check the statistics dashboards in a real browser. Install "
                    f"it as root with `sh scripts/install-chromium.sh` (apt-get update && apt-get install -y "
                    f"chromium), or set CHROMIUM to the browser's path.", pytrace=False)
    return CHROMIUM


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=[f for f in FLAGS if f != "--headless"],
                                              headless=True)
        yield launched
        launched.close()


def _keep(path: Path) -> None:
    """Copy a screenshot to $EGOV_SCREENSHOTS when set, to look at it."""
    where = os.environ.get("EGOV_SCREENSHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(where) / path.name)


@pytest.fixture
def province(make_committed_unit, monkeypatch):
    """A province, a district and a commune (committed, for the live server's thread); the commune received three
    dossiers yesterday, one of them resolved, and its facts are computed. The commune's and the province's leaders
    have passwords."""
    province_unit = make_committed_unit("93", "Tỉnh Thử Nghiệm", kind="province")
    district = make_committed_unit("930", "Huyện Thử Nghiệm", kind="district", parent="93")
    commune = make_committed_unit("93001", "Xã Thử Nghiệm", parent="930")
    people = statistics_office(commune)
    now = timezone.now()
    yesterday = timezone.localtime(now, HN) - timedelta(days=1)
    first = receive_one(commune, people, "counter", yesterday)
    receive_one(commune, people, "online", yesterday)
    receive_one(commune, people, "post", yesterday)
    with tenant_context(commune):
        perform(first, "start", actor=people["receiving_officer"], at=yesterday + timedelta(minutes=30))
        perform(first, "approve", actor=people["leader"], at=yesterday + timedelta(hours=1))
        refresh_days([yesterday.date(), timezone.localtime(now, HN).date()], now=now)
    people["leader"].set_password(PASSWORD)
    people["leader"].save(update_fields=["password"])
    leader_of_province = add_member(province_unit, "leader-93", roles=("leader",), password=PASSWORD)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the test's own database calls between browser steps
    return {"commune": commune, "district": district, "people": people, "province_leader": leader_of_province}


def _authenticator(user) -> pyotp.TOTP:
    """The leader's authenticator app, set up a few minutes before the test's moment (a code is used only once, and
    the set-up used one)."""
    with time_machine.travel(timezone.now() - timedelta(minutes=5)):
        app = pyotp.TOTP(pyotp.parse_uri(second_factor.start(user)).secret)
        assert second_factor.confirm(user, app.now())
    return app


def _sign_in(page, base: str, username: str, app: pyotp.TOTP | None = None, check_pages: bool = False) -> None:
    """The sign-in form; then, for a person who uses an authenticator app, the code it shows now. "Now" is the suite's
    clock, which the live server's thread shares (time-machine), and a code one 30-second step early or late is
    accepted: no race with the machine's clock. `check_pages`: axe-core on the form and the code's page too."""
    page.goto(f"{base}/dang-nhap/")
    if check_pages:
        assert serious_violations(page) == [], "sign-in"
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if app is not None:
        page.wait_for_url(re.compile(r"/dang-nhap/ma-xac-thuc/$"))
        if check_pages:
            assert serious_violations(page) == [], "second factor"
        page.get_by_label("Mã 6 chữ số").fill(app.at(timezone.now()))
        page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(re.compile(r"/(lam-viec|don-vi)/$"))


def _port(live_server) -> int:
    return int(live_server.url.rsplit(":", 1)[1])


def test_the_unit_dashboard_renders_its_figures_and_charts(live_server, province, browser, tmp_path):
    """The commune's leader signs in on the commune's address and opens Statistics from the workspace's menu."""
    base = f"http://u-93001.localhost:{_port(live_server)}"
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}, bypass_csp=True)  # axe
    page = context.new_page()
    _sign_in(page, base, province["people"]["leader"].username)
    page.get_by_role("navigation").get_by_role("link", name="Thống kê, báo cáo").click()
    page.wait_for_url(re.compile(r"/m/statistics/$"))
    page.get_by_label("Nhóm theo").select_option("sector")
    page.get_by_role("button", name="Xem").click()
    sync_api.expect(page.locator("h1")).to_have_text("Tình hình giải quyết hồ sơ: Xã Thử Nghiệm")
    assert page.locator('figure[data-chart="trend"] svg rect.bar').count() == 3  # one bar per channel, yesterday
    assert page.locator('figure[data-chart="resolved"] circle.slice').count() == 1
    assert page.locator('figure[data-chart="in-progress"] circle.slice').count() >= 1
    assert page.locator('[data-kpi="received"] .value').inner_text() == "3"
    assert page.locator('[data-kpi="resolved"] .value').inner_text() == "1"
    total = page.locator('#report tfoot tr[data-key="total"]').inner_text().split()
    assert total[:2] == ["Tổng", "cộng"] and total[2:6] == ["3", "1", "1", "1"]  # received: all, counter, online, post
    assert page.locator("#excel").count() == 1
    assert serious_violations(page) == []
    shot = tmp_path / "statistics-unit.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    _keep(shot)
    context.close()


def test_the_province_leader_signs_in_on_the_platform_and_sees_the_roll_up(live_server, province, browser, settings,
                                                                           tmp_path):
    """Leaders must use an authenticator app here (EGOV_SECOND_FACTOR_ROLES); the province's leader signs in on the
    platform's address, lands on the choice of units and follows the link to the roll-up of the units below."""
    settings.EGOV_SECOND_FACTOR_ROLES = ["leader"]
    app = _authenticator(province["province_leader"])
    platform = f"http://localhost:{_port(live_server)}"
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}, bypass_csp=True)  # axe
    page = context.new_page()
    _sign_in(page, platform, "leader-93", app, check_pages=True)
    assert page.url == f"{platform}/don-vi/"
    sync_api.expect(page.locator("main")).to_contain_text("Tỉnh Thử Nghiệm")  # the units to pick from
    assert serious_violations(page) == [], "units"
    page.get_by_role("link", name=re.compile("Số liệu tổng hợp của các đơn vị cấp dưới")).click()
    assert serious_violations(page) == [], "the roll-ups' list"
    page.get_by_role("link", name="Tỉnh Thử Nghiệm").click()
    page.wait_for_url(re.compile(r"/m/statistics/93/$"))
    sync_api.expect(page.locator("h1")).to_contain_text("Tỉnh Thử Nghiệm và các đơn vị trực thuộc")
    assert page.locator('#report tbody tr[data-key="930"] th').inner_text() == "Huyện Thử Nghiệm"
    assert page.locator('#report tbody tr[data-key="930"] td').first.inner_text().strip() == "3"
    assert page.locator('figure[data-chart="ranking"] rect.bar[data-value="3"]').count() == 1
    assert page.locator('figure[data-chart="trend"] svg rect.bar').count() == 3
    assert re.search(r"1/3 đơn vị có số liệu", page.locator("#freshness").inner_text())
    assert serious_violations(page) == [], "the roll-up"
    shot = tmp_path / "statistics-province.png"
    page.screenshot(path=str(shot), full_page=True)
    _keep(shot)
    # Down to the district, where the commune's figures are.
    page.locator('#report tbody tr[data-key="930"] th').get_by_role("link").click()
    page.wait_for_url(re.compile(r"/m/statistics/930/"))
    assert page.locator('#report tbody tr[data-key="93001"] td').first.inner_text().strip() == "3"
    context.close()

    # The commune's leader, signed in on the platform too, cannot open the province's roll-up.
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, platform, province["people"]["leader"].username, _authenticator(province["people"]["leader"]))
    answer = page.goto(f"{platform}/m/statistics/93/")
    assert answer.status == 403
    sync_api.expect(page.locator("body")).to_contain_text("Bạn không được xem số liệu tổng hợp của đơn vị 93")
    assert page.locator("[data-chart]").count() == 0
    context.close()


def test_without_a_session_the_page_shows_no_figures(live_server, province, browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"http://u-93001.localhost:{_port(live_server)}/m/statistics/")
    assert page.locator("[data-chart]").count() == 0 and page.locator('[data-kpi="received"]').count() == 0
    assert page.locator('input[name="password"]').count() == 1  # sent to the sign-in page
    context.close()
