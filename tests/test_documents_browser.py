"""The documents screens in a real browser: Playwright driving Debian's Chromium (scripts/install-chromium.sh)
against the live server, with a committed unit on its own address (u-<code>.localhost).

The clerk registers an arriving document with its file and presents it to the leader, then finds it in the
incoming register by typing without tone marks; the leader finds an approved draft in "waiting for me to approve,
sign" and signs it with the development keys (the signatures module's PAdES signer); the main pages have no
serious accessibility violation (axe-core) at 1280 px and on a phone."""

import re

import pytest
from accessibility import serious_violations
from api_support import add_member
from committed import make_committed_unit_fixture, transactional_db_committed  # noqa: F401 - fixtures
from django_tenants.utils import tenant_context
from documents_support import outgoing_meta
from playwright import sync_api
from signatures_support import PASSPHRASE, SIGNER, TsaServer, make_ca, pdf
from test_workspace_browser import PASSWORD, _address, _sign_in, browser  # noqa: F401 - fixture

from core.modules.services import enable
from modules.documents.models import Document, DocumentEvent, Status
from modules.documents.services import actions
from modules.documents.services.inputs import FileInput

CODE = "93201"


@pytest.fixture
def registry(make_committed_unit, monkeypatch, tmp_path):
    """A commune with documents and signatures on (committed, for the live server's thread), its clerk, leader and
    specialist, the leader's and the seal's development keys and a time-stamping authority."""
    unit = make_committed_unit(CODE, "Xã Văn Thư", kind="commune")
    for module in ("doctypes", "documents", "signatures"):
        enable(unit, module)
    people = {
        "clerk": add_member(unit, "van-thu", roles=("clerk",), password=PASSWORD, first_name="Bình",
                            last_name="Trần Thị"),
        "leader": add_member(unit, "lanh-dao", roles=("leader",), password=PASSWORD, first_name="An",
                             last_name="Nguyễn Văn"),
        "specialist": add_member(unit, "chuyen-vien-vb", roles=("specialist",), password=PASSWORD),
    }
    ca = make_ca(tmp_path / "keys", unit=CODE, signers={"lanh-dao": SIGNER})
    with TsaServer(ca) as tsa:
        for name, value in {"EGOV_SIGNING_KEYS_DIR": str(ca.directory), "EGOV_SIGNING_PASSPHRASE": PASSPHRASE,
                            "EGOV_SIGNING_TSA_URL": tsa.url, "EGOV_SIGNING_TRUST_ROOTS": str(ca.directory),
                            "EGOV_SIGNING_FETCH_REVOCATION": "0"}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield {"unit": unit, **people}


def _field(page, label: str):
    """A form field by its label's words (a required one's label ends with a "*")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def _approved(registry) -> Document:
    with tenant_context(registry["unit"]):
        doc = actions.create_outgoing(outgoing_meta(subject="Về việc ban hành quy chế văn thư", signer_name=SIGNER),
                                      actor=registry["specialist"], signing_authority_id=registry["leader"].pk)
        actions.add_version(doc.pk, actor=registry["specialist"], file=FileInput("du-thao.pdf", pdf(),
                                                                                 "application/pdf"))
        actions.submit(doc.pk, actor=registry["specialist"])
        actions.review_content(doc.pk, actor=registry["leader"])
        actions.review_format(doc.pk, actor=registry["clerk"])
        return actions.approve(doc.pk, actor=registry["leader"])


def test_the_clerk_registers_and_finds_a_document_and_the_leader_signs_one(live_server, registry, browser,  # noqa: F811
                                                                           tmp_path):
    base = _address(live_server, registry["unit"])
    scan = tmp_path / "cong-van-den.pdf"
    scan.write_bytes(pdf(signer="Lê Văn Cường"))
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, base, "van-thu")
    page.get_by_role("navigation").get_by_role("link", name="Vào sổ văn bản đến").click()
    _field(page, "Cơ quan ban hành").fill("Sở Tài nguyên và Môi trường")
    _field(page, "Số").fill("215")
    _field(page, "Ký hiệu").fill("STNMT-VP")
    _field(page, "Ngày ban hành").fill("2026-11-19")
    _field(page, "Loại văn bản").select_option("cong_van")
    _field(page, "Trích yếu nội dung").fill("Về việc rà soát đất đai năm 2026")
    page.get_by_label("Độ khẩn").select_option("khan")
    page.get_by_label("Tệp văn bản (bản gốc điện tử hoặc bản quét)").set_input_files(str(scan))
    page.get_by_label("Trình lãnh đạo").select_option(label="Nguyễn Văn An")
    page.get_by_role("button", name="Vào sổ").click()
    page.wait_for_url(re.compile(r"/m/documents/van-ban/\d+/$"))
    sync_api.expect(page.locator("#arrival")).to_contain_text("1 (")
    sync_api.expect(page.locator("#status")).to_have_text("Đã trình lãnh đạo")
    sync_api.expect(page.locator("#file-list")).to_contain_text("cong-van-den.pdf")
    sync_api.expect(page.locator("#file-list [data-verdict]")).to_have_attribute("data-verdict", "unsigned")
    registered = page.url

    # The register: typed without tone marks, the document is found.
    page.get_by_role("navigation").get_by_role("link", name="Sổ văn bản đến", exact=True).click()
    page.get_by_label("Tìm (số, ký hiệu, trích yếu, nội dung; có hoặc không dấu)").fill("ra soat dat dai")
    page.get_by_role("button", name="Lọc").click()
    sync_api.expect(page.locator("#documents")).to_contain_text("215/STNMT-VP")
    page.locator("#documents").get_by_role("link").first.click()
    assert page.url == registered
    context.close()

    # The leader's queue of drafts to approve and sign; signing with the leader's key.
    draft = _approved(registry)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    _sign_in(page, base, "lanh-dao")
    page.goto(f"{base}/m/documents/")
    page.get_by_role("link", name="Chờ tôi duyệt, ký").click()
    page.get_by_role("link", name=re.compile("ban hành quy chế văn thư")).click()
    page.get_by_role("button", name="Ký", exact=True).click()
    sync_api.expect(page.locator("#status")).to_have_text("Đã ký")
    with tenant_context(registry["unit"]):
        signed = DocumentEvent.objects.get(document_id=draft.pk, action="sign")
        assert signed.data["signature"]["method"] == "digital" and signed.data["signature"]["signer"] == SIGNER
        assert Document.objects.get(pk=draft.pk).status == Status.SIGNED
    # The clerk's own page offers no signing (a clerk cannot sign).
    context.close()


def test_the_documents_pages_have_no_serious_accessibility_violation(live_server, registry, browser):  # noqa: F811
    """axe-core's WCAG 2.1 A/AA rules on the queue, the registers, the registration and draft forms, the search
    and a document page, at 1280 px and on a phone."""
    draft = _approved(registry)
    base = _address(live_server, registry["unit"])
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)  # axe is injected
        page = context.new_page()
        _sign_in(page, base, "van-thu")
        for path in ("/m/documents/", "/m/documents/den/", "/m/documents/den/vao-so/", "/m/documents/di/",
                     "/m/documents/di/soan/", "/m/documents/tim-kiem/?q=quy+che", f"/m/documents/van-ban/{draft.pk}/"):
            page.goto(base + path)
            assert serious_violations(page) == [], path
        context.close()


def test_a_member_of_another_unit_sees_none_of_its_documents(live_server, registry, browser,  # noqa: F811
                                                             make_committed_unit):
    other = make_committed_unit("93202", "Xã Bên Cạnh", kind="commune")
    for module in ("doctypes", "documents"):
        enable(other, module)
    add_member(other, "van-thu-ben-canh", roles=("clerk",), password=PASSWORD)
    draft = _approved(registry)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    _sign_in(page, _address(live_server, other), "van-thu-ben-canh")
    for path in ("/m/documents/di/", f"/m/documents/van-ban/{draft.pk}/"):
        answer = page.goto(_address(live_server, registry["unit"]) + path)
        assert answer.status in (302, 403) or "/dang-nhap/" in page.url, path
        assert "quy chế văn thư" not in page.content()
    answer = page.goto(_address(live_server, other) + f"/m/documents/van-ban/{draft.pk}/")
    assert answer.status == 404 and "quy chế văn thư" not in page.content()
    page.goto(_address(live_server, other) + "/m/documents/tim-kiem/?q=quy+che+van+thu")
    sync_api.expect(page.locator("main")).to_contain_text("Không tìm thấy văn bản nào.")
    context.close()
