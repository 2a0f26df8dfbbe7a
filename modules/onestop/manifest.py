from core.modules.manifest import ModuleManifest

MANIFEST = ModuleManifest(
    id="onestop",
    app="modules.onestop",
    name_vi="Một cửa điện tử liên thông",
    name_en="One-stop services",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("procedures",),
)
