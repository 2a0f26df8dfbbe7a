"""user.has_perm(perm, obj): object permissions in the current unit, as django-guardian's ObjectPermissionBackend
answers them, read by ids (core.objectperms.services) instead of its joins of the unit's rows to auth_permission and
django_content_type (foreign tables inside a unit on another database server, docs/ict/scale-out.md).

Named in AUTHENTICATION_BACKENDS in place of guardian.backends.ObjectPermissionBackend (hence guardian.W001 silenced).
"""

from django.db.models import Model

from core.objectperms import services


class UnitObjectPermissionBackend:
    supports_object_permissions = True

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm, obj=None) -> bool:
        return isinstance(obj, Model) and services.has_object_perm(user, perm, obj)

    def get_all_permissions(self, user, obj=None) -> set[str]:
        return services.object_perms(user, obj) if isinstance(obj, Model) else set()
