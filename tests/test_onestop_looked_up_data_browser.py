"""The papers page's button to reject looked-up data, pressed in a real browser (Playwright driving Debian's Chromium,
as tests/test_workspace_dossier_journey.py): the receiving officer, signed in through the sign-in form on the unit's
address, types the reason and presses the button on the looked-up row; the page comes back saying so and the row now
asks for the paper."""

import re

import pytest
from api_support import add_member
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django_tenants.utils import tenant_context
from onestop_support import PROC, open_office
from playwright import sync_api
from test_workspace_browser import PASSWORD, _address, _sign_in, browser  # noqa: F401 - fixture

from modules.onestop.models import DossierComponent, DossierEvent
from modules.onestop.services import data_sources
from modules.onestop.services.digitisation import Part
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import forget_plans

RESIDENCE = "Giấy xác nhận cư trú"
WHY = "Địa chỉ trong dữ liệu đã cũ"


@pytest.fixture
def commune(make_committed_unit, monkeypatch):
    """A commune open for dossiers (committed, for the live server's thread) with a receiving officer who signs in,
    and a dossier whose residence paper a database gave."""
    forget_plans()
    unit = make_committed_unit("93211", "Xã Dữ Liệu")
    open_office(unit, people_suffix="dl")
    officer = add_member(unit, "tiep-nhan-du-lieu", roles=("receiving_officer",), password=PASSWORD)
    found = data_sources.Found("population", "001090000001", "DC-0001", {"id_number": "001090000001"})
    with tenant_context(unit):
        code = receive(Application(PROC, "counter", "Nguyễn Văn An", applicant_phone="0912345678",
                                   applicant_id_number="001090000001",
                                   parts=(Part(RESIDENCE, database=found.as_part()),)), actor=officer).code
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the test's own reads between browser steps
    yield unit, code
    forget_plans()


def test_the_officer_presses_the_button_and_the_paper_is_asked_for(live_server, commune, browser):  # noqa: F811
    unit, code = commune
    base = _address(live_server, unit)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, base, "tiep-nhan-du-lieu")
    page.goto(f"{base}/m/onestop/ho-so/{code}/giay-to/")
    form = page.get_by_role("form", name=f"Từ chối dữ liệu khai thác cho {RESIDENCE}")
    form.get_by_label("Lý do dữ liệu không đúng").fill(WHY)
    form.get_by_role("button", name="Từ chối dữ liệu, yêu cầu bản giấy").click()
    page.wait_for_url(re.compile(rf"/m/onestop/ho-so/{re.escape(code)}/giay-to/$"))
    sync_api.expect(page.locator("ul.messages")).to_contain_text("Đã từ chối dữ liệu khai thác")
    row = page.locator("#components tbody tr", has_text=RESIDENCE)
    sync_api.expect(row).to_have_attribute("data-handling", "paper")
    sync_api.expect(row).to_contain_text(WHY)
    assert page.locator("form.reject-data").count() == 0
    with tenant_context(unit):
        assert DossierComponent.objects.get(dossier__code=code, name=RESIDENCE).handling == "paper"
        assert DossierEvent.objects.get(dossier__code=code, action="reject_looked_up_data").reason == WHY
    context.close()
