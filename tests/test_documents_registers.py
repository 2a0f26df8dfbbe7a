"""Registers of Decree 30 Appendix IV for any period, as PDF and Excel, through the service and `egov documents`."""

import io
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context
from documents_support import HN, incoming_meta, issue_one, open_registry
from openpyxl import load_workbook

from modules.documents.services import actions
from modules.documents.services.errors import DocumentsError
from modules.documents.services.registers import register, register_pdf, register_xlsx


@pytest.fixture
def office(unit_a):
    people = open_registry(unit_a)
    with tenant_context(unit_a):
        issue_one(people, at=datetime(2026, 11, 2, 9, 0, tzinfo=HN))
        issue_one(people, at=datetime(2026, 11, 19, 9, 0, tzinfo=HN))
        issue_one(people, at=datetime(2026, 12, 1, 9, 0, tzinfo=HN))
        actions.register_incoming(incoming_meta(7), actor=people["clerk"], at=datetime(2026, 11, 3, 8, 0, tzinfo=HN))
    return unit_a


def test_the_outgoing_register_of_a_period_in_number_order(office):
    with tenant_context(office):
        reg = register("outgoing", date(2026, 11, 1), date(2026, 11, 30))
        assert [row[0] for row in reg.rows] == ["01/QĐ-91001", "02/QĐ-91001"]
        assert reg.rows[0][1] == "02/11/2026" and reg.rows[0][2].startswith("Quyết định (cá biệt): ")
        assert reg.columns[0] == "Số, ký hiệu văn bản" and len(reg.columns) == 10
        incoming = register("incoming", date(2026, 11, 1), date(2026, 11, 30))
        assert incoming.rows[0][:4] == ("03/11/2026", "1", "UBND tỉnh Nghệ An", "07/QĐ-UBND")
        with pytest.raises(DocumentsError):
            register("outgoing", date(2026, 12, 1), date(2026, 11, 1))


def test_the_register_as_excel_and_pdf(office):
    with tenant_context(office):
        reg = register("outgoing", date(2026, 11, 1), date(2026, 12, 31))
        sheet = load_workbook(io.BytesIO(register_xlsx(reg))).active
        assert sheet["A2"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI" and sheet["A5"].value == "Số, ký hiệu văn bản"
        assert [sheet.cell(row=r, column=1).value for r in (7, 8, 9)] == ["01/QĐ-91001", "02/QĐ-91001", "03/QĐ-91001"]
        pdf = register_pdf(reg)
    assert pdf.startswith(b"%PDF-")


def test_egov_documents_register_writes_the_file(office, tmp_path):
    out = tmp_path / "so-den.xlsx"
    stdout = io.StringIO()
    call_command("documents", "register", "--unit", office.code, "--direction", "incoming", "--from", "2026-11-01",
                 "--to", "2026-11-30", "--format", "xlsx", "--out", str(out), stdout=stdout)
    assert "1 văn bản" in stdout.getvalue()
    assert load_workbook(out).active["A2"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"


def test_document_types_are_versioned_and_extensible(db):
    from modules.doctypes.services import add_type, get_type, types_in_force

    assert get_type("quyet_dinh").abbreviation == "QĐ" and get_type("cong_van").abbreviation == ""
    assert len(types_in_force()) == 31
    call_command("documents", "types", "add", "thong_bao", "Thông báo", "--abbreviation", "TBáo",
                 "--valid-from", "2027-01-01", stdout=io.StringIO())
    assert get_type("thong_bao", date(2026, 12, 31)).abbreviation == "TB"
    assert get_type("thong_bao", date(2027, 1, 1)).abbreviation == "TBáo"
    add_type("giay_xac_nhan", "Giấy xác nhận", "GXN", valid_from=date(2026, 1, 1))
    assert get_type("giay_xac_nhan").name == "Giấy xác nhận"
