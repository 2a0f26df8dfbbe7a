"""Enabling modules in a test's units, as an administrator would: the modules they depend on first."""

from core.modules.registry import get_manifest
from core.modules.services import enable, is_enabled


def enable_modules(unit, *module_ids: str) -> None:
    """Enable each module (and, before it, those it depends on) that is not enabled in the unit yet: its tables are
    made then (a new unit holds the kernel's only)."""
    for module_id in module_ids:
        enable_modules(unit, *get_manifest(module_id).depends)
        if not is_enabled(unit, module_id):
            enable(unit, module_id)


def hold_every_module(*units) -> None:
    """Give each unit every module's tables without enabling any, as a unit that enabled them all once and then
    disabled them: reads across units then meet every table (the template has them all too)."""
    from tenants.services.schema_migrations import unit_app_labels

    for unit in units:
        _hold(unit, unit_app_labels())


def hold_tables(unit, *module_ids: str) -> None:
    """The unit holds these modules' tables without enabling them (enabled once, then disabled): rows written there
    by hand stand for what the module kept."""
    from tenants.services.unit_tables import module_app_labels

    _hold(unit, module_app_labels(module_ids))


def _hold(unit, labels) -> None:
    from tenants.services import entered
    from tenants.services.unit_tables import make_app_tables

    with entered(unit):
        make_app_tables(unit.schema_name, labels)
    unit.__dict__.pop("_egov_held_apps", None)  # what core.modules.services remembered on the unit object is stale
