"""The administrative-procedure catalogue: shared by every unit, its tables live in the public schema."""

from core.modules.manifest import ModuleManifest

MANIFEST = ModuleManifest(
    id="catalogue",
    app="modules.catalogue",
    name_vi="Danh mục thủ tục hành chính",
    name_en="Administrative procedure catalogue",
    version="0.1.0",
    core_compat=">=0.1,<1",
    shared=True,
)
