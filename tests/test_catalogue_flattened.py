"""Exports of the national procedure database with the portal's tables flattened (cells glued together): imported
whole, what cannot be read reported per record, and exported back to the same stored content."""

import json
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command

from modules.catalogue.models import Procedure, ProcedureVersion
from modules.catalogue.services import channel_times, current_version, import_file, import_records, import_sample

FLATTENED = Path(__file__).parent / "assets" / "catalogue" / "national-flattened.json"
RECORDS = json.loads(FLATTENED.read_text())["data"]


def _channels(code):
    return [(c.channel, c.time_value, c.time_unit, c.processing_days, c.fee_amount,
             [(f["amount"], f["currency"]) for f in c.fees]) for c in current_version(code).channels.all()]


def _components(code):
    return [(c.case_name, c.name, c.template, c.originals, c.copies) for c in current_version(code).components.all()]


def test_every_channel_keeps_its_time_with_unit_and_its_fees_with_currency(db):
    report = import_file(FLATTENED)
    assert len(report.created) == 5 and report.skipped == []
    assert _channels("1.001612") == [
        ("counter", Decimal(3), "working_day", Decimal(3), 100000, [("100000", "VND")]),
        ("online", Decimal(3), "working_day", Decimal(3), 50000, [("50000", "VND")]),
        ("post", Decimal(3), "working_day", Decimal(3), 100000, [("100000", "VND")]),  # "100,000 Việt Nam Đồng"
    ]
    # Fees in USD are kept in USD (no amount in đồng); every fee of a channel is kept.
    assert _channels("1.002345") == [
        ("counter", Decimal(5), "working_day", Decimal(5), None, [("25", "USD"), ("50", "USD")]),
        ("online", Decimal(3), "working_day", Decimal(3), None, [("25", "USD")]),
    ]
    # "10 Ngày" is calendar days: no working-day figure; a bare number is read as working days (and reported);
    # "Không có thông tin" is an unknown fee, not a free one.
    assert _channels("2.000488") == [
        ("counter", Decimal(10), "day", None, 200000, [("200000", "VND"), ("5000", "VND")]),
        ("online", Decimal(15), "day", None, 100000, [("100000", "VND")]),
        ("post", Decimal(10), "working_day", Decimal(10), None, []),
    ]
    assert _channels("1.004227") == [
        ("counter", Decimal(15), "working_day", Decimal(15), None, []),
        ("online", Decimal(4), "hour", Decimal("0.5"), 0, [("0", "VND")]),
        ("post", Decimal(3), "month", None, None, []),
    ]
    version = current_version("1.001612")
    assert [c.description for c in version.channels.all()] == [
        "Nộp tại Bộ phận một cửa.", "Nộp qua Cổng Dịch vụ công.", "Gửi qua bưu chính."]
    assert version.cap_thuc_hien == ["Cấp Huyện", "Cấp Xã"]


def test_components_are_split_per_case_with_their_form_and_counts(db):
    import_file(FLATTENED)
    individual, family = "Hộ kinh doanh do cá nhân thành lập", "Hộ kinh doanh do các thành viên hộ gia đình thành lập"
    assert _components("1.001612") == [
        (individual, "Giấy đề nghị đăng ký hộ kinh doanh", "Phu luc III-1.docx", 1, 0),
        (individual, "Bản sao giấy tờ pháp lý của cá nhân", "", 0, 1),
        (family, "Giấy đề nghị đăng ký hộ kinh doanh", "Phu luc III-1.docx", 1, 0),
        (family, "Biên bản họp thành viên hộ gia đình", "", 1, 0),
        (family, "Văn bản ủy quyền cho thành viên làm chủ hộ", "", 0, 1),
    ]
    assert _components("1.001193") == [
        ("", "Tờ khai đăng ký khai sinh theo mẫu", "To khai dang ky khai sinh.docx", 1, 0),
        ("", "Giấy chứng sinh", "", 1, 0),
    ]
    # "theo mẫu số 031 bản chính": the count glued to the form number is read as 1.
    assert _components("2.000488")[0] == (
        "Trường hợp công dân tự nộp", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu số 03", "", 1, 0)


def test_what_cannot_be_read_is_reported_per_record(db):
    report = import_file(FLATTENED)
    problems = report.by_record()
    assert set(problems) == {"bản ghi 4 (2.000488)", "bản ghi 5 (1.004227)"}
    assert len(problems["bản ghi 4 (2.000488)"]) == 3  # bare time, unknown fee, count glued to a name
    assert any("Ghi chú cuối bảng" in m for m in problems["bản ghi 5 (1.004227)"])
    assert sum("không có thông tin" in m for m in problems["bản ghi 5 (1.004227)"]) == 2


def test_a_channel_whose_cells_cannot_be_told_apart_is_kept_and_reported(db):
    record = {"ma_thu_tuc": "1.009001", "ten_thu_tuc": "Thủ tục thử",
              "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp1050.000 ĐồngNộp tại xã."
                                     "Trực tuyếnKhông có thông tinMiễn phí"}
    report = import_records([record])
    channels = current_version("1.009001").channels.all()
    assert [(c.channel, c.time_value, c.fee_amount) for c in channels] == [("counter", None, None), ("online", None, 0)]
    assert "1050.000 Đồng" in channels[0].raw_text
    assert len(report.warnings) == 2 and "dính liền" in report.warnings[0].message


def test_channel_times_tell_the_kind_of_day(db):
    import_file(FLATTENED)
    times = channel_times(current_version("2.000488").pk)
    assert [(t.channel, t.value, t.unit, t.working_days) for t in times] == [
        ("counter", Decimal(10), "day", None), ("online", Decimal(15), "day", None),
        ("post", Decimal(10), "working_day", Decimal(10))]


def test_export_round_trip_gives_the_same_stored_data(db, tmp_path):
    import_file(FLATTENED)
    import_sample()  # the free-text shape as well
    first = tmp_path / "first.json"
    call_command("catalogue", "export", "--format", "json", "--output", str(first))
    exported = json.loads(first.read_text())["data"]
    online = exported[[r["ma_thu_tuc"] for r in exported].index("1.004227")]["cach_thuc_thuc_hien"][1]
    assert {k: online[k] for k in ("kenh", "thoi_han", "don_vi_thoi_han", "thoi_han_ngay_lam_viec",
                                   "phi_le_phi_dong", "mo_ta")} == {
        "kenh": "online", "thoi_han": "4", "don_vi_thoi_han": "hour", "thoi_han_ngay_lam_viec": "0.5",
        "phi_le_phi_dong": 0, "mo_ta": "Tiếp nhận trực tuyến trong 4 giờ làm việc."}
    assert "thoi_han_ngay_lam_viec" not in exported[[r["ma_thu_tuc"] for r in exported].index("2.000488")][
        "cach_thuc_thuc_hien"][0]

    before = {p.code: p.current_version.content_hash for p in Procedure.objects.select_related("current_version")}
    report = import_file(first)
    assert sorted(report.unchanged) == sorted(before) and report.created == report.updated == []
    # Stored afresh from the export alone, the content is the same as from the flattened file.
    Procedure.objects.update(current_version=None)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    import_file(first)
    after = {p.code: p.current_version.content_hash for p in Procedure.objects.select_related("current_version")}
    assert after == before
    second = tmp_path / "second.json"
    call_command("catalogue", "export", "--format", "json", "--output", str(second))
    assert json.loads(second.read_text()) == json.loads(first.read_text())


def test_a_record_the_database_refuses_is_skipped_and_reported_the_others_stored(db):
    huge = {"ma_thu_tuc": "1.009002", "ten_thu_tuc": "Thủ tục có số tiền tràn",
            "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp5 Ngày làm việc"
                                   "99999999999999999999 Đồng"}
    report = import_records([RECORDS[0], huge, RECORDS[1]])
    assert report.created == ["1.001193", "1.001612"]
    assert [(i.position, i.code) for i in report.skipped] == [("bản ghi 2", "1.009002")]
    assert current_version("1.009002") is None and len(current_version("1.001612").channels.all()) == 3


def test_a_row_whose_time_is_not_understood_is_reported_not_absorbed_silently(db):
    record = {"ma_thu_tuc": "1.009003", "ten_thu_tuc": "Thủ tục trả ngay",
              "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến2 Ngày làm việcMiễn phí"
                                     "Nộp trên Cổng.Trực tiếpHẹn trả sauMiễn phíNộp tại xã."}
    report = import_records([record])
    channel = current_version("1.009003").channels.get()
    assert channel.channel == "online" and "Trực tiếpHẹn trả sau" in channel.raw_text
    assert [i.code for i in report.warnings] == ["1.009003"] and "không đọc được" in report.warnings[0].message
