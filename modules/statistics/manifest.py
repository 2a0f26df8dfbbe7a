"""Statistics of dossiers: each unit pushes daily facts to a shared table; leaders read their unit's figures and, on
the platform, the roll-up of the units below them. Plain data: read before Django is set up.

shared=True: the facts table lives in the public schema (one row per unit, day and procedure), so a province reads
its 500 units with one query instead of visiting 500 schemas. Each unit's own dossiers stay in its schema; only the
unit's task, running in that schema, reads them and writes the unit's rows.
"""

from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest, NavEntry, SettingSpec


def _days_back(value: int) -> None:
    if not 1 <= value <= 31:
        raise ValueError("from 1 to 31 days")


_VIEW = ("statistics.view_statistics",)

MANIFEST = ModuleManifest(
    id="statistics",
    app="modules.statistics",
    name_vi="Thống kê, báo cáo tình hình giải quyết hồ sơ",
    name_en="Dossier statistics and reports",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("onestop",),
    uses=("payments", "tracking"),  # fees paid and ratings given, read whether or not the unit enabled them
    shared=True,
    settings=(
        SettingSpec("days_back", 2, "Số ngày gần nhất (kể cả hôm nay) được tính lại mỗi đêm.", _days_back),
    ),
    roles=(
        RoleSpec("leader", "Lãnh đạo", _VIEW),
        RoleSpec("administrator", "Quản trị đơn vị", _VIEW),
    ),
    urls="modules.statistics.urls",
    nav=(NavEntry("Thống kê, báo cáo", "/m/statistics/", roles=("leader", "administrator"), group="reports"),),
    platform_urls="modules.statistics.platform_urls",
    graphql_query="modules.statistics.schema.Query",
    graphql_mutation="modules.statistics.schema.Mutation",  # recorded 766 values (services/recorded.py)
    graphql_platform_query="modules.statistics.schema.PlatformQuery",
    # An ended unit's history stays; successors' trends take it over by the mapping (services/trends.py).
    hooks={"reorganisation_inventory": "modules.statistics.reorganisation.inventory",
           "reorganisation_carry": "modules.statistics.reorganisation.carry"},
    # 00:30 Vietnam time (CELERY_TIMEZONE): yesterday's figures are final, today's stock is taken.
    periodic_tasks={"refresh": {"task": "modules.statistics.tasks.refresh_facts", "schedule": "30 0 * * *"}},
)
