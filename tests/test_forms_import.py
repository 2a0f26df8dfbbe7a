"""A paper form's field list imported from a spreadsheet to start a draft form: keys or labels, new fields with a
type, problems reported per row with its number, nothing half-created."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from modules.forms.models import DataField, FormDefinition
from modules.forms.services import FormsError, form_spec, import_fields


def workbook(path, rows, header=("Mã trường", "Nhãn", "Kiểu", "Bắt buộc", "Phần", "Trang", "X", "Y", "Rộng")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


GOOD = [
    ("full_name", "Họ và tên người khai", None, "x", "Người khai", 1, 30, 50, 120),
    (None, "Ngày, tháng, năm sinh", None, "có", "Người khai"),  # found by its label
    (None, "so dien thoai", None, None, "Người khai"),           # without tone marks
    ("land_parcel_no", "Số thửa đất", "text", "x", "Thửa đất"),  # a new dictionary field
    ("land_area", "Diện tích (m²)", "number", None, "Thửa đất"),
]


def test_a_spreadsheet_starts_a_draft_form(db, tmp_path):
    report = import_fields(workbook(tmp_path / "to-khai.xlsx", GOOD), procedure_code="1.004227",
                           version_label="v1", title_vi="Đơn đăng ký đất đai")
    assert report.fields == ["full_name", "birth_date", "phone", "land_parcel_no", "land_area"]
    assert report.new_fields == ["land_parcel_no", "land_area"] and report.sections == ["nguoi_khai", "thua_dat"]
    spec = form_spec(report.form_id)
    first = spec["sections"][0]["fields"][0]
    assert first == {"field": "full_name", "label_vi": "Họ và tên người khai", "label_en": "",
                     "overrides": {"required": True}, "visible_if": None, "computed": None,
                     "paper": {"page": 1, "x": 30.0, "y": 50.0, "width": 120.0}}
    assert FormDefinition.objects.get(pk=report.form_id).status == "draft"


def test_every_bad_row_is_reported_by_number_and_nothing_is_created(db, tmp_path):
    rows = [*GOOD,
            ("new_key", "Khóa mới", "colour", None, None),          # 7: unknown type
            (None, "Tên con vật nuôi", None, None, None),            # 8: unknown label
            ("another_new", None, None, None, None),                 # 9: unknown key without type and label
            ("phone", "Điện thoại", "email", None, None),            # 10: not the dictionary's type
            ("x_place", "Vị trí", "text", None, None, "một", 1, 1, 1)]  # 11: position not a number
    before = (DataField.objects.count(), FormDefinition.objects.count())
    with pytest.raises(FormsError) as refused:
        import_fields(workbook(tmp_path / "bad.xlsx", rows), procedure_code="1.004227", version_label="v1",
                      title_vi="Đơn")
    assert [n for n, _m in refused.value.problems] == [7, 8, 9, 10, 11]
    assert "Dòng 7" in refused.value.problems[0][1] and "colour" in refused.value.problems[0][1]
    assert (DataField.objects.count(), FormDefinition.objects.count()) == before  # land_* not added either


def test_a_file_that_is_not_a_workbook_is_refused(db, tmp_path):
    path = tmp_path / "fields.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(FormsError) as refused:
        import_fields(path, procedure_code="1", version_label="v1", title_vi="Đơn")
    assert refused.value.code == "INVALID_FILE"
    with pytest.raises(FormsError, match="mã trường"):
        import_fields(workbook(tmp_path / "h.xlsx", [("a",)], header=("Cột lạ",)), procedure_code="1",
                      version_label="v1", title_vi="Đơn")


def test_the_command_checks_and_imports(db, tmp_path, capsys):
    path = workbook(tmp_path / "to-khai.xlsx", GOOD)
    call_command("forms", "import-fields", str(path), "--procedure", "1.004227", "--version", "v1", "--title", "Đơn",
                 "--dry-run")
    assert "checked: 5 field(s) in 2 section(s)" in capsys.readouterr().out
    assert not FormDefinition.objects.filter(procedure_code="1.004227").exists()
    call_command("forms", "import-fields", str(path), "--procedure", "1.004227", "--version", "v1", "--title", "Đơn")
    assert FormDefinition.objects.filter(procedure_code="1.004227", status="draft").count() == 1
    with pytest.raises(CommandError):
        call_command("forms", "import-fields", str(workbook(tmp_path / "b.xlsx", [("zz", None, "colour")])),
                     "--procedure", "1.004227", "--version", "v2", "--title", "Đơn")
    assert "Dòng 2" in capsys.readouterr().err
