"""Which permissions a unit role may hold, and the platform grants that only the platform gives.

A unit role may hold only what is meaningful inside a unit: the core's unit permissions (core.accounts.roles) and what
the modules enabled for that unit declare (their manifests' roles, and their own per-unit app). Platform permissions (API tokens of everyone,
units, modules, people) are granted to a person on the platform only (user or group permissions), never by a role.
"""

from django.apps import apps
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from core.accounts.roles import CORE_UNIT_PERMISSIONS


def _declared(unit) -> tuple[str, ...]:
    """The core's unit permissions, each enabled module's role permissions, and every permission of an enabled
    module's own per-unit app (its tables live in the unit's schema; a shared module's do not)."""
    from core.modules.registry import get_manifest
    from core.modules.services import enabled_modules

    labels = {config.name: config.label for config in apps.get_app_configs()}
    names = list(CORE_UNIT_PERMISSIONS)
    for module_id in sorted(enabled_modules(unit)):
        manifest = get_manifest(module_id)
        for spec in manifest.roles:
            names += spec.permissions
        if not manifest.shared and manifest.app in labels:
            names.append(f"{labels[manifest.app]}.*")
    return tuple(dict.fromkeys(names))


def _split(names: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """("app.codename", ...) and ("app.*", ...) -> exact names and whole apps."""
    apps = {n[:-2] for n in names if n.endswith(".*")}
    return {n for n in names if not n.endswith(".*")}, apps


def only_unit_permissions(unit, names) -> set[str]:
    """The names ("app_label.codename") among `names` that a role of `unit` may grant; the others are dropped (a role
    given a platform permission before this rule existed grants nothing through it)."""
    exact, apps = _split(_declared(unit))
    return {n for n in names if n in exact or n.split(".", 1)[0] in apps}


def assignable_permissions(unit):
    """The Permission rows a role of `unit` may hold (the unit admin's role editor offers only these)."""
    exact, apps = _split(_declared(unit))
    condition = Q(content_type__app_label__in=apps)
    for name in exact:
        app, _, codename = name.partition(".")
        condition |= Q(content_type__app_label=app, codename=codename)
    return Permission.objects.filter(condition).select_related("content_type").order_by(
        "content_type__app_label", "codename")


_platform_backend = ModelBackend()


def has_platform_perm(user, name: str) -> bool:
    """A platform grant: superuser, or the permission given to the person (or a group) on the platform. A unit role
    never counts here, whatever it holds."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _platform_backend.has_perm(user, name)
