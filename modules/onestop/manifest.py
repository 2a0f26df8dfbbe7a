from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest, NavEntry, SettingSpec


def _scan_mb(value: int) -> None:
    if not 1 <= value <= 200:
        raise ValueError("from 1 to 200 MB")


def _platform_url(value: str) -> None:
    if value and not value.startswith(("https://", "http://")):
        raise ValueError("an http(s) address, or empty")


# Reading dossiers, their steps and history; who may do which action is the rule book's (services/transitions.py).
_VIEW = ("onestop.view_dossier", "onestop.view_dossierstep", "onestop.view_dossierevent")
_WORK = (*_VIEW, "onestop.change_dossier")

MANIFEST = ModuleManifest(
    id="onestop",
    app="modules.onestop",
    name_vi="Một cửa điện tử liên thông",
    name_en="One-stop services",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("procedures",),
    uses=("documents",),  # the file-type sniffing of scans, whether or not the unit enabled the documents module
    settings=(
        SettingSpec("max_scan_mb", 20, "Dung lượng tối đa của một bản quét khi tiếp nhận (MB).", _scan_mb),
        # services/data_sources.py: the national data platform or the province's LGSP; empty: paper is asked for
        SettingSpec("data_platform_url", "", "Địa chỉ REST của nền tảng chia sẻ dữ liệu (tra cứu thay bản giấy).",
                    _platform_url),
        # services/national_portal.py: the national public service portal; empty: not connected
        SettingSpec("national_portal_url", "", "Địa chỉ REST của Cổng Dịch vụ công quốc gia.", _platform_url),
    ),
    # The national portal: new dossiers every 5 minutes, statuses every minute (each unit that set its address).
    periodic_tasks={"national_pull": {"task": "modules.onestop.tasks.pull_national_portal", "schedule": "*/5 * * * *"},
                    "national_push": {"task": "modules.onestop.tasks.push_national_portal", "schedule": "* * * * *"}},
    roles=(
        # Existing roles gain these permissions (their names stay); administrators read dossiers in the unit admin.
        RoleSpec("administrator", "Quản trị đơn vị", _VIEW),
        RoleSpec("receiving_officer", "Cán bộ tiếp nhận", (*_WORK, "onestop.add_dossier")),
        RoleSpec("specialist", "Chuyên viên xử lý", _WORK),
        RoleSpec("leader", "Lãnh đạo", _WORK),
        RoleSpec("result_officer", "Cán bộ trả kết quả", _WORK),
    ),
    graphql_query="modules.onestop.api.queries.Query",
    graphql_mutation="modules.onestop.api.mutations.Mutation",
    # Progress of a dossier another unit sent here goes back to that unit (tenants.messaging).
    hooks={"onestop.dossier_changed": "modules.onestop.receivers.report_progress",
           # Administrative reorganisation: dossiers in progress move to the successors (services/reorganisation.py).
           "reorganisation_inventory": "modules.onestop.services.reorganisation.inventory",
           "reorganisation_carry": "modules.onestop.services.reorganisation.carry"},
    urls="modules.onestop.web.urls",  # the workspace's screens (docs/modules/workspace.md)
    nav=(
        NavEntry("Hàng việc hồ sơ", "/m/onestop/", roles=("receiving_officer", "specialist", "leader",
                                                               "result_officer", "administrator"), order=10),
        NavEntry("Tiếp nhận hồ sơ", "/m/onestop/tiep-nhan/", roles=("receiving_officer",), order=20),
        NavEntry("Hồ sơ chờ phân khi sắp xếp", "/m/onestop/sap-xep/", roles=("administrator",), order=40),
    ),
)
