"""The printing module's manifest: read before Django is set up, so plain data only."""

from core.modules.manifest import ModuleManifest, SettingSpec

PAPER_SIZES = ("A5", "A4")


def _paper(value: str) -> None:
    if value not in PAPER_SIZES:
        raise ValueError(f"one of {', '.join(PAPER_SIZES)}")


def _short_text(value: str) -> None:
    if len(value) > 200:
        raise ValueError("at most 200 characters")


MANIFEST = ModuleManifest(
    id="printing",
    app="modules.printing",
    name_vi="In biểu mẫu một cửa",
    name_en="Printed one-stop forms",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("onestop",),
    uses=("tracking",),  # the look-up address printed as a QR code
    settings=(
        SettingSpec("agency_name", "", "Tên cơ quan ở góc trái tiêu đề; trống: tên đơn vị.", _short_text),
        SettingSpec("desk_name", "Bộ phận Tiếp nhận và Trả kết quả",
                    "Tên bộ phận một cửa (dòng thứ hai của tiêu đề).", _short_text),
        SettingSpec("place_name", "", "Địa danh ghi trước ngày tháng; trống: tên đơn vị bỏ chữ chỉ cấp (Xã, Phường...).",
                    _short_text),
        SettingSpec("contact_phone", "", "Số điện thoại hướng dẫn ghi trên phiếu yêu cầu bổ sung.", _short_text),
        SettingSpec("paper_size", "A5", "Khổ giấy của mẫu 01 đến 05: A5 (theo Thông tư 01/2018/TT-VPCP) hoặc A4.",
                    _paper),
    ),
    urls="modules.printing.urls",
    graphql_query="modules.printing.schema.Query",
)
