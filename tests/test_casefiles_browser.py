"""The archivist's screens in a real browser: Playwright driving Debian's Chromium against the live server, with a
committed unit on its own address (as tests/test_documents_browser.py). The archivist adds a file to the year's
plan, opens it, puts a document in by its number typed without tone marks, closes it and transfers it to the
current archive; the files page shows a deadline 30 days ahead; the pages have no serious accessibility violation
(axe-core) at 1280 px and on a phone; a member of another unit sees none of it."""

from datetime import date, timedelta

import pytest
from accessibility import serious_violations
from api_support import add_member
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django_tenants.utils import tenant_context
from documents_support import incoming_meta
from playwright import sync_api
from test_workspace_browser import PASSWORD, _address, _sign_in, browser  # noqa: F401 - fixture

from core.modules.services import enable
from modules.casefiles import services as casefiles
from modules.casefiles.models import CaseFile, FileStatus
from modules.documents.services import actions

CODE = "93211"


@pytest.fixture
def archive(make_committed_unit, monkeypatch):
    unit = make_committed_unit(CODE, "Xã Lưu Trữ", kind="commune")
    for module in ("doctypes", "documents", "casefiles"):
        enable(unit, module)
    people = {"archivist": add_member(unit, "luu-tru", roles=("archivist",), password=PASSWORD, first_name="Cúc",
                                      last_name="Phạm Thị"),
              "clerk": add_member(unit, "van-thu-lt", roles=("clerk",), password=PASSWORD)}
    with tenant_context(unit):
        actions.register_incoming(incoming_meta(41, subject="Về việc kiểm kê tài sản công"), actor=people["clerk"])
        due = actions.register_incoming(incoming_meta(42, subject="Về việc quyết toán"), actor=people["clerk"])
        entry = casefiles.add_plan_entry(2025, "03.01", "Hồ sơ quyết toán 2025", 10)
        soon = casefiles.open_file(entry.pk, actor=people["archivist"])
        casefiles.add_document(soon.pk, due.pk, actor=people["archivist"])
        casefiles.close_file(soon.pk, actor=people["archivist"], work_ended_on=date(2025, 3, 1))
        CaseFile.objects.filter(pk=soon.pk).update(transfer_due_on=date(2026, 11, 20) + timedelta(days=20))
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return {"unit": unit, **people}


def test_the_archivist_plans_fills_closes_and_transfers_a_file(live_server, archive, browser):  # noqa: F811
    base = _address(live_server, archive["unit"])
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, base, "luu-tru")
    page.get_by_role("navigation").get_by_role("link", name="Hồ sơ công việc").click()
    sync_api.expect(page.locator("section", has=page.locator("#due"))).to_contain_text("2025/03.01")
    sync_api.expect(page.locator("section", has=page.locator("#due"))).to_contain_text("còn 20 ngày")
    page.get_by_role("navigation").get_by_role("link", name="Danh mục hồ sơ").click()
    page.get_by_label("Số, ký hiệu hồ sơ").fill("02.01")
    page.get_by_label("Tiêu đề hồ sơ").fill("Hồ sơ kiểm kê tài sản 2026")
    page.get_by_label("Thời hạn bảo quản (năm; để trống là vĩnh viễn)").fill("10")
    page.get_by_role("button", name="Thêm vào danh mục").click()
    sync_api.expect(page.locator("#plan")).to_contain_text("Hồ sơ kiểm kê tài sản 2026")
    page.get_by_role("button", name="Mở hồ sơ").click()
    page.get_by_label("Số, ký hiệu văn bản cần đưa vào hồ sơ").fill("41/qd-ubnd")
    page.get_by_role("button", name="Đưa vào hồ sơ").click()
    sync_api.expect(page.locator("#file-documents")).to_contain_text("kiểm kê tài sản công")
    page.get_by_label("Số tờ").fill("8")
    page.get_by_role("button", name="Kết thúc hồ sơ").click()
    sync_api.expect(page.locator("#file-status")).to_have_text("Đã kết thúc")
    page.get_by_role("navigation").get_by_role("link", name="Nộp lưu vào lưu trữ cơ quan").click()
    page.get_by_label("2025/03.01", exact=False).check()
    page.get_by_label("2026/02.01", exact=False).check()
    page.get_by_role("button", name="Nộp lưu").click()
    sync_api.expect(page.locator("#transfers")).to_contain_text("Lần 1")
    with tenant_context(archive["unit"]):
        numbers = dict(CaseFile.objects.values_list("code", "archive_number"))
        assert numbers == {"03.01": 1, "02.01": 2}  # in the order sent
        assert set(CaseFile.objects.values_list("status", flat=True)) == {FileStatus.TRANSFERRED}
    with page.expect_download() as download:
        page.locator("#transfers").get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == "muc-luc-nop-luu-001.pdf"
    context.close()


def test_the_archivists_pages_have_no_serious_accessibility_violation(live_server, archive, browser):  # noqa: F811
    base = _address(live_server, archive["unit"])
    with tenant_context(archive["unit"]):
        file_id = CaseFile.objects.get(code="03.01").pk
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)  # axe is injected
        page = context.new_page()
        _sign_in(page, base, "luu-tru")
        for path in ("/m/casefiles/", "/m/casefiles/danh-muc/?nam=2025", f"/m/casefiles/ho-so/{file_id}/",
                     "/m/casefiles/nop-luu/"):
            page.goto(base + path)
            assert serious_violations(page) == [], path
        context.close()


def test_a_member_of_another_unit_sees_none_of_the_archive(live_server, archive, browser,  # noqa: F811
                                                          make_committed_unit):
    other = make_committed_unit("93212", "Xã Bên Kia", kind="commune")
    for module in ("doctypes", "documents", "casefiles"):
        enable(other, module)
    add_member(other, "luu-tru-ben-kia", roles=("archivist",), password=PASSWORD)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, _address(live_server, other), "luu-tru-ben-kia")
    for path in ("/m/casefiles/", "/m/casefiles/nop-luu/"):
        answer = page.goto(_address(live_server, archive["unit"]) + path)
        assert answer.status in (302, 403) or "/dang-nhap/" in page.url, path
        assert "Hồ sơ quyết toán 2025" not in page.content()
    page.goto(_address(live_server, other) + "/m/casefiles/")
    assert "Hồ sơ quyết toán 2025" not in page.content()
    context.close()
