"""What the API reports about modules: those installed, and whether a unit enabled each one."""

from core.api.types.units import ModuleType, UnitModuleType


def installed_modules() -> list[ModuleType]:
    from core.modules.registry import all_manifests

    return [
        ModuleType(id=m.id, name_vi=m.name_vi, name_en=m.name_en, version=m.version, depends=list(m.depends),
                   shared=m.shared)
        for m in sorted(all_manifests().values(), key=lambda m: m.id)
    ]


def modules_of(unit) -> list[UnitModuleType]:
    from core.modules.services import enabled_modules

    enabled = enabled_modules(unit)
    return [UnitModuleType(module=m, enabled=m.id in enabled) for m in installed_modules()]
