"""Printed forms (dossiers received from 15 September 2025: the set of Circular 03/2025/TT-VPCP; the 2018 set and the
2025 wording are tested in test_printing_forms_2025.py): every form renders for a real dossier with its Vietnamese text, the
receipt's QR code decodes to the look-up address, the register lists a period's dossiers on A4 landscape."""

import io
import unicodedata
from datetime import date, datetime

import pytest
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, open_office
from pypdf import PdfReader

from core.modules.services import enable, set_settings
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.printing import pdf, text
from modules.printing.errors import INVALID_PERIOD, NOT_APPLICABLE, NOT_FOUND, UNKNOWN_FORM, PrintingError
from modules.printing.qr import qr_code
from modules.printing.services import render_form, render_register
from modules.tracking.services import lookup_url

pytestmark = pytest.mark.skipif(not pdf.available(), reason="Pango is not installed: see docs/modules/printing.md")

APPLICANT = "Nguyễn Thị Hường"
A5 = (419.53, 595.28)             # points
A4_LANDSCAPE = (841.89, 595.28)
RECEIVED = datetime(2026, 12, 7, 9, 0, tzinfo=HN)  # a Monday
NATIONAL_TITLE = "Cộng hòa xã hội chủ nghĩa Việt Nam"


# --- Helpers, also used by tests/test_printing_access.py ---

def printing_office(unit) -> dict:
    """The unit open for dossiers (onestop_support.open_office) with printing enabled; {role: member}."""
    people = open_office(unit)
    enable(unit, "printing")
    return people


def receive_dossier(unit, people, name: str = APPLICANT, at: datetime = RECEIVED):
    with tenant_context(unit):
        return receive(Application(PROC, "counter", name, applicant_phone="0912345678", data={
            "address": "Số 12, đường Lê Lợi, phường Trường Thi", "documents": [
                {"name": "Giấy đề nghị đăng ký hộ kinh doanh", "originals": 1},
                {"name": "Bản sao Căn cước công dân của chủ hộ", "copies": 1}]}),
            actor=people["receiving_officer"], received_at=at)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def flat(value: str) -> str:
    """Case and line breaks set aside, for looking phrases up in extracted text."""
    return " ".join(value.split()).casefold()


def compact(value: str) -> str:
    """Without any white space: a code wrapped in a narrow column reads whole again."""
    return "".join(value.split())


def page_size(content: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


@pytest.fixture
def office(unit_a):
    return unit_a, printing_office(unit_a)


@pytest.fixture
def life(office):
    """Two dossiers: one supplemented, given a new appointment, approved and returned; one refused."""
    unit, people = office
    done = receive_dossier(unit, people)
    refused = receive_dossier(unit, people, name="Trần Văn Bình")
    with tenant_context(unit):
        perform(done.code, "start", actor=people["receiving_officer"], at=datetime(2026, 12, 7, 10, tzinfo=HN))
        perform(done.code, "request_supplement", actor=people["specialist"], reason="Hồ sơ thiếu giấy tờ",
                data={"items": ["Hợp đồng thuê địa điểm kinh doanh", "Bản sao giấy chứng nhận quyền sử dụng đất"]},
                at=datetime(2026, 12, 8, 9, tzinfo=HN))
        perform(done.code, "supplement_received", actor=people["receiving_officer"],
                at=datetime(2026, 12, 9, 9, tzinfo=HN))
        perform(done.code, "extend", actor=people["leader"], reason="Cần xác minh thực địa địa điểm kinh doanh",
                data={"new_due": "2026-12-18"}, at=datetime(2026, 12, 11, 15, tzinfo=HN))
        perform(done.code, "forward", actor=people["specialist"], at=datetime(2026, 12, 15, 9, tzinfo=HN))
        perform(done.code, "approve", actor=people["leader"], at=datetime(2026, 12, 16, 9, tzinfo=HN))
        perform(done.code, "return_result", actor=people["result_officer"], at=datetime(2026, 12, 17, 9, tzinfo=HN))
        perform(refused.code, "refuse", actor=people["leader"], reason="Ngành nghề đăng ký thuộc danh mục cấm kinh doanh",
                at=datetime(2026, 12, 7, 11, tzinfo=HN))
    return unit, people, done, refused


# --- Dates the Vietnamese way ---

def test_dates_are_written_the_vietnamese_way():
    assert text.long_date(date(2026, 11, 21)) == "ngày 21 tháng 11 năm 2026"
    assert text.long_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"   # day < 10, January and February: 0
    assert text.long_date(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert text.long_datetime(datetime(2026, 12, 7, 2, 5, tzinfo=HN)) == "2 giờ 05 phút, ngày 07 tháng 12 năm 2026"
    assert text.number(3) == "3" and text.number("0.500") == "0,5"
    assert text.place_of("Xã Thử Nghiệm A") == "Thử Nghiệm A" and text.place_of("Sở Tư pháp") == "Sở Tư pháp"


# --- Every form ---

@pytest.mark.parametrize("form_no, which, phrases", [
    ("01", "done", ["Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Tiếp nhận hồ sơ của", "Giấy đề nghị đăng ký hộ kinh doanh",
                    "Thời gian nhận hồ sơ: 9 giờ 00 phút, ngày 07 tháng 12 năm 2026", "3 ngày làm việc",
                    "Người nộp hồ sơ", "Người tiếp nhận hồ sơ"]),
    ("02", "done", ["Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Hợp đồng thuê địa điểm kinh doanh",
                    "Lý do: Hồ sơ thiếu giấy tờ", "ngày 08 tháng 12 năm 2026", "Người hướng dẫn"]),
    ("03", "refused", ["Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Ngành nghề đăng ký thuộc danh mục cấm kinh doanh",
                       "Trần Văn Bình"]),
    ("04", "done", ["Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", "Cần xác minh thực địa địa điểm kinh doanh",
                    "ngày 18 tháng 12 năm 2026", "Thủ trưởng cơ quan"]),
    ("06", "done", ["Phiếu kiểm soát quá trình giải quyết hồ sơ", "Thẩm định", "Ký duyệt", "Trước hạn",
                    "Người giao", "Người nhận", "Tổ chức, cá nhân"]),
])
def test_every_form_renders_for_a_real_dossier(life, form_no, which, phrases):
    unit, _people, done, refused = life
    dossier = done if which == "done" else refused
    with tenant_context(unit):
        content = render_form(form_no, dossier.code)
    assert content.startswith(b"%PDF-")
    assert page_size(content) == A5  # the annex prints the forms of a dossier on A5
    found = flat(pdf_text(content))
    for phrase in [NATIONAL_TITLE, "Độc lập - Tự do - Hạnh phúc", "Xã Thử Nghiệm A", "Bộ phận Tiếp nhận và Trả kết quả",
                   dossier.applicant_name, dossier.code, *phrases]:
        assert flat(phrase) in found, f"form {form_no}: {phrase!r} not in the PDF"


def test_the_shipped_fonts_are_embedded_and_nothing_else_is_fetched():
    content = pdf.html_to_pdf('<p>Nguyễn Thị Hường <b>đậm</b> <i>nghiêng</i></p>'
                              '<img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x.png">')
    page = PdfReader(io.BytesIO(content)).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in page["/Resources"]["/Font"].values()}
    assert fonts == {"Noto-Serif-Egov", "Noto-Serif-Egov-Bold", "Noto-Serif-Egov-Italic"}
    assert len(page.images) == 0 and "Nguyễn Thị Hường" in pdf_text(content)


def test_the_unit_may_print_on_a4_with_its_own_names(life):
    unit, _people, done, _refused = life
    set_settings(unit, "printing", {"paper_size": "A4", "agency_name": "Ủy ban nhân dân xã Thử Nghiệm A",
                                    "place_name": "Thử Nghiệm"})
    with tenant_context(unit):
        content = render_form("01", done.code)
    assert page_size(content) == (595.28, 841.89)
    found = flat(pdf_text(content))
    assert flat("Ủy ban nhân dân xã Thử Nghiệm A") in found
    assert flat("Thử Nghiệm, ngày 07 tháng 12 năm 2026") in found


def test_text_typed_in_decomposed_form_prints_as_letters(office):
    unit, people = office
    typed = unicodedata.normalize("NFD", "Phạm Thị Ngọc Ánh")
    dossier = receive_dossier(unit, people, name=typed)
    with tenant_context(unit):
        found = pdf_text(render_form("01", dossier.code))
    assert "Phạm Thị Ngọc Ánh" in found


def test_forms_that_do_not_apply_to_the_dossier_say_why(office):
    unit, people = office
    fresh = receive_dossier(unit, people)
    with tenant_context(unit):
        for form_no in ("02", "03", "04", "05"):
            with pytest.raises(PrintingError) as err:
                render_form(form_no, fresh.code)
            assert err.value.code == NOT_APPLICABLE, form_no
        for form_no in ("00", "07", "08"):
            with pytest.raises(PrintingError) as err:
                render_form(form_no, fresh.code)
            assert err.value.code == UNKNOWN_FORM
        with pytest.raises(PrintingError) as err:
            render_form("01", "91001-261207-9999")
        assert err.value.code == NOT_FOUND


# --- The QR code of the receipt ---

def _embedded_images(content: bytes):
    reader = PdfReader(io.BytesIO(content))
    return [image.image for page in reader.pages for image in page.images]


def _decoded_qr(content: bytes) -> list[str]:
    import zxingcpp

    images = _embedded_images(content)
    assert len(images) == 1
    image = images[0].convert("L")
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_receipt_qr_code_decodes_to_the_lookup_address(office, settings):
    settings.EGOV_PUBLIC_URL = "https://dichvucong.example.gov.vn/"
    unit, people = office
    dossier = receive_dossier(unit, people)
    with tenant_context(unit):
        content = render_form("01", dossier.code)
    images = _embedded_images(content)
    assert len(images) == 1
    image = images[0].convert("L")
    expected = f"https://dichvucong.example.gov.vn/tra-cuu/?ma={dossier.code}"
    assert _decoded_qr(content) == [expected] == [lookup_url(dossier.code, unit)]
    # And module for module, the matrix in the PDF is the one of that address.
    code = qr_code(expected)
    modules, border = len(code.matrix), 4
    scale = image.width // (modules + 2 * border)
    assert image.width == image.height == (modules + 2 * border) * scale
    seen = [[image.getpixel(((border + x) * scale + scale // 2, (border + y) * scale + scale // 2)) < 128
             for x in range(modules)] for y in range(modules)]
    assert seen == [[bool(v) for v in row] for row in code.matrix]


def test_the_receipt_qr_code_carries_the_units_own_lookup_address(office, settings):
    settings.EGOV_PUBLIC_URL = "https://dichvucong.example.gov.vn"
    unit, people = office
    enable(unit, "tracking", {"lookup_url": "https://motcua.xathunghiem.gov.vn/tra-cuu?ho-so={code}"})
    dossier = receive_dossier(unit, people)
    with tenant_context(unit):
        content = render_form("01", dossier.code)
    assert _decoded_qr(content) == [f"https://motcua.xathunghiem.gov.vn/tra-cuu?ho-so={dossier.code}"]


def test_the_receipt_qr_code_follows_the_configuration_not_a_development_port(office, settings):
    settings.EGOV_PUBLIC_URL = ""
    settings.PLATFORM_HOSTS = ["dichvucong.nghean.gov.vn", "localhost"]
    unit, people = office
    dossier = receive_dossier(unit, people)
    with tenant_context(unit):
        content = render_form("01", dossier.code)
    assert _decoded_qr(content) == [f"http://dichvucong.nghean.gov.vn/tra-cuu/?ma={dossier.code}"]


def test_the_lookup_address_keeps_a_query_the_units_address_has(office):
    unit, _people = office
    enable(unit, "tracking", {"lookup_url": "https://dvc.example.vn/tra-cuu/?lang=vi"})
    assert lookup_url("H40.1-261207-0001", unit) == "https://dvc.example.vn/tra-cuu/?lang=vi&ma=H40.1-261207-0001"


# --- The register ---

def test_the_register_lists_the_periods_dossiers_on_a4_landscape(life):
    unit, people, done, refused = life
    later = receive_dossier(unit, people, name="Lê Văn Cường", at=datetime(2027, 1, 4, 9, tzinfo=HN))
    with tenant_context(unit):
        content = render_register(date(2026, 12, 1), date(2026, 12, 31))
    assert page_size(content) == A4_LANDSCAPE
    found = flat(pdf_text(content))
    for phrase in [NATIONAL_TITLE, "Sổ theo dõi hồ sơ", "Từ ngày 01 tháng 12 năm 2026 đến ngày 31 tháng 12 năm 2026",
                   "Mã hồ sơ", "Hẹn trả kết quả", APPLICANT, "Trần Văn Bình", "07/12/2026", "17/12/2026", "Từ chối"]:
        assert flat(phrase) in found, phrase
    assert done.code in compact(found) and refused.code in compact(found)
    assert later.code not in compact(found) and flat("Lê Văn Cường") not in found


def test_a_long_register_breaks_across_pages_with_its_header_repeated(office):
    unit, people = office
    for i in range(40):
        receive_dossier(unit, people, name=f"Người nộp số {i + 1}")
    with tenant_context(unit):
        content = render_register(date(2026, 12, 7), date(2026, 12, 7))
    pages = PdfReader(io.BytesIO(content)).pages
    assert len(pages) > 1
    assert all(flat("Tên thủ tục hành chính") in flat(p.extract_text()) for p in pages)
    assert flat(f"Trang {len(pages)}/{len(pages)}") in flat(pages[-1].extract_text())


def test_the_register_refuses_a_bad_period(office):
    unit, _people = office
    with tenant_context(unit):
        for date_from, date_to in [(date(2026, 12, 2), date(2026, 12, 1)), (date(2025, 1, 1), date(2026, 12, 31))]:
            with pytest.raises(PrintingError) as err:
                render_register(date_from, date_to)
            assert err.value.code == INVALID_PERIOD


def test_a_unit_prints_only_its_own_dossiers(office, unit_b):
    unit, people = office
    dossier = receive_dossier(unit, people)
    printing_office(unit_b)
    with tenant_context(unit_b):
        with pytest.raises(PrintingError) as err:
            render_form("01", dossier.code)
        assert err.value.code == NOT_FOUND
        assert dossier.code not in compact(pdf_text(render_register(date(2026, 12, 1), date(2026, 12, 31))))
