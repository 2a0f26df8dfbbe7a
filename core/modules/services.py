"""Enabling modules per unit, and their per-unit settings. Other code calls these, never the model.

    enable(unit, "notify")                  # dependencies must be enabled first
    is_enabled(request.unit, "notify")      # one query per unit object, then remembered on it
    set_settings(unit, "notify", {"sms_sender": "UBND-XA"})

Every refusal is a ModuleError with a stable `code` (see core.modules.errors).
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.modules import errors
from core.modules.errors import ModuleError
from core.modules.manifest import ModuleManifest, SettingSpec
from core.modules.models import ModuleEnablement
from core.modules.registry import all_manifests, dependents_of, get_manifest, install_hook
from tenants.services import entered, platform_atomic
from tenants.services.unit_tables import held_apps, make_module_tables, module_label

__all__ = [
    "ModuleError", "is_enabled", "require_enabled", "enabled_modules", "units_with_module", "holds_tables", "enable",
    "disable", "get_settings", "set_settings", "missing_dependencies", "validate_settings",
]

# Remembered on the unit object itself: a request's unit is fetched per request, so nothing outlives it or leaks
# to another unit.
_CACHE_ATTR = "_egov_enabled_modules"
_HELD_ATTR = "_egov_held_apps"


def _forget(unit) -> None:
    unit.__dict__.pop(_CACHE_ATTR, None)
    unit.__dict__.pop(_HELD_ATTR, None)


def enabled_modules(unit) -> set[str]:
    """Ids of the modules enabled for `unit` (only those this installation loads); empty for no unit (platform)."""
    if unit is None:
        return set()
    cached = unit.__dict__.get(_CACHE_ATTR)
    if cached is None:
        known = all_manifests()
        rows = ModuleEnablement.objects.filter(unit_id=unit.pk).values_list("module_id", flat=True)
        cached = frozenset(m for m in rows if m in known)
        unit.__dict__[_CACHE_ATTR] = cached
    return set(cached)


def is_enabled(unit, module_id: str) -> bool:
    return module_id in enabled_modules(unit)


def require_enabled(unit, module_id: str) -> None:
    """ModuleError MODULE_NOT_ENABLED unless the module is enabled for the unit (UNKNOWN_MODULE if not loaded)."""
    get_manifest(module_id)
    if not is_enabled(unit, module_id):
        raise errors.not_enabled(module_id, unit)


def holds_tables(unit, module_id: str) -> bool:
    """Whether the unit's schema holds the module's tables: the module is enabled there now or was once (tables are
    made on first enabling and kept, with their rows, when it is disabled). Code reading a module's rows where the
    module may be off (statistics counting the fees of a unit that stopped taking payments) asks this first; a module
    with no tables in units' schemas has none."""
    held = unit.__dict__.get(_HELD_ATTR)
    if held is None:
        held = unit.__dict__[_HELD_ATTR] = held_apps(unit)
    return module_label(module_id) in held


def units_with_module(module_id: str):
    """Primary keys of the units where the module is enabled (a queryset: usable as `pk__in=`)."""
    rows = ModuleEnablement.objects.filter(module_id=module_id).values_list("unit_id", flat=True)
    return rows if module_id in all_manifests() else rows.none()


# --- Settings ---

def _type_problem(spec: SettingSpec, value: Any) -> str | None:
    """Values keep the type of the default (JSON types); a None default accepts any JSON value."""
    default = spec.default
    if default is None:
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            return "không phải giá trị JSON"
        return None
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        ok = isinstance(value, type(default))
    return None if ok else f"cần kiểu {type(default).__name__}, nhận {type(value).__name__}"


def validate_settings(module_id: str, values: dict) -> dict:
    """`values` checked against the module's SettingSpecs (known key, type of the default, the spec's validator)."""
    manifest = get_manifest(module_id)
    specs = {s.key: s for s in manifest.settings}
    if not isinstance(values, dict):
        raise errors.invalid_setting(module_id, "*", "cần một bảng khóa - giá trị")
    for key, value in values.items():
        spec = specs.get(key)
        if spec is None:
            raise errors.invalid_setting(module_id, key, "mô-đun không có thiết lập này")
        problem = _type_problem(spec, value)
        if problem is None and spec.validate is not None:
            try:
                spec.validate(value)
            except ValidationError as exc:
                problem = "; ".join(exc.messages)
            except (ValueError, TypeError) as exc:
                problem = str(exc)
        if problem:
            raise errors.invalid_setting(module_id, key, problem)
    return dict(values)


def _with_defaults(manifest: ModuleManifest, stored: dict) -> dict:
    values = {s.key: s.default for s in manifest.settings}
    values.update({k: v for k, v in stored.items() if k in values})
    return values


def _enablement(unit, module_id: str) -> ModuleEnablement:
    row = ModuleEnablement.objects.filter(unit_id=unit.pk, module_id=module_id).first()
    if row is None:
        raise errors.not_enabled(module_id, unit)
    return row


def get_settings(unit, module_id: str) -> dict:
    """The module's settings for the unit: every key, the unit's value or the default."""
    manifest = get_manifest(module_id)
    return _with_defaults(manifest, _enablement(unit, module_id).settings)


def set_settings(unit, module_id: str, values: dict) -> dict:
    """Change some of the unit's settings of the module (the others stay); returns them all."""
    manifest = get_manifest(module_id)
    values = validate_settings(module_id, values)
    with platform_atomic():  # the platform's row, also when called inside a unit on another server
        row = ModuleEnablement.objects.select_for_update().filter(unit_id=unit.pk, module_id=module_id).first()
        if row is None:
            raise errors.not_enabled(module_id, unit)
        row.settings = {**row.settings, **values}
        row.save(update_fields=["settings"])
    return _with_defaults(manifest, row.settings)


# --- Enabling and disabling ---

def _lock_unit(unit) -> set[str]:
    """Serialise module changes of one unit (a dependency cannot be disabled while a dependent is being enabled)."""
    from tenants.models import Unit

    Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True).first()
    return set(ModuleEnablement.objects.filter(unit_id=unit.pk).values_list("module_id", flat=True))


def missing_dependencies(unit, module_id: str) -> list[str]:
    """The modules `module_id` depends on that are not enabled for the unit yet."""
    enabled = set(ModuleEnablement.objects.filter(unit_id=unit.pk).values_list("module_id", flat=True))
    return [d for d in get_manifest(module_id).depends if d not in enabled]


def enable(unit, module_id: str, settings: dict | None = None) -> ModuleEnablement:
    """Enable a module for a unit: its dependencies must be on; runs its on_installed in the unit's schema.

    Enabling an enabled module changes only the settings given. One transaction: a failing install hook or
    receiver leaves the module off.
    """
    from core.accounts.services import create_default_roles
    from core.modules import hooks
    from tenants.models import UnitStatus

    manifest = get_manifest(module_id)
    if unit.status != UnitStatus.READY:
        raise errors.unit_not_ready(module_id, unit)
    values = validate_settings(module_id, settings or {})
    try:
        with transaction.atomic():
            enabled = _lock_unit(unit)
            if module_id in enabled:
                row = ModuleEnablement.objects.get(unit_id=unit.pk, module_id=module_id)
                if values:
                    row.settings = {**row.settings, **values}
                    row.save(update_fields=["settings"])
                return row
            missing = [d for d in manifest.depends if d not in enabled]
            if missing:
                raise errors.missing_dependency(module_id, missing)
            row = ModuleEnablement.objects.create(unit=unit, module_id=module_id, settings=values)
            _forget(unit)
            create_default_roles(unit)  # a unit made before the module was installed gets its roles now
            installed = install_hook(manifest, "on_installed")
            # The unit's own transaction: on another server the module's tables (made the first time it is enabled
            # there) and the hook's rows commit together, just before the platform's (on the platform's server this
            # is a savepoint of the one transaction).
            with entered(unit), transaction.atomic():
                make_module_tables(unit, [module_id])
                if installed:
                    installed(unit)
            hooks.send(hooks.module_enabled, unit, module_id=module_id)
            return row
    finally:
        _forget(unit)


def disable(unit, module_id: str) -> bool:
    """Disable a module for a unit (its data stays); refused while an enabled module depends on it.

    Runs its on_uninstalled in the unit's schema, in the same transaction. False when it was not enabled.
    A module no longer loaded here (a plug-in taken off the allow-list) can still be disabled, without its hooks.
    """
    from core.modules import hooks

    manifest = all_manifests().get(module_id)
    try:
        with transaction.atomic():
            enabled = _lock_unit(unit)
            if module_id not in enabled:
                if manifest is None:
                    raise errors.unknown_module(module_id)
                return False
            dependents = [d for d in dependents_of(module_id) if d in enabled] if manifest else []
            if dependents:
                raise errors.has_dependents(module_id, dependents)
            uninstalled = install_hook(manifest, "on_uninstalled") if manifest else None
            if uninstalled:
                with entered(unit), transaction.atomic():  # as on_installed
                    uninstalled(unit)
            ModuleEnablement.objects.filter(unit_id=unit.pk, module_id=module_id).delete()
            _forget(unit)
            if manifest:
                hooks.send(hooks.module_disabled, unit, module_id=module_id)
            return True
    finally:
        _forget(unit)
