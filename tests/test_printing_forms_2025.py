"""The form sets are versioned by the day a dossier was received: Circular 01/2018/TT-VPCP's six forms before
15 September 2025, Circular 03/2025/TT-VPCP Appendix I's seven from that day (whatever day it is printed). Each 2025
form renders on one page with its title, its number and source, and its key wording; the register also as Excel."""

import io
from datetime import date, datetime

import pytest
from django_tenants.utils import tenant_context
from onestop_support import HN
from openpyxl import load_workbook
from pypdf import PdfReader
from test_printing_forms import A4_LANDSCAPE, A5, NATIONAL_TITLE, compact, flat, page_size, pdf_text, printing_office
from test_printing_forms import receive_dossier as receive_at

from modules.onestop.services.actions import perform
from modules.printing import pdf
from modules.printing.errors import NOT_APPLICABLE, UNKNOWN_FORM, PrintingError
from modules.printing.forms import form_set_on
from modules.printing.services import render_form, render_register, render_register_xlsx

pytestmark = pytest.mark.skipif(not pdf.available(), reason="Pango is not installed: see docs/modules/printing.md")

FRIDAY_BEFORE = datetime(2025, 9, 12, 9, 0, tzinfo=HN)   # the last working day under the 2018 set
FIRST_DAY = datetime(2025, 9, 15, 9, 0, tzinfo=HN)       # Circular 03/2025 in force (a Monday)
SOURCE = "Phụ lục I, Thông tư 03/2025/TT-VPCP"


def pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def office(unit_a):
    return unit_a, printing_office(unit_a)


@pytest.fixture
def lives(office):
    """Dossiers received on the circular's first day: one supplemented, extended and approved; one refused; one
    stopped."""
    unit, people = office
    done = receive_at(unit, people, at=FIRST_DAY)
    refused = receive_at(unit, people, name="Trần Văn Bình", at=FIRST_DAY)
    stopped = receive_at(unit, people, name="Lê Thị Cúc", at=FIRST_DAY)
    with tenant_context(unit):
        perform(done.code, "start", actor=people["receiving_officer"], at=datetime(2025, 9, 15, 10, tzinfo=HN))
        perform(done.code, "request_supplement", actor=people["specialist"], reason="Hồ sơ thiếu giấy tờ",
                data={"items": ["Hợp đồng thuê địa điểm kinh doanh"]}, at=datetime(2025, 9, 16, 9, tzinfo=HN))
        perform(done.code, "supplement_received", actor=people["receiving_officer"],
                at=datetime(2025, 9, 17, 9, tzinfo=HN))
        perform(done.code, "extend", actor=people["leader"], reason="Cần xác minh thực địa",
                data={"new_due": "2025-09-26"}, at=datetime(2025, 9, 19, 15, tzinfo=HN))
        perform(done.code, "forward", actor=people["specialist"], at=datetime(2025, 9, 22, 9, tzinfo=HN))
        perform(done.code, "approve", actor=people["leader"], at=datetime(2025, 9, 23, 9, tzinfo=HN))
        perform(refused.code, "refuse", actor=people["leader"], reason="Ngành nghề thuộc danh mục cấm",
                at=datetime(2025, 9, 15, 11, tzinfo=HN))
        perform(stopped.code, "stop", actor=people["leader"], reason="Đã quá 30 ngày kể từ ngày yêu cầu",
                data={"stop_reason": "no_supplement"}, at=datetime(2025, 9, 18, 10, tzinfo=HN))
    return unit, {"done": done, "refused": refused, "stopped": stopped}


def test_the_set_in_force_follows_the_day():
    assert form_set_on(date(2025, 9, 14)).circular == "01/2018/TT-VPCP"
    assert form_set_on(date(2025, 9, 15)).circular == "03/2025/TT-VPCP"
    assert form_set_on(date(2017, 1, 1)).circular == "01/2018/TT-VPCP"  # before every set: the oldest


@pytest.mark.parametrize("form_no, which, phrases", [
    ("01", "done", ["Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Thời gian nhận hồ sơ", "Người tiếp nhận hồ sơ"]),
    ("02", "done", ["Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Hợp đồng thuê địa điểm kinh doanh"]),
    ("03", "refused", ["Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Ngành nghề thuộc danh mục cấm"]),
    ("04", "done", ["Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", "đề nghị ông/bà đồng ý gia hạn",
                    "Cần xác minh thực địa", "ngày 26 tháng 9 năm 2025"]),
    ("05", "stopped", ["Thông báo dừng giải quyết hồ sơ", "thông báo dừng giải quyết hồ sơ nêu trên",
                       "kể từ ngày 18 tháng 9 năm 2025",
                       "Quá thời hạn mà tổ chức, cá nhân không bổ sung, hoàn thiện hồ sơ theo yêu cầu",
                       "Đã quá 30 ngày kể từ ngày yêu cầu", "Thủ trưởng cơ quan"]),
    ("06", "done", ["Phiếu kiểm soát quá trình giải quyết hồ sơ", "Người giao", "Người nhận"]),
])
def test_each_2025_form_renders_on_one_page_with_its_wording(lives, form_no, which, phrases):
    unit, dossiers = lives
    dossier = dossiers[which]
    with tenant_context(unit):
        content = render_form(form_no, dossier.code)
    assert page_size(content) == A5 and pages(content) == 1
    found = flat(pdf_text(content))
    for phrase in [NATIONAL_TITLE, f"Mẫu số {form_no}", SOURCE, dossier.applicant_name, *phrases]:
        assert flat(phrase) in found, f"form {form_no}: {phrase!r} not in the PDF"


def test_the_stop_notice_is_only_for_a_stopped_dossier(lives):
    unit, dossiers = lives
    with tenant_context(unit):
        with pytest.raises(PrintingError) as err:
            render_form("05", dossiers["done"].code)
    assert err.value.code == NOT_APPLICABLE


def test_a_dossier_received_before_the_circular_keeps_the_2018_set(office):
    """Printed today (December 2026), a dossier of 12 September 2025 still prints the 2018 forms and numbers."""
    unit, people = office
    old = receive_at(unit, people, at=FRIDAY_BEFORE)
    with tenant_context(unit):
        perform(old.code, "start", actor=people["receiving_officer"], at=datetime(2025, 9, 12, 10, tzinfo=HN))
        perform(old.code, "extend", actor=people["leader"], reason="Cần xác minh thực địa",
                data={"new_due": "2025-09-24"}, at=datetime(2025, 9, 16, 15, tzinfo=HN))
        apology = flat(pdf_text(render_form("04", old.code)))
        control = flat(pdf_text(render_form("05", old.code)))  # 2018: form 05 is the control sheet
        with pytest.raises(PrintingError) as err:
            render_form("06", old.code)                          # 2018: 06 is the register, not a dossier's form
    assert err.value.code == UNKNOWN_FORM
    assert flat("Phiếu xin lỗi và hẹn lại ngày trả kết quả") in apology and flat("Thông tư 03/2025") not in apology
    assert flat("Phiếu kiểm soát quá trình giải quyết hồ sơ") in control


def test_the_2025_register_prints_and_exports_to_excel(lives):
    unit, dossiers = lives
    with tenant_context(unit):
        content = render_register(date(2025, 9, 15), date(2025, 9, 30))
        workbook = render_register_xlsx(date(2025, 9, 15), date(2025, 9, 30))
        old_register = flat(pdf_text(render_register(date(2025, 9, 1), date(2025, 9, 14))))
    assert page_size(content) == A4_LANDSCAPE
    found = flat(pdf_text(content))
    assert flat("Mẫu số 07") in found and flat(SOURCE) in found and flat("Sổ theo dõi hồ sơ") in found
    assert all(d.code in compact(found) for d in dossiers.values())
    assert flat("Mẫu số 07") not in old_register  # a period before the circular: the 2018 register
    sheet = load_workbook(io.BytesIO(workbook)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "SỔ THEO DÕI HỒ SƠ" and "03/2025/TT-VPCP" in rows[2][0]
    assert rows[3][:3] == ("STT", "Mã hồ sơ", "Tên thủ tục hành chính")
    listed = {row[1]: row for row in rows[4:]}
    assert set(listed) == {d.code for d in dossiers.values()}
    assert listed[dossiers["stopped"].code][-1] == "Dừng giải quyết"
    assert listed[dossiers["refused"].code][-1] == "Từ chối"
