"""The citizen portal in a real browser: Playwright driving Debian's Chromium (scripts/install-chromium.sh; never a
downloaded browser) against the live server, with a committed unit on its own address (u-<code>.localhost).

A citizen finds a procedure typing without tone marks, submits online with a file, sees the receipt and looks the
dossier up on the platform's look-up page; the operations this takes are counted (the figure in
docs/modules/portal.md). The main pages pass axe-core's WCAG 2.1 A/AA rules with no serious or critical violation."""

import re
from pathlib import Path

import pytest
from accessibility import serious_violations
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from onestop_support import PROC, open_office
from playwright import sync_api
from test_statistics_browser import FLAGS, chromium

from core.modules.services import enable
from modules.onestop.services import online_limits
from modules.onestop.services.plans import forget_plans
from modules.portal.services import limits
from modules.tracking.services import throttle
from tenants.services import entered

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def office(make_committed_unit, monkeypatch, settings):
    """A commune (committed, for the live server's thread) handling PROC with the portal and the look-up."""
    forget_plans()
    unit = make_committed_unit("93201", "Xã Cổng Thử")
    open_office(unit, people_suffix="portal")
    for module in ("tracking", "portal"):
        enable(unit, module)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the test's own reads between browser steps
    yield unit
    forget_plans()


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=[f for f in FLAGS if f != "--headless"],
                                              headless=True)
        yield launched
        launched.close()


def _addresses(live_server, unit) -> tuple[str, str]:
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://u-{unit.code}.localhost:{port}", f"http://localhost:{port}"


class Counted:
    """The citizen's operations: text typed into a field, clicks (or Enter), files chosen."""

    def __init__(self, page):
        self.page, self.entries, self.clicks, self.files = page, 0, 0, 0

    def type(self, label: str, text: str) -> None:
        self.page.get_by_label(label, exact=True).fill(text)
        self.entries += 1

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def choose_file(self, label: str, path: Path) -> None:
        self.page.get_by_label(label).set_input_files(str(path))
        self.files += 1


def test_a_citizen_finds_submits_with_a_file_and_looks_the_dossier_up(live_server, office, browser, settings,
                                                                      tmp_path):
    unit_base, platform = _addresses(live_server, office)
    settings.EGOV_PUBLIC_URL = platform  # the receipt's look-up link goes to this server's platform address
    scan = tmp_path / "giay-de-nghi.pdf"
    scan.write_bytes(PDF)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    citizen = Counted(page)
    try:
        page.goto(unit_base + "/")
        sync_api.expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Cổng Thử")
        assert serious_violations(page) == []

        # Typing without tone marks finds "Đăng ký thành lập hộ kinh doanh".
        citizen.type("Tìm thủ tục (tên hoặc mã, gõ có dấu hay không dấu đều được)", "dang ky thanh lap ho kinh doanh")
        citizen.click(page.get_by_role("button", name="Tìm", exact=True))
        result = page.get_by_role("link", name="Đăng ký thành lập hộ kinh doanh", exact=True)
        sync_api.expect(result).to_be_visible()
        assert serious_violations(page) == []
        citizen.click(result)
        page.wait_for_url(re.compile(rf"/m/portal/thu-tuc/{re.escape(PROC)}/$"))
        sync_api.expect(page.locator("main")).to_contain_text("Thành phần hồ sơ")
        assert serious_violations(page) == []

        citizen.click(page.get_by_role("link", name="Nộp hồ sơ trực tuyến"))
        page.wait_for_url(re.compile(r"/nop/$"))
        assert serious_violations(page) == []
        citizen.type("Họ và tên người nộp *", "Lê Thị Hoa")
        citizen.type("Số điện thoại *", "0912345678")
        citizen.choose_file("Tệp đính kèm (bản chụp, bản quét các giấy tờ)", scan)
        citizen.click(page.get_by_role("button", name="Nộp hồ sơ"))

        page.wait_for_url(re.compile(r"/m/portal/bien-nhan/[^/]+/$"))
        code = page.locator("#code").inner_text().strip()
        assert code.startswith(office.code)
        sync_api.expect(page.locator("main")).to_contain_text("giay-de-nghi.pdf")
        assert serious_violations(page) == []
        submission = (citizen.entries, citizen.clicks, citizen.files)

        # The look-up, from the receipt's link: the code is filled in, the phone number typed.
        citizen.click(page.get_by_role("link", name="Tra cứu hồ sơ này"))
        page.wait_for_url(re.compile(r"/tra-cuu/\?ma="))
        assert page.get_by_label("Mã hồ sơ").input_value() == code
        citizen.type("Số điện thoại đã khai khi nộp hồ sơ", "0912345678")
        citizen.click(page.get_by_role("button", name="Tra cứu"))
        sync_api.expect(page.locator("body")).to_contain_text("Đăng ký thành lập hộ kinh doanh")
        sync_api.expect(page.locator("body")).to_contain_text("Xã Cổng Thử")
        assert serious_violations(page) == []
    finally:
        context.close()
        with entered(office):  # the portal's counters are kept under the unit's schema
            for limit in (limits.SEARCHES, limits.SUBMISSION_ATTEMPTS, online_limits.PER_CLIENT):
                limit.forget("127.0.0.1")
            online_limits.PER_PHONE.forget("912345678")
        throttle.ATTEMPTS_PER_CLIENT.forget("127.0.0.1")  # the look-up's, on the platform

    entries, clicks, files = submission
    print(f"\nportal: a typical online submission takes {entries} field entries, {clicks} clicks, {files} file "
          f"(search to receipt); the look-up adds {citizen.entries - entries} entry and {citizen.clicks - clicks} "
          f"clicks")
    assert (entries, clicks, files) == (3, 4, 1)
