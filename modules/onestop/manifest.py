from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest, NavEntry

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
