"""Permissions declared on fields and mutations, checked with user.has_perm (roles of the user in the current unit,
through core.accounts.backends.UnitRoleBackend; model permissions on the platform) and object permissions in bulk
(core.objectperms.services).

    @requires("accounts.view_role")
    def resolve_roles(root, info): ...

    members = ListConnectionField(MembershipType, object_permission="accounts.view_membership")
"""

import functools

from django.db import connection
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from core.api.errors import PERMISSION_DENIED, UNAUTHENTICATED, ApiError


def user_of(info):
    return getattr(info.context, "user", None)


def check_permissions(info, permissions: tuple[str, ...] | list[str], login_required: bool = True) -> None:
    """Raise UNAUTHENTICATED or PERMISSION_DENIED unless the caller holds every permission."""
    user = user_of(info)
    if not (user is not None and user.is_authenticated):
        if login_required or permissions:
            raise ApiError(UNAUTHENTICATED, _("Cần đăng nhập hoặc mã truy cập."))
        return
    missing = [p for p in permissions if not user.has_perm(p)]
    if missing:
        raise ApiError(PERMISSION_DENIED, _("Bạn không có quyền %(perms)s.") % {"perms": ", ".join(missing)},
                       permissions=missing)


def check_platform_permissions(info, permissions: tuple[str, ...] | list[str]) -> None:
    """Like check_permissions, for actions on the whole installation: only a platform grant counts (the person's or
    a group's permission, or superuser), never a role held in a unit."""
    from core.accounts.unit_permissions import has_platform_perm

    check_permissions(info, (), login_required=True)
    missing = [p for p in permissions if not has_platform_perm(user_of(info), p)]
    if missing:
        raise ApiError(PERMISSION_DENIED, _("Bạn không có quyền %(perms)s.") % {"perms": ", ".join(missing)},
                       permissions=missing)


def requires(*permissions: str, login_required: bool = True):
    """Declare the permissions a resolver needs; checked before it runs. `@requires()`: signed in only."""

    def decorate(resolver):
        @functools.wraps(resolver)
        def checked(root, info, **kwargs):
            check_permissions(info, permissions, login_required)
            return resolver(root, info, **kwargs)

        checked.required_permissions = tuple(permissions)
        return checked

    return decorate


def objects_for_user(user, permission: str, queryset):
    """The rows of `queryset` the user may act on with `permission`, in one SQL query (no per-object check; for the
    platform's rows inside a unit on another server, the unit's grants are read first, one query more).

    A role granting the permission in the current unit covers every row; otherwise the object permissions kept in
    the unit's schema (django-guardian's rows, read by ids: core.objectperms.services) select the rows. On the
    platform only model permissions count.
    """
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.has_perm(permission):
        return queryset
    if connection.schema_name == get_public_schema_name():
        return queryset.none()
    from core.objectperms.services import objects_for_user as granted_rows

    return granted_rows(user, permission, queryset)
