"""Who sees which figures.

- A unit's own statistics (its page, `statisticsSummary`): members whose roles in that unit grant
  `statistics.view_statistics` (leaders and administrators by default).
- Recording a Decision 766 value measured outside the system (`statisticsRecordIndicatorValue`): those who see the
  unit's statistics and may change its settings (RECORD: the unit's administrator by default).
- A roll-up of a unit and the units below it (the platform page, `statisticsRollup`): members holding that permission
  in the unit itself or in a unit above it, and the ICT department's staff (`statistics.view_all_units`, given on the
  platform, or superusers). A commune's leader therefore sees the commune, never the district or the province.
  A unit's own page links to its roll-up on the platform's address (`rollup_address`) when it has units below.
"""

from urllib.parse import quote

from django.contrib.auth.models import Permission

from core.public_address import public_url
from tenants.models import Unit
from tenants.services import ancestor_ids

VIEW = "statistics.view_statistics"
VIEW_ALL = "statistics.view_all_units"
# Recording a Decision 766 value measured outside the system (services/recorded.py): the unit's statistics seen
# (VIEW) and its settings changed - the unit's administrator by default (a leader sees, never records).
RECORD = (VIEW, "modules_core.change_unit_settings")


def _split(permission: str) -> tuple[str, str]:
    app, codename = permission.split(".", 1)
    return app, codename


def can_view_unit(user) -> bool:
    """In a unit's request: the caller's roles there grant the permission."""
    return user is not None and user.is_authenticated and user.has_perm(VIEW)


def can_record(user) -> bool:
    """In a unit's request: the caller may record the Decision 766 values measured outside the system (RECORD)."""
    return user is not None and user.is_authenticated and all(user.has_perm(p) for p in RECORD)


def is_ict_staff(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active and (
        user.is_superuser or user.has_perm(VIEW_ALL))


def ancestors(unit: Unit) -> list[int]:
    """The unit's id and those of every unit above it."""
    return ancestor_ids(unit, include_self=True)


def units_viewed_by(user) -> list[Unit]:
    """The units where the user's roles grant the permission (not those below them)."""
    if user is None or not user.is_authenticated:
        return []
    app, codename = _split(VIEW)
    ids = Permission.objects.filter(
        codename=codename, content_type__app_label=app, role__memberships__user=user,
        role__memberships__is_active=True).values_list("role__unit_id", flat=True)
    return list(Unit.objects.filter(pk__in=set(ids)).order_by("code"))


def can_view_rollup(user, unit: Unit) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_ict_staff(user):
        return True
    app, codename = _split(VIEW)
    return Permission.objects.filter(
        codename=codename, content_type__app_label=app, role__unit_id__in=ancestors(unit),
        role__memberships__user=user, role__memberships__is_active=True).exists()


def rollup_address(user, unit: Unit) -> str:
    """The platform's address of the roll-up of `unit` with the units below it, for the unit's own page: the roll-up
    lives on the platform (whose sign-in picks the unit), not on a unit's address. Empty when the unit has no unit
    below or the caller may not open it."""
    if not Unit.objects.filter(parent_id=unit.pk).exists() or not can_view_rollup(user, unit):
        return ""
    return public_url(f"/m/statistics/{quote(unit.code)}/")
