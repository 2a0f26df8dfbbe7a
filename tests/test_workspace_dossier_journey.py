"""One dossier's whole way through the one-stop screens, in a real browser: Playwright driving Debian's Chromium
(scripts/install-chromium.sh; never a downloaded browser) against the live server, each unit on its own address
(u-<code>.localhost), each person in a browser of their own, signed in through the sign-in form.

The commune's process (inter-level, "liên thông"): the specialist appraises, the leader confirms, the specialist sends
the dossier to the district that decides (the step's hand-over unit) and, with its result back, submits it to the
leader.

1. The commune's receiving officer receives it at the counter with the keyboard only (every control reached with Tab):
   the procedure, the component handed in and its scan (Circular 03/2025 Art. 5), who submits; prints the receipt
   and appointment (form 01: the link answers a PDF) and starts its processing.
2. Each step is done by the person whose role it names, who finds the dossier in the queue "waiting for me" and takes
   the step with the dossier page's button; nobody else is offered it. The third step sends it to the district.
3. The message between the units is delivered (the delivery task, run here) and the district's receiving officer, on
   the district's address, finds the dossier in their queue and accepts it (starts its processing there); the
   district's specialist and leader take its own steps; each report comes back to the commune.
4. With the district's result the dossier is the commune's again: its specialist submits it, its leader approves, its
   result officer hands the result over and prints the processing control sheet (form 06).
"""

import re

import pytest
from api_support import add_member
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django_tenants.utils import tenant_context
from onestop_support import PROC, open_office
from playwright import sync_api
from test_workspace_browser import PASSWORD, _address, _fetch, _sign_in, browser  # noqa: F401 - fixture

from core.modules.services import enable
from modules.onestop.models import Dossier
from modules.onestop.services.plans import forget_plans
from modules.procedures.services import adopt_procedure
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The commune's part of an inter-level procedure: its third step hands the dossier over to the district above, whose
# result comes back to that step's specialist, who submits it to the leader.
COMMUNE_STEPS = [{"name": "Thẩm định hồ sơ", "role": "specialist", "days": 1},
                 {"name": "Ký xác nhận", "role": "leader", "hours": 4},
                 {"name": "Chuyển UBND huyện giải quyết", "role": "specialist", "days": 1, "handover_kind": "district"},
                 {"name": "Ký duyệt kết quả", "role": "leader", "hours": 4}]


@pytest.fixture
def units(make_committed_unit, monkeypatch):
    """A district and one of its communes (committed, for the live server's thread), both open for dossiers, and
    their people, one role each, with passwords."""
    forget_plans()
    district = make_committed_unit("951", "Huyện Liên Thông", kind="district")
    commune = make_committed_unit("95101", "Xã Liên Thông", parent="951")
    open_office(commune, people_suffix="lt-c")
    open_office(district, people_suffix="lt-d", catalogue=False)
    adopt_procedure(commune, PROC, COMMUNE_STEPS)
    enable(commune, "printing")
    people = {
        "receiving_officer": ("tiep-nhan-xa", "Nguyễn Thị", "Lan"), "specialist": ("chuyen-vien-xa", "Trần Văn", "Bình"),
        "leader": ("lanh-dao-xa", "Phạm Văn", "Cường"), "result_officer": ("tra-ket-qua-xa", "Đỗ Thị", "Mai")}
    for role, (username, last_name, first_name) in people.items():
        add_member(commune, username, roles=(role,), password=PASSWORD, first_name=first_name, last_name=last_name)
    for role, username in (("receiving_officer", "tiep-nhan-huyen"), ("specialist", "chuyen-vien-huyen"),
                           ("leader", "lanh-dao-huyen")):
        add_member(district, username, roles=(role,), password=PASSWORD)
    forget_plans()  # the commune's process was just changed
    # Playwright's synchronous API keeps an event loop in this thread; the test's own database reads are plain
    # synchronous calls between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield {"commune": commune, "district": district}
    forget_plans()


class Desk:
    """One person's browser, signed in on one unit's address."""

    def __init__(self, chromium, base: str, username: str):
        self.base = base
        self.context = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        _sign_in(self.page, base, username)

    def open_from_my_queue(self, code: str) -> None:
        """The workspace's menu, the queue of the dossiers waiting for me, the dossier's link."""
        self.page.goto(self.base + "/lam-viec/")
        self.page.get_by_role("navigation").get_by_role("link", name="Hàng việc hồ sơ").click()
        self.page.get_by_role("link", name="Chờ tôi xử lý", exact=True).click()
        self.page.locator("#queue").get_by_role("link", name=code, exact=True).click()
        self.page.wait_for_url(re.compile(rf"/m/onestop/ho-so/{re.escape(code)}/$"))

    def press(self, label: str) -> None:
        self.page.get_by_role("button", name=label, exact=True).click()
        sync_api.expect(self.page.locator("ul.messages")).to_contain_text(f"Đã thực hiện: {label}")

    def buttons(self) -> set[str]:
        """The actions the dossier page offers this person (its buttons)."""
        return set(self.page.locator("section[aria-labelledby=acts] button[data-action]")
                   .evaluate_all("buttons => buttons.map(b => b.dataset.action)"))

    def close(self) -> None:
        self.context.close()


def _deliver(sender, receiver_code: str) -> list[str]:
    """The delivery task of the messages `sender` wrote to `receiver_code`, run here."""
    with tenant_context(sender):
        waiting = [str(pk) for pk in OutboxMessage.objects.filter(receiver_code=receiver_code, delivered_at=None)
                   .values_list("pk", flat=True)]
    return [messaging.deliver(sender.schema_name, pk) for pk in waiting]


def _tab_to(page, target: sync_api.Locator, presses: int = 80) -> None:
    """Press Tab until `target` has the keyboard's focus, as a person without a mouse would; fails when it never does."""
    for _ in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reaches {target}")


def _pdf(page, base: str, form: str) -> dict:
    """What the link of a printed form on the dossier page answers (its status, type and first bytes)."""
    return _fetch(page, base + page.get_by_role("link", name=re.compile(form)).get_attribute("href"))


def _current_step(page) -> sync_api.Locator:
    return page.locator('[aria-current="step"]')


def test_a_dossier_from_the_counter_through_every_step_to_the_district_and_its_receipt(live_server, units, browser):  # noqa: F811
    commune, district = units["commune"], units["district"]
    at_commune, at_district = _address(live_server, commune), _address(live_server, district)

    # 1. The counter, with the keyboard only: every control reached with Tab from the workspace's home.
    clerk = Desk(browser, at_commune, "tiep-nhan-xa")
    page = clerk.page
    _tab_to(page, page.locator("#main").get_by_role("link", name="Tiếp nhận hồ sơ"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/m/onestop/tiep-nhan/$"))
    _tab_to(page, page.get_by_label("Thủ tục"))
    page.keyboard.press("ArrowDown")  # the first procedure the unit offers
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Chọn thủ tục"
    page.wait_for_selector("form#receive")
    first_box = page.locator("form#receive input[type=checkbox]").first
    _tab_to(page, first_box)
    page.keyboard.press("Space")
    assert first_box.is_checked()
    # Its scan (Circular 03/2025 Art. 5): the file field opens the operating system's file dialog, which a test
    # cannot drive; Playwright answers it with the file.
    _tab_to(page, page.locator("form#receive input[name='scan-0']"))
    with page.expect_file_chooser() as dialog:
        page.keyboard.press("Space")
    dialog.value.set_files(files=[{"name": "don.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    _tab_to(page, page.get_by_label("Họ và tên người nộp"))
    page.keyboard.type("Lê Thị Hoa")
    page.keyboard.press("Tab")
    page.keyboard.type("0912345678")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/m/onestop/ho-so/[^/]+/$"))
    code = page.url.rstrip("/").rsplit("/", 1)[1]
    sync_api.expect(page.locator("#status")).to_have_text("Đã tiếp nhận")
    # The receipt and appointment (form 01) handed to the applicant, printed from the printing module.
    assert _pdf(page, at_commune, "Mẫu 01") == {"status": 200, "type": "application/pdf", "head": "%PDF-"}
    assert "forward" not in clerk.buttons() and "transfer" not in clerk.buttons()
    clerk.press("Chuyển xử lý")
    sync_api.expect(page.locator("#status")).to_have_text("Đang xử lý")
    sync_api.expect(_current_step(page)).to_contain_text("Thẩm định hồ sơ")

    # 2. Every step by the person whose role it names.
    specialist = Desk(browser, at_commune, "chuyen-vien-xa")
    specialist.open_from_my_queue(code)
    assert "approve" not in specialist.buttons()
    specialist.press("Chuyển bước tiếp theo")
    sync_api.expect(_current_step(specialist.page)).to_contain_text("Ký xác nhận")
    specialist.page.reload()
    assert "forward" not in specialist.buttons()  # the leader's step now

    leader = Desk(browser, at_commune, "lanh-dao-xa")
    leader.open_from_my_queue(code)
    leader.press("Chuyển bước tiếp theo")
    sync_api.expect(_current_step(leader.page)).to_contain_text("Chuyển UBND huyện giải quyết")
    leader.close()

    specialist.open_from_my_queue(code)
    page = specialist.page
    page.get_by_text("Chuyển liên thông", exact=True).first.click()  # opens the <details>
    assert page.get_by_label("Mã đơn vị nhận").input_value() == ""  # blank: the step's hand-over unit, the district
    page.get_by_label("Lý do chuyển").fill("Thuộc thẩm quyền giải quyết của UBND huyện")
    page.locator("form#transfer button").click()
    sync_api.expect(page.locator("#status")).to_have_text("Đã chuyển liên thông")
    sync_api.expect(page.locator("main")).to_contain_text(district.code)  # where it is now
    specialist.close()

    # 3. The district accepts it.
    assert _deliver(commune, district.code) == ["delivered"]
    officer = Desk(browser, at_district, "tiep-nhan-huyen")
    officer.open_from_my_queue(code)
    page = officer.page
    sync_api.expect(page.locator("#status")).to_have_text("Đã tiếp nhận")
    history = page.locator("section[aria-labelledby=history]")
    sync_api.expect(history).to_contain_text("Nhận hồ sơ liên thông")  # in words, not the action's code
    sync_api.expect(history).not_to_contain_text("receive_transfer")
    sync_api.expect(page.locator("main")).to_contain_text("Thuộc thẩm quyền giải quyết của UBND huyện")
    officer.press("Chuyển xử lý")
    sync_api.expect(page.locator("#status")).to_have_text("Đang xử lý")
    sync_api.expect(_current_step(page)).to_contain_text("Thẩm định")  # the district's own process
    officer.close()
    assert _deliver(district, commune.code) == ["delivered"]  # its report to the commune
    with tenant_context(commune):
        sent = Dossier.objects.get(code=code)
        assert (sent.status, sent.holder_unit_code, sent.remote_status) == ("transferred", district.code, "in_process")

    # The district's own steps, by its own people; its result goes back to the commune.
    district_specialist = Desk(browser, at_district, "chuyen-vien-huyen")
    district_specialist.open_from_my_queue(code)
    district_specialist.press("Chuyển bước tiếp theo")
    sync_api.expect(_current_step(district_specialist.page)).to_contain_text("Ký duyệt")
    district_specialist.close()
    district_leader = Desk(browser, at_district, "lanh-dao-huyen")
    district_leader.open_from_my_queue(code)
    district_leader.press("Duyệt, có kết quả")
    sync_api.expect(district_leader.page.locator("#status")).to_have_text("Có kết quả")
    district_leader.close()
    assert _deliver(district, commune.code) == ["delivered"]

    # 4. Back at the commune: the specialist submits the district's result, the leader approves it, the result officer
    # hands it over and prints the processing control sheet (form 06), every step on it.
    specialist = Desk(browser, at_commune, "chuyen-vien-xa")
    specialist.open_from_my_queue(code)
    sync_api.expect(specialist.page.locator("#status")).to_have_text("Đang xử lý")
    specialist.press("Chuyển bước tiếp theo")
    sync_api.expect(_current_step(specialist.page)).to_contain_text("Ký duyệt kết quả")
    specialist.close()
    leader = Desk(browser, at_commune, "lanh-dao-xa")
    leader.open_from_my_queue(code)
    leader.press("Duyệt, có kết quả")
    leader.close()
    clerk.close()
    result_officer = Desk(browser, at_commune, "tra-ket-qua-xa")
    result_officer.open_from_my_queue(code)
    page = result_officer.page
    sync_api.expect(page.locator("#status")).to_have_text("Có kết quả")
    result_officer.press("Trả kết quả")
    sync_api.expect(page.locator("#status")).to_have_text("Đã trả kết quả")
    steps = page.locator("section[aria-labelledby=steps] li")
    assert steps.count() == len(COMMUNE_STEPS)
    for n in range(len(COMMUNE_STEPS)):  # every step of the commune's process done
        sync_api.expect(steps.nth(n)).to_contain_text("Xong")
    assert _pdf(page, at_commune, "Mẫu 06") == {"status": 200, "type": "application/pdf", "head": "%PDF-"}
    result_officer.close()
