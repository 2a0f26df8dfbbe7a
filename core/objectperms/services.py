"""Object permissions in a unit (django-guardian's rows, kept in the unit's schema: core.objectperms.models), read and
granted by ids: the one way the project checks them.

    Department.objects.filter(granted(user, "documents.oversee_department", Department))   # one query, no join
    has_object_perm(user, "documents.oversee_department", department)
    grant("documents.oversee_department", person, department)

A permission's id and a content type's id are read on the platform's connection (auth_permission and
django_content_type: a few hundred rows, kept per process; a permission not found reads them again once), and the
unit's rows are filtered by those ids. django-guardian's own look-ups (ObjectPermissionChecker, get_objects_for_user)
join the unit's rows to auth_permission, django_content_type and accounts_user_groups: inside a unit placed on another
database server those are foreign tables (postgres_fdw) and a join into one reads the remote table on every query;
a look-up that starts from a platform model (Permission) is even sent to the platform's server, where the unit's
tables are not (docs/ict/scale-out.md). The authentication backend (core.objectperms.backends) answers
user.has_perm(perm, obj) with these functions.

Only inside a unit: on the public schema (the platform) no one holds an object permission.
"""

import threading

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django_tenants.utils import get_public_schema_name

from core.objectperms.models import UnitGroupObjectPermission, UnitUserObjectPermission
from core.platform_relations import in_unit_elsewhere
from tenants.routers import is_platform_model

INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
                "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField"}

_lock = threading.Lock()
_permissions: dict[tuple[int, str], int] | None = None  # (content type id, codename) -> permission id
_codenames: dict[int, tuple[int, str]] = {}  # permission id -> (content type id, codename)


def _read_permissions() -> dict[tuple[int, str], int]:
    global _permissions, _codenames
    with _lock:
        if _permissions is None:
            rows = list(Permission.objects.values_list("pk", "content_type_id", "codename"))  # the platform's; no join
            _codenames = {pk: (ctype_id, codename) for pk, ctype_id, codename in rows}
            _permissions = {(ctype_id, codename): pk for pk, ctype_id, codename in rows}
        return _permissions


def forget_permissions(**_kwargs) -> None:
    """Permissions or content types changed (a migration, a row saved or deleted): read them again when next asked."""
    global _permissions
    with _lock:
        _permissions = None
    ContentType.objects.clear_cache()


def content_type_id(model) -> int:
    """The content type's id of a model (class or instance): Django's own cache, read on the platform's connection."""
    return ContentType.objects.get_for_model(model).pk


def permission_id(perm: str, model) -> int | None:
    """The id of permission `perm` ("app_label.codename" or "codename") of `model`'s content type; None when `model`
    has no such permission (an app label other than the model's, a codename not declared)."""
    ctype = ContentType.objects.get_for_model(model)
    app_label, _dot, codename = perm.rpartition(".")
    if app_label and app_label != ctype.app_label:
        return None
    found = _read_permissions().get((ctype.pk, codename))
    if found is None:  # declared since this process read them (a migration run by another process): once more
        forget_permissions()
        found = _read_permissions().get((ctype.pk, codename))
    return found


def _in_a_unit() -> bool:
    return connection.schema_name != get_public_schema_name()


def _may_hold(user) -> bool:
    return (user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
            and _in_a_unit())


def _group_ids(user):
    """The user's groups: a subquery on the platform's server; read once (kept on the user object, a request's) on
    the platform's connection inside a unit on another server, where accounts_user_groups is a foreign table."""
    if not in_unit_elsewhere():
        return user.groups.values("pk")
    found = user.__dict__.get("_egov_group_ids")
    if found is None:
        found = user.__dict__["_egov_group_ids"] = list(user.groups.values_list("pk", flat=True))
    return found


def _grants(user, perm_id: int, ctype_id: int, groups: bool) -> list:
    """The unit's rows granting the permission to the user (and, `groups`, to one of their groups)."""
    found = [UnitUserObjectPermission.objects.filter(user_id=user.pk, permission_id=perm_id, content_type_id=ctype_id)]
    if groups:
        group_ids = _group_ids(user)
        if not (isinstance(group_ids, list) and not group_ids):
            found.append(UnitGroupObjectPermission.objects.filter(group_id__in=group_ids, permission_id=perm_id,
                                                                  content_type_id=ctype_id))
    return found


def _keys(model, object_pks) -> list:
    key = model._meta.pk
    found = set()
    for value in object_pks:
        try:
            found.add(key.to_python(value))
        except ValidationError:
            continue  # a row written for another kind of key: it grants nothing here
    return sorted(found)


def granted(user, perm: str, model, *, groups: bool = True) -> Q:
    """The condition on `model`'s primary key that selects the rows `user` holds `perm` on in the current unit, by an
    object permission of their own (or, `groups`, of one of their groups). Nothing for an inactive or anonymous user,
    on the public schema, or for a permission `model` does not have.

    The unit's rows are a subquery where the filtered rows live on the same server (a unit's model; any model on the
    platform's server); for a platform model (memberships) inside a unit on another server they are read first, one
    query on the unit's server, and the keys given to the platform's query."""
    nothing = Q(pk__in=[])
    perm_id = permission_id(perm, model) if _may_hold(user) else None
    if perm_id is None:
        return nothing
    rows = _grants(user, perm_id, content_type_id(model), groups)
    condition = nothing
    subquery = model._meta.pk.get_internal_type() in INTEGER_KEYS and not (
        is_platform_model(model) and in_unit_elsewhere())
    if subquery:
        for found in rows:
            condition |= Q(pk__in=found.values_list(Cast("object_pk", BigIntegerField()), flat=True))
        return condition
    values = rows[0].values_list("object_pk", flat=True)
    if len(rows) > 1:
        values = values.union(rows[1].values_list("object_pk", flat=True))
    keys = _keys(model, values)
    return Q(pk__in=keys) if keys else nothing


def objects_for_user(user, perm: str, queryset, *, groups: bool = True):
    """The rows of `queryset` `user` holds `perm` on by an object permission in the current unit."""
    return queryset.filter(granted(user, perm, queryset.model, groups=groups))


def object_perms(user, obj) -> set[str]:
    """The codenames of the permissions `user` holds on `obj` in the current unit (as django-guardian's
    get_perms: codenames without app label; every permission of the object's model for a superuser)."""
    if not _may_hold(user):
        return set()
    ctype_id = content_type_id(obj)
    _read_permissions()
    if user.is_superuser:
        return {codename for ct, codename in _codenames.values() if ct == ctype_id}
    on_obj = {"content_type_id": ctype_id, "object_pk": str(obj.pk)}
    ids = UnitUserObjectPermission.objects.filter(user_id=user.pk, **on_obj).values_list("permission_id", flat=True)
    group_ids = _group_ids(user)
    if not (isinstance(group_ids, list) and not group_ids):
        ids = ids.union(UnitGroupObjectPermission.objects.filter(group_id__in=group_ids, **on_obj)
                        .values_list("permission_id", flat=True))
    found = set(ids)
    if not found <= set(_codenames):  # a permission made since this process read them
        forget_permissions()
        _read_permissions()
    return {_codenames[pk][1] for pk in found if pk in _codenames}


def has_object_perm(user, perm: str, obj) -> bool:
    """Whether `user` holds `perm` ("app_label.codename" or "codename") on `obj` in the current unit."""
    app_label, _dot, codename = perm.rpartition(".")
    if app_label and app_label != ContentType.objects.get_for_model(obj).app_label:
        return False
    return codename in object_perms(user, obj)


def grant(perm: str, user, obj) -> UnitUserObjectPermission:
    """Give `user` (a person or their id) permission `perm` on `obj` in the current unit (kept if already given).
    A permission `obj`'s model does not have: Permission.DoesNotExist, nothing written."""
    perm_id = permission_id(perm, obj)
    if perm_id is None:
        raise Permission.DoesNotExist(f"{obj._meta.label} has no permission {perm!r}")
    row, _created = UnitUserObjectPermission.objects.get_or_create(
        user_id=getattr(user, "pk", user), permission_id=perm_id, content_type_id=content_type_id(obj),
        object_pk=str(obj.pk))
    return row


def connect_receivers() -> None:
    """Read permissions again after a migration (and a test database's flush) or a change of their rows."""
    from django.db.models.signals import post_delete, post_migrate, post_save

    post_migrate.connect(forget_permissions, dispatch_uid="objectperms-forget-after-migrate")
    for model in (Permission, ContentType):
        post_save.connect(forget_permissions, sender=model, dispatch_uid=f"objectperms-forget-{model._meta.label}")
        post_delete.connect(forget_permissions, sender=model, dispatch_uid=f"objectperms-forget-{model._meta.label}-d")
