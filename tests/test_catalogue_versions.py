from modules.catalogue.models import Procedure, ProcedureVersion
from modules.catalogue.services import current_version, get_version, import_records

RECORD = {
    "ma_thu_tuc": "1.000894",
    "ten_thu_tuc": "Thủ tục đăng ký kết hôn",
    "linh_vuc": "Hộ tịch",
    "cach_thuc_thuc_hien": "Trực tiếp: 05 ngày làm việc; Lệ phí: Miễn lệ phí",
    "thanh_phan_ho_so": "Tờ khai đăng ký kết hôn",
}


def test_unchanged_content_creates_nothing(db):
    assert import_records([RECORD]).created == ["1.000894"]
    # Same content written differently: other key order, spacing, a list instead of a text.
    same = {"thanh_phan_ho_so": ["Tờ khai đăng ký kết hôn"], "linh_vuc": " Hộ tịch ", **{
        k: v for k, v in RECORD.items() if k not in ("thanh_phan_ho_so", "linh_vuc")}}
    report = import_records([same])
    assert report.unchanged == ["1.000894"] and not report.created and not report.updated
    assert ProcedureVersion.objects.count() == 1


def test_a_change_is_a_new_version_and_older_ones_stay_readable(db):
    import_records([RECORD])
    first = current_version("1.000894")
    report = import_records([dict(RECORD, cach_thuc_thuc_hien="Trực tiếp: 03 ngày làm việc; Lệ phí: Miễn lệ phí",
                                  ten_thu_tuc="Đăng ký kết hôn")])
    assert report.updated == ["1.000894"]
    second = current_version("1.000894")
    assert second.number == 2 and second.pk != first.pk and second.processing_days() == 3
    assert Procedure.objects.get(code="1.000894").name == "Đăng ký kết hôn"
    kept = get_version(first.pk)  # a dossier begun under the first version still reads it
    assert kept.number == 1 and kept.processing_days() == 5 and kept.name == "Thủ tục đăng ký kết hôn"
    assert kept.valid_until == second.valid_from and second.valid_until is None
    assert kept.content_hash != second.content_hash
    assert import_records([RECORD]).updated == ["1.000894"]  # going back is a change too
    assert current_version("1.000894").number == 3


def test_unknown_codes_and_ids_give_none(db):
    assert current_version("9.999999") is None and get_version(123456789) is None
