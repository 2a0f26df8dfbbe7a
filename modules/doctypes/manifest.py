"""Document types and their abbreviations (Decree 30/2020/NĐ-CP, Appendix III): shared by every unit, in public."""

from core.modules.manifest import ModuleManifest

MANIFEST = ModuleManifest(
    id="doctypes",
    app="modules.doctypes",
    name_vi="Danh mục loại văn bản",
    name_en="Document types",
    version="0.1.0",
    core_compat=">=0.1,<1",
    shared=True,
)
