"""The manifest of ${title}. The core reads it before Django is set up: keep it plain data, importing only
core.modules.manifest and core.accounts.roles."""

from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest, NavEntry, SettingSpec


def _positive(value: int) -> None:
    if value < 1:
        raise ValueError("must be at least 1")


MANIFEST = ModuleManifest(
    id="${name}",
    app="${package}",
    name_vi="${title}",
    name_en="${title}",
    version="0.1.0",
    core_compat="${core_compat}",
    settings=(SettingSpec("page_size", 20, "Số dòng mỗi trang.", _positive),),
    roles=(RoleSpec("${name}_operator", "Cán bộ ${title}", ("${package}.view_note", "${package}.add_note")),),
    urls="${package}.urls",
    # Its page in the staff workspace's navigation, for its operators in units that enabled it (docs/plugins).
    nav=(NavEntry("Ghi chú", "/m/${name}/trang/", roles=("${name}_operator",)),),
    graphql_query="${package}.api.schema.Query",
    periodic_tasks={"purge": {"task": "${package}.tasks.purge_old_notes", "schedule": "15 1 * * *"}},
    hooks={"module_enabled": "${package}.receivers.on_module_enabled"},
)
