from decimal import Decimal

import pytest

from modules.catalogue.services.normalize import InvalidRecord, normalize_record
from modules.catalogue.services.parsing import parse_days, parse_fee, parse_ways
from modules.catalogue.services.text import as_steps, fold_key


@pytest.mark.parametrize(("text", "days"), [
    ("05 ngày làm việc", "5"),
    ("Trong thời hạn 03 Ngày làm việc kể từ ngày nhận đủ hồ sơ", "3"),
    ("1/2 ngày", "0.5"),
    ("0,5 ngày làm việc", "0.5"),
    ("04 giờ", "0.5"),
    ("02 giờ làm việc", "0.25"),
    ("Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo",
     "1"),
    ("Không quá 05 ngày làm việc; trường hợp nộp sau 15 giờ ...", "5"),
    ("03 tháng", None),
    ("hẹn trả sau", None),
])
def test_processing_time_in_working_days(text, days):
    assert parse_days(text) == (None if days is None else Decimal(days))


@pytest.mark.parametrize(("text", "amount"), [
    ("Miễn phí", 0),
    ("Lệ phí: Miễn lệ phí đăng ký khai sinh đúng hạn; quá hạn 8.000 đồng", 0),
    ("Phí: không", 0),
    ("Lệ phí : 0 Đồng", 0),
    ("Lệ phí: 50.000 đồng/hồ sơ", 50000),
    ("Phí : 8.000 Đồng", 8000),
    ("100.000đ/lần", 100000),
    ("1,000,000 VNĐ", 1000000),
    ("Theo mức do Hội đồng nhân dân cấp tỉnh quy định", None),
])
def test_fees_in_vnd(text, amount):
    assert parse_fee(text) == amount


def test_flattened_ways_are_split_by_channel_with_time_and_fee():
    text = ("Trực tiếp: 05 ngày làm việc; Lệ phí: 50.000 đồng/hồ sơ. Trực tuyến: 03 ngày làm việc; Miễn phí. "
            "Qua bưu chính 1/2 ngày; Lệ phí: 25.000 đồng")
    channels, raw, warnings = parse_ways(text)
    assert raw == text and warnings == []
    assert [(c.channel, c.processing_days, c.fee_amount) for c in channels] == [
        ("counter", Decimal("5"), 50000), ("online", Decimal("3"), 0), ("post", Decimal("0.5"), 25000)]
    assert channels[0].fee_description == "Lệ phí: 50.000 đồng/hồ sơ"
    assert channels[0].raw_text == "05 ngày làm việc; Lệ phí: 50.000 đồng/hồ sơ"


def test_channels_named_together_share_the_text_that_follows():
    channels, _raw, _warnings = parse_ways("Trực tiếp, trực tuyến hoặc qua dịch vụ bưu chính: 04 giờ; Lệ phí: Miễn phí")
    assert [(c.channel, c.processing_days, c.fee_amount) for c in channels] == [
        ("counter", Decimal("0.5"), 0), ("online", Decimal("0.5"), 0), ("post", Decimal("0.5"), 0)]


def test_what_cannot_be_read_is_kept_with_warnings():
    channels, raw, warnings = parse_ways("Nộp tại Ủy ban. Trực tiếp: hẹn trả sau; Lệ phí: theo Nghị quyết của tỉnh")
    assert len(channels) == 1 and channels[0].processing_days is None and channels[0].fee_amount is None
    assert "hẹn trả sau" in channels[0].raw_text and raw.startswith("Nộp tại Ủy ban")
    assert len(warnings) == 3  # text before any channel, no time, unreadable fee
    channels, _raw, warnings = parse_ways("05 ngày làm việc")
    assert channels[0].channel == "other" and channels[0].processing_days == 5 and len(warnings) == 1


def test_ways_as_a_list_of_objects():
    channels, _raw, warnings = parse_ways([
        {"hinh_thuc": "Trực tiếp", "thoi_han": "15 Ngày làm việc", "phi_le_phi": "Lệ phí : 75.000 Đồng"},
        {"Hình thức": "Trực tuyến", "Thời hạn giải quyết": "1/2 ngày", "Phí, lệ phí": "Miễn phí", "Mô tả": "..."},
    ])
    assert warnings == []
    assert [(c.channel, c.processing_days, c.fee_amount) for c in channels] == [
        ("counter", Decimal("15"), 75000), ("online", Decimal("0.5"), 0)]


def test_records_are_checked_and_normalised():
    for bad in [{}, {"ten_thu_tuc": "X"}, {"ma_thu_tuc": "1.00008", "ten_thu_tuc": "X"},
                {"ma_thu_tuc": "1.000080"}, {"ma_thu_tuc": "1.000080", "ten_thu_tuc": "  "}, ["not", "an", "object"]]:
        with pytest.raises(InvalidRecord):
            normalize_record(bad)
    record = normalize_record({
        "Mã thủ tục": " 1.000080 ", "Tên thủ tục": "Thủ  tục\u00a0thử", "linh_vuc": {"ma_linh_vuc": "HT", "ten_linh_vuc": "Hộ tịch"},
        "cap_thuc_hien": "Cấp Xã; Cấp Huyện", "trinh_tu_thuc_hien": "Bước 1: Nộp. Bước 2: Trả.",
        "thanh_phan_ho_so": [{"truong_hop": "Trường hợp A", "giay_to": [{"ten": "Tờ khai", "ban_chinh": "01"}]},
                             "- Giấy chứng sinh (bản chính: 1)\n- Ảnh (bản sao: 2)"],
        "cach_thuc_thuc_hien": "Trực tuyến: 02 ngày làm việc. Lệ phí: Miễn phí",
    })
    assert (record.code, record.name, record.sector_name, record.sector_code) == ("1.000080", "Thủ tục thử", "Hộ tịch", "HT")
    assert record.cap_thuc_hien == ["Cấp Xã", "Cấp Huyện"]
    assert record.trinh_tu_thuc_hien == ["Bước 1: Nộp.", "Bước 2: Trả."]
    assert [(c.case_name, c.name, c.originals, c.copies) for c in record.components] == [
        ("Trường hợp A", "Tờ khai", 1, 0), ("", "Giấy chứng sinh (bản chính: 1)", 1, 0), ("", "Ảnh (bản sao: 2)", 0, 2)]
    assert record.online_level == "partial"  # derived: an online channel, no level given


def test_a_spreadsheet_number_code_is_read_back_with_a_warning():
    record = normalize_record({"ma_thu_tuc": 1.00008, "ten_thu_tuc": "X"})
    assert record.code == "1.000080" and any("1.000080" in w for w in record.warnings)


def test_the_hash_ignores_spacing_and_unicode_form():
    a = normalize_record({"ma_thu_tuc": "1.000080", "ten_thu_tuc": "Đăng ký khai sinh", "can_cu_phap_ly": ["Luật A"]})
    b = normalize_record({"ma_thu_tuc": "1.000080", "ten_thu_tuc": " Đăng  ky\u0301 khai sinh ", "can_cu_phap_ly": "Luật A"})
    assert a.content_hash() == b.content_hash()
    c = normalize_record({"ma_thu_tuc": "1.000080", "ten_thu_tuc": "Đăng ký khai sinh", "can_cu_phap_ly": ["Luật B"]})
    assert c.content_hash() != a.content_hash()


def test_helpers():
    assert fold_key("Yêu cầu, điều kiện") == "yeu_cau_dieu_kien"
    assert as_steps(["- Bước 1: a", "+ Bước 2: b"]) == ["Bước 1: a", "Bước 2: b"]
