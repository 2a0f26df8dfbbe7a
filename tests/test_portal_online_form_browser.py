"""A procedure's online form in a real browser (Playwright driving Debian's Chromium) against the live server: a
citizen fills the published form - a conditional section that appears when ticked, a repeatable group with a second
item added, a file - sees an error only after leaving a field they changed, and submits into a one-stop dossier; a
citizen signed in to the portal confirms the prefill from their own account, saves a half-valid draft and resumes
it. The citizen's operations are counted (docs/modules/forms.md)."""

import re
from pathlib import Path

import pytest
from accessibility import serious_violations
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django.contrib.auth import get_user_model
from django.db import connection
from onestop_support import PROC, open_office
from online_form_support import published_online_form
from playwright import sync_api
from test_statistics_browser import FLAGS, chromium

from core.modules.services import enable
from modules.onestop.models import Dossier
from modules.onestop.services import online_limits
from modules.onestop.services.plans import forget_plans
from modules.portal.models import FormDraft
from modules.portal.services import limits
from tenants.services import entered

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEW_KEYS = ("has_partners", "capital_share", "lease_contract")


@pytest.fixture
def office(make_committed_unit, monkeypatch):
    forget_plans()
    unit = make_committed_unit("93203", "Xã Biểu Mẫu")
    open_office(unit, people_suffix="online-form")
    for module in ("tracking", "portal"):
        enable(unit, module)
    form = published_online_form()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the test's own reads between browser steps
    yield unit
    forget_plans()
    with entered(unit):
        for limit in (limits.SUBMISSION_ATTEMPTS, online_limits.PER_CLIENT):
            limit.forget("127.0.0.1")
        online_limits.PER_PHONE.forget("912345678")
    # A published form and dictionary versions never change (database triggers): the test's own are removed with
    # the triggers off for this session, before the committed-data clean-up deletes the rest.
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        try:
            cur.execute("DELETE FROM forms_formrule WHERE form_id = %s", [form.pk])
            cur.execute("DELETE FROM forms_formfield WHERE form_id = %s", [form.pk])
            cur.execute("DELETE FROM forms_formsection WHERE form_id = %s", [form.pk])
            cur.execute("DELETE FROM forms_formdefinition WHERE id = %s", [form.pk])
            cur.execute("DELETE FROM forms_fieldversion WHERE field_id IN (SELECT id FROM forms_datafield WHERE "
                        "key = ANY(%s))", [list(NEW_KEYS)])
            cur.execute("DELETE FROM forms_datafield WHERE key = ANY(%s)", [list(NEW_KEYS)])
        finally:
            cur.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=[f for f in FLAGS if f != "--headless"],
                                              headless=True)
        yield launched
        launched.close()


class Counted:
    """The citizen's operations: a value typed or chosen in a field, a click (a tick, a button), a file chosen."""

    def __init__(self, page):
        self.page, self.entries, self.clicks, self.files = page, 0, 0, 0

    def field(self, path: str, selector: str = "input"):
        return self.page.locator(f'[data-path="{path}"] {selector}').first

    def type(self, path: str, text: str) -> None:
        self.field(path).fill(text)
        self.field(path).blur()
        self.entries += 1

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def choose_file(self, path: str, file: Path) -> None:
        self.field(path).set_input_files(str(file))
        self.files += 1


def _error(page, path):
    return page.locator(f'[data-path="{path}"] .forms-error')


def test_a_citizen_fills_a_conditional_section_a_repeatable_group_and_a_file(live_server, office, browser,
                                                                              tmp_path):
    base = f"http://u-{office.code}.localhost:{live_server.url.rsplit(':', 1)[1]}"
    lease = tmp_path / "hop-dong-thue.pdf"
    lease.write_bytes(PDF)
    # A phone's screen; the site's CSP set aside only so axe-core can be injected (the next test keeps it).
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    citizen = Counted(page)
    try:
        page.goto(f"{base}/m/portal/thu-tuc/{PROC}/")
        citizen.click(page.get_by_role("link", name="Nộp hồ sơ trực tuyến"))
        page.wait_for_url(re.compile(r"/bieu-mau/$"))
        sync_api.expect(page.locator("h1")).to_contain_text("Giấy đề nghị đăng ký hộ kinh doanh")
        assert serious_violations(page) == []

        # No error before the citizen types; a wrong number shows its message once they leave the field.
        sync_api.expect(_error(page, "id_number")).to_be_hidden()
        citizen.field("id_number").fill("0011901234")
        sync_api.expect(_error(page, "id_number")).to_be_hidden()
        citizen.type("id_number", "001190123456")
        sync_api.expect(_error(page, "id_number")).to_be_hidden()
        citizen.field("phone").fill("01234")
        citizen.field("phone").blur()
        sync_api.expect(_error(page, "phone")).to_contain_text("Số điện thoại")
        citizen.type("phone", "0912345678")
        sync_api.expect(_error(page, "phone")).to_be_hidden()
        citizen.type("full_name", "Lê Thị Hoa")
        citizen.type("birth_date", "1990-03-04")

        # The co-founders' section appears only once ticked; it starts with one item, a second is added.
        partners = page.locator('[data-section="partners"]')
        sync_api.expect(partners).to_be_hidden()
        citizen.click(page.get_by_label("Có thành viên góp vốn khác"))
        sync_api.expect(partners).to_be_visible()
        citizen.type("partners.0.full_name", "Trần Văn Nam")
        citizen.click(page.get_by_role("button", name="Thêm thành viên góp vốn"))
        citizen.type("partners.1.full_name", "Phạm Thị Lan")
        citizen.type("partners.1.capital_share", "25")
        citizen.choose_file("lease_contract", lease)
        assert serious_violations(page) == []
        citizen.click(page.get_by_role("button", name="Nộp hồ sơ"))

        page.wait_for_url(re.compile(r"/m/portal/bien-nhan/[^/]+/$"))
        code = page.locator("#code").inner_text().strip()
        sync_api.expect(page.locator("main")).to_contain_text("hop-dong-thue.pdf")
    finally:
        context.close()
    with entered(office):
        dossier = Dossier.objects.get(code=code)
    values = dossier.data["form_values"]
    assert values["full_name"] == "Lê Thị Hoa" and values["has_partners"] is True
    assert values["partners"] == [{"full_name": "Trần Văn Nam"}, {"full_name": "Phạm Thị Lan", "capital_share": 25}]
    assert values["lease_contract"]["name"] == "hop-dong-thue.pdf"
    assert values["lease_contract"]["content_type"] == "application/pdf"
    operations = (citizen.entries, citizen.clicks, citizen.files)
    print(f"\nforms: the online form took {citizen.entries} field entries, {citizen.clicks} clicks, {citizen.files} "
          "file (procedure page to receipt)")
    assert operations == (7, 4, 1)


def test_a_signed_in_citizen_confirms_the_prefill_and_resumes_a_draft(live_server, office, browser):
    base = f"http://u-{office.code}.localhost:{live_server.url.rsplit(':', 1)[1]}"
    get_user_model().objects.create_user("cong-dan-trinh", password="mat-khau-rat-dai-2026", first_name="Trinh",
                                         last_name="Võ Thị", email="trinh@example.vn", phone="0987654321")
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})  # under the site's CSP
    page = context.new_page()
    try:
        page.goto(f"{base}/m/portal/thu-tuc/{PROC}/bieu-mau/")
        page.get_by_role("link", name="Đăng nhập để lưu bản nháp và điền sẵn thông tin của bạn").click()
        page.get_by_label("Tên đăng nhập").fill("cong-dan-trinh")
        page.get_by_label("Mật khẩu").fill("mat-khau-rat-dai-2026")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(re.compile(r"/bieu-mau/$"))
        # What can be prefilled is shown with where it comes from; nothing is filled before the citizen agrees.
        prefill = page.locator("#prefill")
        sync_api.expect(prefill).to_contain_text("Võ Thị Trinh")
        sync_api.expect(prefill).to_contain_text("tài khoản của bạn")
        assert page.locator('[data-path="full_name"] input').input_value() == ""
        page.get_by_role("button", name="Dùng các thông tin này").click()
        assert page.locator('[data-path="full_name"] input').input_value() == "Võ Thị Trinh"
        assert page.locator('[data-path="phone"] input').input_value() == "0987654321"
        sync_api.expect(page.locator('[data-path="full_name"] .forms-prefilled')).to_be_visible()
        page.locator('[data-path="full_name"] input').fill("Võ Thị Tuyết Trinh")  # still the citizen's to change
        page.locator('[data-path="id_number"] input').fill("0011")  # half-valid: a draft keeps it
        # Leaving the field shows its error and moves what is below: leave it first, as a person would see it.
        page.locator('[data-path="id_number"] input').blur()
        page.get_by_role("button", name="Lưu bản nháp").click()
        sync_api.expect(page.locator("#draft-status")).to_contain_text("Đã lưu bản nháp lúc")
        page.reload()
        sync_api.expect(page.locator("#draft-notice")).to_contain_text("Đã mở bản nháp")
        assert page.locator('[data-path="full_name"] input').input_value() == "Võ Thị Tuyết Trinh"
        assert page.locator('[data-path="id_number"] input').input_value() == "0011"
    finally:
        context.close()
    with entered(office):
        draft = FormDraft.objects.get(owner__username="cong-dan-trinh")
        assert not Dossier.objects.exists()
    assert draft.data["id_number"] == "0011"
