"""Fees and online payment: read by the core before Django is set up, so plain data only."""

import re

from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest, SettingSpec

_GATEWAY_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def _gateway(value: str) -> None:
    if not value:
        return  # no gateway: fees are recorded, online payment is off
    if not _GATEWAY_ID.match(value):
        raise ValueError("a gateway id: 2-40 lower-case letters, digits or '_'")
    from modules.payments.services.gateways import registered  # the registry is filled once the apps are ready

    if value not in registered():
        raise ValueError(f"no gateway {value!r} is installed; known: {', '.join(sorted(registered())) or 'none'}")


def _return_url(value: str) -> None:
    if not (value.startswith("https://") or (value.startswith("/") and not value.startswith("//"))):
        raise ValueError("a path on the unit's site (/...) or an https:// address")


MANIFEST = ModuleManifest(
    id="payments",
    app="modules.payments",
    name_vi="Phí, lệ phí và thanh toán trực tuyến",
    name_en="Fees and online payment",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("onestop",),
    settings=(
        SettingSpec("gateway", "", "Cổng thanh toán của đơn vị (id do trình cắm đăng ký); trống: chưa thanh toán "
                                   "trực tuyến.", _gateway),
        SettingSpec("return_url", "/", "Trang người nộp quay về sau khi thanh toán.", _return_url),
    ),
    roles=(
        RoleSpec("administrator", "Quản trị đơn vị", ("payments.view_fee", "payments.view_payment")),
        RoleSpec("receiving_officer", "Cán bộ tiếp nhận", ("payments.view_fee", "payments.add_payment")),
        RoleSpec("specialist", "Chuyên viên xử lý", ("payments.view_fee",)),
        RoleSpec("leader", "Lãnh đạo", ("payments.view_fee",)),
        RoleSpec("result_officer", "Cán bộ trả kết quả", ("payments.view_fee",)),
    ),
    urls="modules.payments.urls",
    graphql_query="modules.payments.schema.Query",
    graphql_mutation="modules.payments.schema.Mutation",
    on_installed="modules.payments.install.installed",
    hooks={"onestop.dossier_received": "modules.payments.receivers.on_dossier_received",
           "onestop.dossier_moved": "modules.payments.reorganisation.on_dossier_moved"},  # fees follow the dossier
)
