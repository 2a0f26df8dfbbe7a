"""Permissions a person holds through their roles in the unit the request is for."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection

from core.accounts import signin
from core.accounts.unit_permissions import only_unit_permissions


class UnitRoleBackend:
    """Model-level permissions from the roles of the user's membership in the current unit (connection.tenant).

    Outside a unit (the platform) this backend grants nothing; object-level checks are django-guardian's. Only the
    permissions the unit's roles may hold count (core.accounts.unit_permissions): never a platform permission.
    """

    def authenticate(self, request, **credentials):
        return None

    def _unit_permissions(self, user) -> set[str]:
        unit = getattr(connection, "tenant", None)
        if not user.is_active or unit is None or not getattr(unit, "pk", None):
            return set()
        cache = user.__dict__.setdefault("_unit_perm_cache", {})
        if unit.pk not in cache:
            rows = Permission.objects.filter(
                role__memberships__user=user, role__memberships__is_active=True, role__unit_id=unit.pk
            ).values_list("content_type__app_label", "codename")
            cache[unit.pk] = only_unit_permissions(unit, {f"{app}.{code}" for app, code in rows})
        return cache[unit.pk]

    def get_all_permissions(self, user, obj=None):
        return self._unit_permissions(user) if obj is None else set()

    def has_perm(self, user, perm, obj=None):
        return obj is None and perm in self._unit_permissions(user)

    def has_module_perms(self, user, app_label):
        return any(p.split(".", 1)[0] == app_label for p in self._unit_permissions(user))


class PasswordBackend(ModelBackend):
    """Django's password check, refused while the account or the client is locked (core.accounts.signin): with the
    lock on, the right password does not get in either, so guessing cannot continue behind it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if signin.refusal(username if username is not None else kwargs.get("username"), request):
            raise PermissionDenied  # stops every backend; counted as one more failure
        return super().authenticate(request, username=username, password=password, **kwargs)
