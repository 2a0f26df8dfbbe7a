"""The staff workspace in a real browser: Playwright driving Debian's Chromium (scripts/install-chromium.sh; never a
downloaded browser) against the live server, with committed units on their own addresses (u-<code>.localhost).

A dossier's whole way from the counter (keyboard only) through every step, to the district that accepts it and to its
printed receipt is tests/test_workspace_dossier_journey.py. Here: a specialist sees no button for an action of another
role and is refused when posting it anyway; a member of one unit sees nothing of another; a person signing in on
the platform's address picks a unit and lands in its workspace."""

import re

import pytest
from accessibility import serious_violations
from api_support import add_member
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django_tenants.utils import tenant_context
from onestop_support import PROC, open_office
from playwright import sync_api
from test_statistics_browser import FLAGS, chromium

from core.modules.services import enable
from modules.onestop.services import reads
from modules.onestop.services.plans import forget_plans

PASSWORD = "Mat-khau-thu-nghiem-7"


@pytest.fixture
def offices(make_committed_unit, monkeypatch):
    """A district and one of its communes (committed, for the live server's thread), both open for dossiers; the
    commune's clerk holds every one-stop role, its specialist only that one."""
    forget_plans()
    district = make_committed_unit("931", "Huyện Thử Nghiệm", kind="district")
    commune = make_committed_unit("93101", "Xã Thử Nghiệm", parent="931")
    open_office(commune, people_suffix="c")
    open_office(district, people_suffix="d", catalogue=False)
    enable(commune, "printing")
    clerk = add_member(commune, "thu-ky", roles=("receiving_officer", "specialist", "leader", "result_officer"),
                       password=PASSWORD, first_name="An", last_name="Nguyễn Văn")
    specialist = add_member(commune, "chuyen-vien", roles=("specialist",), password=PASSWORD)
    stranger = add_member(district, "can-bo-huyen", roles=("receiving_officer",), password=PASSWORD)
    # Playwright's synchronous API keeps an event loop in this thread; the test's own database reads are plain
    # synchronous calls between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield {"commune": commune, "district": district, "clerk": clerk, "specialist": specialist, "stranger": stranger}
    forget_plans()


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=[f for f in FLAGS if f != "--headless"],
                                              headless=True)
        yield launched
        launched.close()


def _address(live_server, unit=None) -> str:
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://{'u-' + unit.code + '.' if unit else ''}localhost:{port}"


# Playwright's own request client does not resolve *.localhost as Chromium does: requests outside navigation are
# made by the page itself (fetch, with the page's cookies).
FETCH = """async ([url, form]) => {
  const options = form ? {method: "POST", body: new URLSearchParams(form), redirect: "manual"} : {};
  const answer = await fetch(url, options);
  const head = new Uint8Array(await answer.arrayBuffer()).slice(0, 5);
  return {status: answer.status, type: answer.headers.get("content-type"), head: String.fromCharCode(...head)};
}"""


def _fetch(page, url: str, form: dict | None = None) -> dict:
    return page.evaluate(FETCH, [url, form])


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/lam-viec/$"))


def test_no_button_for_another_role_and_a_forged_post_is_refused(live_server, offices, browser):
    commune = offices["commune"]
    with tenant_context(commune):
        from onestop_support import receive_at

        code = receive_at(commune, offices["clerk"]).code
    base = _address(live_server, commune)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    _sign_in(page, base, "chuyen-vien")
    page.goto(f"{base}/m/onestop/ho-so/{code}/")
    sync_api.expect(page.locator("h1")).to_contain_text(code)
    assert page.locator('button[data-action="start"]').count() == 0
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    forged = _fetch(page, f"{base}/m/onestop/ho-so/{code}/thao-tac/",
                    {"action": "start", "csrfmiddlewaretoken": token})
    assert forged["status"] == 403
    with tenant_context(commune):
        assert reads.dossier_status(code) == "received"
    context.close()


def test_a_member_of_one_unit_sees_nothing_of_another(live_server, offices, browser):
    commune, district = offices["commune"], offices["district"]
    with tenant_context(commune):
        from onestop_support import receive_at

        code = receive_at(commune, offices["clerk"], name="Người Của Xã").code
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, _address(live_server, district), "can-bo-huyen")
    for path in ("/lam-viec/", "/m/onestop/?hang=open", f"/m/onestop/ho-so/{code}/"):
        answer = page.goto(_address(live_server, commune) + path)
        assert answer.status in (302, 403) or "/dang-nhap/" in page.url, path
        assert "Người Của Xã" not in page.content()
    answer = page.goto(_address(live_server, district) + f"/m/onestop/ho-so/{code}/")
    assert answer.status == 404 and "Người Của Xã" not in page.content()
    # Signing in on the commune's address is refused: the account is not the commune's.
    page.goto(_address(live_server, commune) + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("can-bo-huyen")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    sync_api.expect(page.get_by_role("alert")).to_contain_text("Tài khoản này không thuộc đơn vị Xã Thử Nghiệm")
    page.goto(_address(live_server, commune) + "/lam-viec/")
    assert "/dang-nhap/" in page.url  # still not signed in there
    # On the platform's address the commune is not among their units, and a forged hand-over to it is refused.
    page.goto(_address(live_server) + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("can-bo-huyen")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/don-vi/$"))
    sync_api.expect(page.locator("main")).to_contain_text("Huyện Thử Nghiệm")
    assert "Xã Thử Nghiệm" not in page.locator("main").inner_text()
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    forged = _fetch(page, _address(live_server) + f"/don-vi/{commune.code}/", {"csrfmiddlewaretoken": token})
    assert forged["status"] == 403
    context.close()


def test_signing_in_on_the_platform_then_picking_a_unit(live_server, offices, browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(_address(live_server) + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("thu-ky")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/don-vi/$"))
    page.get_by_role("button", name="Làm việc tại đơn vị này").click()
    page.wait_for_url(re.compile(r"u-93101\.localhost:\d+/lam-viec/$"))
    sync_api.expect(page.locator("main h1")).to_have_text("Trang làm việc")
    assert PROC and page.get_by_role("link", name="Hàng việc hồ sơ").count() >= 1
    context.close()


def test_the_main_workspace_pages_have_no_serious_accessibility_violation(live_server, offices, browser):
    """axe-core's WCAG 2.1 A/AA rules on the sign-in page, the home, a queue, the counter and a dossier page, at
    1280 px and on a phone."""
    commune = offices["commune"]
    with tenant_context(commune):
        from onestop_support import receive_at

        code = receive_at(commune, offices["clerk"]).code
    base = _address(live_server, commune)
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)  # axe is injected
        page = context.new_page()
        page.goto(f"{base}/dang-nhap/")
        assert serious_violations(page) == [], "sign-in"
        _sign_in(page, base, "thu-ky")
        for path in ("/lam-viec/", "/m/onestop/?hang=open", f"/m/onestop/tiep-nhan/?thu-tuc={PROC}",
                     f"/m/onestop/ho-so/{code}/"):
            page.goto(base + path)
            assert serious_violations(page) == [], path
        context.close()


def test_the_unit_administrator_adds_a_member_gives_a_role_and_the_pages_pass_axe(live_server, offices, browser):
    """The administrator's pages in the browser: a person added by exact user name with a role, a role's form, the
    modules' list; axe-core at 1280 px and on a phone; a specialist gets no entry and a refusal."""
    commune = offices["commune"]
    add_member(commune, "quan-tri-xa", roles=("administrator",), password=PASSWORD)
    add_member(offices["district"], "nguoi-huyen", roles=("specialist",), password=PASSWORD)
    base = _address(live_server, commune)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    _sign_in(page, base, "quan-tri-xa")
    page.get_by_role("navigation").get_by_role("link", name="Thành viên của đơn vị").click()
    page.wait_for_url(re.compile(r"/lam-viec/quan-tri/thanh-vien/$"))
    assert serious_violations(page) == [], "members"
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill("nguoi-huyen")
    page.locator("#add-member").get_by_label("Cán bộ tiếp nhận").check()
    page.get_by_role("button", name="Thêm vào đơn vị").click()
    sync_api.expect(page.locator("#members")).to_contain_text("nguoi-huyen")
    sync_api.expect(page.locator('#members tr[data-username="nguoi-huyen"]')).to_contain_text("Cán bộ tiếp nhận")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill("nguoi")
    page.get_by_role("button", name="Thêm vào đơn vị").click()
    sync_api.expect(page.get_by_role("alert")).to_contain_text("Không xác định được đúng một người")
    for path in ("/lam-viec/quan-tri/thanh-vien/", "/lam-viec/quan-tri/vai-tro/", "/lam-viec/quan-tri/vai-tro/moi/",
                 "/lam-viec/quan-tri/mo-dun/", "/lam-viec/quan-tri/mo-dun/printing/"):
        for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
            page.set_viewport_size(viewport)
            page.goto(base + path)
            assert serious_violations(page) == [], (path, viewport)
    context.close()

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, base, "chuyen-vien")
    assert page.get_by_role("link", name="Thành viên của đơn vị").count() == 0
    assert page.goto(base + "/lam-viec/quan-tri/thanh-vien/").status == 403
    context.close()
