"""Citizens' look-up of a dossier by its code and phone number, and their satisfaction rating after the result."""

from core.modules.manifest import ModuleManifest, SettingSpec


def _lookup_url(value: str) -> None:
    if value and not value.startswith(("https://", "http://")):
        raise ValueError("an http(s) address")
    if len(value) > 200:
        raise ValueError("at most 200 characters")


MANIFEST = ModuleManifest(
    id="tracking",
    app="modules.tracking",
    name_vi="Tra cứu hồ sơ, đánh giá hài lòng",
    name_en="Dossier look-up and satisfaction rating",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("onestop",),
    uses=("notify",),  # the SMS confirmation code of a look-up (services/confirmation.py), where notify is loaded
    platform_urls="modules.tracking.urls",  # one address for every unit: /m/tracking/ on the platform host
    graphql_platform_query="modules.tracking.api.schema.Query",
    graphql_platform_mutation="modules.tracking.api.schema.Mutation",
    settings=(
        SettingSpec("lookup_url", "", "Địa chỉ tra cứu hồ sơ riêng của đơn vị (cổng dịch vụ công của đơn vị), in trên "
                    "Giấy tiếp nhận và ghi trong tin nhắn, thư; {code} được thay bằng mã hồ sơ. Để trống: trang tra "
                    "cứu của nền tảng (<EGOV_PUBLIC_URL>/tra-cuu/).", _lookup_url),
    ),
)
