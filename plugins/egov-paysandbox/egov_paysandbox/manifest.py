"""The sandbox gateway plug-in's manifest: read by the core before Django is set up, so plain data only."""

from core.modules.manifest import ModuleManifest, SettingSpec


def _secret(value: str) -> None:
    if value and len(value) < 16:
        raise ValueError("at least 16 characters (or empty: derived from the installation's secret key)")


MANIFEST = ModuleManifest(
    id="paysandbox",
    app="egov_paysandbox",
    name_vi="Cổng thanh toán thử nghiệm",
    name_en="Sandbox payment gateway",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("payments",),
    settings=(
        SettingSpec("secret", "", "Khóa ký báo kết quả thanh toán của đơn vị; trống: suy ra từ khóa bí mật của hệ "
                                  "thống và mã đơn vị.", _secret),
    ),
    urls="egov_paysandbox.urls",
)
