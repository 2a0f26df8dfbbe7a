"""Printed forms laid out as the annex draws them: the receipt of a long dossier fits its A5 page with the signatures,
names print family name first, and the control sheet keeps the giver's and receiver's names apart."""

import io
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC
from pypdf import PdfReader
from test_printing_forms import flat, pdf_text, printing_office

from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.printing import pdf
from modules.printing.services import render_form

pytestmark = pytest.mark.skipif(not pdf.available(), reason="Pango is not installed: see docs/modules/printing.md")

# Papers of a household business registration as a counter receives them: long names, originals and copies.
LONG_DOCUMENTS = [
    {"name": "Giấy đề nghị đăng ký hộ kinh doanh theo mẫu quy định tại Phụ lục III-1 ban hành kèm theo Thông tư "
             "số 02/2023/TT-BKHĐT", "originals": 1},
    {"name": "Bản sao Căn cước công dân hoặc Hộ chiếu Việt Nam còn hiệu lực của chủ hộ kinh doanh", "copies": 1},
    {"name": "Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh", "copies": 1},
    {"name": "Bản sao văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh",
     "copies": 1},
    {"name": "Hợp đồng thuê địa điểm kinh doanh hoặc giấy tờ chứng minh quyền sử dụng địa điểm", "originals": 1,
     "copies": 1},
    {"name": "Giấy chứng nhận đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống", "copies": 1},
]


def officer(username: str, family: str, given: str):
    """A member whose family name (Họ, last_name) and given name (Tên, first_name) are typed as the admin asks."""
    user = get_user_model().objects.get(username=username)
    user.last_name, user.first_name = family, given
    user.save(update_fields=["last_name", "first_name"])
    return user


@pytest.fixture
def office(unit_a):
    people = printing_office(unit_a)
    officer(people["receiving_officer"].username, "Nguyễn Thị Phương", "Thảo")
    officer(people["specialist"].username, "Hoàng Trọng", "Nghĩa")
    officer(people["leader"].username, "Phạm Văn", "Quang")
    officer(people["result_officer"].username, "Lê Thị Bích", "Ngọc")
    return unit_a, people


def long_dossier(unit, people):
    with tenant_context(unit):
        return receive(Application(
            PROC, "counter", "Tôn Nữ Hoàng Thị Minh Nguyệt", applicant_phone="0912345678",
            applicant_email="tonnuhoangthiminhnguyet@example.vn", applicant_id_number="046190012345",
            data={"address": "Số 128/14 kiệt 35, đường Nguyễn Sinh Cung, tổ dân phố 12, phường Vỹ Dạ, thành phố Huế, "
                             "tỉnh Thừa Thiên Huế", "documents": LONG_DOCUMENTS, "sets": 1}),
            actor=people["receiving_officer"], received_at=datetime(2026, 12, 7, 9, 0, tzinfo=HN))


def test_the_receipt_of_a_long_dossier_fits_one_a5_page_with_its_signatures(office):
    unit, people = office
    dossier = long_dossier(unit, people)
    with tenant_context(unit):
        content = render_form("01", dossier.code)
    pages = PdfReader(io.BytesIO(content)).pages
    found = flat(pdf_text(content))
    assert len(pages) == 1, f"{len(pages)} pages"
    for phrase in ["Người nộp hồ sơ", "Người tiếp nhận hồ sơ", "Tôn Nữ Hoàng Thị Minh Nguyệt",
                   LONG_DOCUMENTS[-1]["name"]]:
        assert flat(phrase) in found, phrase



def test_names_print_family_name_first(office):
    unit, people = office
    dossier = long_dossier(unit, people)
    clerk = get_user_model().objects.get(pk=people["receiving_officer"].pk)
    assert clerk.get_full_name() == "Nguyễn Thị Phương Thảo"  # the API's fullName reads the same
    with tenant_context(unit):
        found = flat(pdf_text(render_form("01", dossier.code)))
    assert flat("Nguyễn Thị Phương Thảo") in found and flat("Thảo Nguyễn") not in found


def test_the_control_sheet_keeps_each_persons_name_apart(office):
    unit, people = office
    dossier = long_dossier(unit, people)
    with tenant_context(unit):
        perform(dossier.code, "start", actor=people["receiving_officer"], at=datetime(2026, 12, 7, 10, tzinfo=HN))
        perform(dossier.code, "forward", actor=people["specialist"], at=datetime(2026, 12, 8, 9, tzinfo=HN))
        perform(dossier.code, "approve", actor=people["leader"], at=datetime(2026, 12, 9, 9, tzinfo=HN))
        perform(dossier.code, "return_result", actor=people["result_officer"], at=datetime(2026, 12, 9, 15, tzinfo=HN))
        content = render_form("06", dossier.code)
    extracted = pdf_text(content)
    names = ["Nguyễn Thị Phương Thảo", "Hoàng Trọng Nghĩa", "Phạm Văn Quang", "Lê Thị Bích Ngọc"]
    # Each hand-over names who gave and who received, each after its own label ...
    found = flat(extracted)
    for giver, receiver in [(names[1], names[2]), (names[2], names[3])]:
        assert flat(f"Người giao {giver} Người nhận {receiver}") in found, (giver, receiver)
    # ... and no printed line holds two people's names, which would read as one long name.
    for line in extracted.splitlines():
        assert sum(name.split()[-1] in line.split() for name in names) <= 1, line
