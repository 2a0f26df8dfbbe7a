import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from modules.catalogue.models import Procedure, ProcedureVersion, Sector
from modules.catalogue.services import CatalogueFileError, current_version, import_file, import_records, import_sample

BIRTH = {
    "ma_thu_tuc": "1.001193",
    "ten_thu_tuc": "Thủ tục đăng ký khai sinh",
    "so_quyet_dinh": "1872/QĐ-BTP",
    "cap_thuc_hien": "Cấp Xã",
    "loai_thu_tuc": "TTHC không được luân chuyển",
    "linh_vuc": "Hộ tịch",
    "doi_tuong_thuc_hien": "Công dân Việt Nam",
    "co_quan_thuc_hien": "Ủy ban nhân dân cấp xã",
    "trinh_tu_thuc_hien": ["Bước 1: Nộp hồ sơ.", "Bước 2: Trả kết quả."],
    "cach_thuc_thuc_hien": "Trực tiếp: Ngay trong ngày tiếp nhận hồ sơ. Lệ phí: Miễn lệ phí. "
                           "Trực tuyến: 1/2 ngày; Lệ phí: Miễn phí",
    "thanh_phan_ho_so": [{"ten_giay_to": "Tờ khai đăng ký khai sinh", "so_ban_chinh": 1, "so_ban_sao": 0,
                          "mau_don": "Mẫu tờ khai"}, {"ten_giay_to": "Giấy chứng sinh", "so_ban_chinh": 1}],
    "can_cu_phap_ly": ["Luật Hộ tịch số 60/2014/QH13"],
    "yeu_cau_dieu_kien": "Trong 60 ngày kể từ ngày sinh.",
    "ket_qua_xu_ly": "Giấy khai sinh",
}
BUSINESS = {
    "ma_thu_tuc": "1.001612",
    "ten_thu_tuc": "Đăng ký thành lập hộ kinh doanh",
    "linh_vuc": {"ten_linh_vuc": "Thành lập và hoạt động của hộ kinh doanh"},
    "cach_thuc_thuc_hien": "Trực tiếp: 03 ngày làm việc; Lệ phí: 100.000 đồng/lần. Trực tuyến: 03 ngày làm việc; "
                           "Lệ phí: Theo mức do Hội đồng nhân dân cấp tỉnh quy định",
}


def test_a_json_file_is_imported_with_all_fields(db, tmp_path):
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps({"data": [BIRTH, BUSINESS]}, ensure_ascii=False))
    report = import_file(path)
    assert report.created == ["1.001193", "1.001612"] and not report.skipped
    assert [str(w) for w in report.warnings] == [
        "bản ghi 2 (1.001612): Cách thức “Trực tuyến”: không đọc được mức phí, lệ phí; giữ nguyên văn."]
    version = current_version("1.001193")
    assert version.number == 1 and version.name == "Thủ tục đăng ký khai sinh" and version.sector.name == "Hộ tịch"
    assert version.cap_thuc_hien == ["Cấp Xã"] and version.co_quan_thuc_hien == ["Ủy ban nhân dân cấp xã"]
    assert version.trinh_tu_thuc_hien == ["Bước 1: Nộp hồ sơ.", "Bước 2: Trả kết quả."]
    assert version.online_level == "partial" and version.source["ma_thu_tuc"] == "1.001193"
    assert [(c.channel, c.processing_days, c.fee_amount) for c in version.channels.all()] == [
        ("counter", Decimal("1"), 0), ("online", Decimal("0.5"), 0)]
    assert version.processing_days() == Decimal("0.5") and version.processing_days("counter") == 1
    assert [(c.name, c.originals, c.copies, c.template) for c in version.components.all()] == [
        ("Tờ khai đăng ký khai sinh", 1, 0, "Mẫu tờ khai"), ("Giấy chứng sinh", 1, 0, "")]


def _xlsx(path, header, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_excel_file_with_vietnamese_headers_is_imported(db, tmp_path):
    header = ["Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Cách thức thực hiện", "Thành phần hồ sơ",
              "Kết quả xử lý"]
    path = _xlsx(tmp_path / "procedures.xlsx", header, [
        ["1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", "Cấp Xã\nCấp Huyện",
         "Trực tiếp: Trong ngày; Lệ phí: Miễn phí\nQua bưu chính: 02 ngày làm việc; Lệ phí: 15.000 đồng",
         json.dumps([{"ten_giay_to": "Tờ khai", "so_ban_chinh": 1}], ensure_ascii=False), "Giấy khai sinh"],
        [None, None, None, None, None, None, None],
        [1.00008, "Thủ tục có mã bị Excel đổi thành số", "Hộ tịch", "Cấp Xã", "Trực tiếp: 04 giờ", None, None],
        ["", "Không có mã", None, None, None, None, None],
    ])
    report = import_file(path)
    assert report.created == ["1.001193", "1.000080"]
    assert [(s.position, s.code) for s in report.skipped] == [("dòng 5", "")]
    assert any(w.position == "dòng 4" and w.code == "1.000080" for w in report.warnings)
    version = current_version("1.001193")
    assert version.cap_thuc_hien == ["Cấp Xã", "Cấp Huyện"] and version.ket_qua_xu_ly == "Giấy khai sinh"
    assert [(c.channel, c.processing_days, c.fee_amount) for c in version.channels.all()] == [
        ("counter", Decimal("1"), 0), ("post", Decimal("2"), 15000)]
    assert [c.name for c in version.components.all()] == ["Tờ khai"]
    assert current_version("1.000080").channels.get().processing_days == Decimal("0.5")


def test_bad_and_repeated_records_are_skipped_with_their_position(db):
    changed = dict(BIRTH, ten_thu_tuc="Tên khác")
    report = import_records([
        BIRTH, {"ten_thu_tuc": "Không có mã"}, {"ma_thu_tuc": "1.0011", "ten_thu_tuc": "Mã sai"},
        {"ma_thu_tuc": "1.000656"}, "không phải đối tượng", dict(BIRTH), changed, BUSINESS,
    ])
    assert report.created == ["1.001193", "1.001612"]
    assert [(s.position, s.code) for s in report.skipped] == [
        ("bản ghi 2", ""), ("bản ghi 3", "1.0011"), ("bản ghi 4", "1.000656"), ("bản ghi 5", ""),
        ("bản ghi 6", "1.001193"), ("bản ghi 7", "1.001193")]
    assert "bản ghi 1" in report.skipped[-1].message  # names the first record with that code
    assert Procedure.objects.count() == 2 and ProcedureVersion.objects.count() == 2


def test_malformed_files_raise_a_clear_error_and_import_nothing(db, tmp_path):
    cases = {
        "broken.json": '[{"ma_thu_tuc": "1.001193"',
        "scalar.json": '"hello"',
        "object.json": '{"khong_phai": "danh sách"}',
        "fake.xlsx": "this is not a zip file",
        "notes.txt": "x",
    }
    for name, content in cases.items():
        (tmp_path / name).write_text(content)
    _xlsx(tmp_path / "nocode.xlsx", ["Tên thủ tục", "Lĩnh vực"], [["X", "Y"]])
    for name in [*cases, "nocode.xlsx", "missing.json"]:
        with pytest.raises(CatalogueFileError) as err:
            import_file(tmp_path / name)
        assert str(err.value)
    assert not Procedure.objects.exists()


def test_a_dry_run_reports_without_saving(db, tmp_path):
    report = import_records([BIRTH, BUSINESS], dry_run=True)
    assert report.created == ["1.001193", "1.001612"] and report.dry_run
    assert not Procedure.objects.exists() and not Sector.objects.exists()


def test_the_shipped_sample_is_real_procedures_and_imports_once(db):
    report = import_sample()
    codes = set(report.created)
    assert {"1.001193", "1.001612", "2.000720", "1.009994"} <= codes and 6 <= len(codes) <= 10
    assert not report.skipped
    assert all(current_version(code).channels.exists() for code in codes)
    assert current_version("1.009994").processing_days() == 15
    again = import_sample()
    assert again.created == [] and again.updated == [] and sorted(again.unchanged) == sorted(codes)


def test_the_command_imports_and_lists(db, tmp_path, capsys):
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps([BIRTH, {"ten_thu_tuc": "Không có mã"}], ensure_ascii=False))
    call_command("catalogue", "import", str(path), "--dry-run")
    captured = capsys.readouterr()
    assert "1 mới" in captured.out and "SKIPPED bản ghi 2" in captured.err and not Procedure.objects.exists()
    call_command("catalogue", "import", str(path))
    call_command("catalogue", "list", "--json")
    rows = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert rows == [{"code": "1.001193", "name": "Thủ tục đăng ký khai sinh", "sector": "Hộ tịch", "version": 1,
                     "online_level": "partial"}]
    with pytest.raises(CommandError, match="missing.json"):
        call_command("catalogue", "import", str(tmp_path / "missing.json"))
