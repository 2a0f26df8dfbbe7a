"""django-guardian's generic object permissions, one table pair per unit, referencing public rows by value.

on_delete=DO_NOTHING: Django's deletion collector runs in the schema of the deleting request (often public), where
these tables do not exist; rows left behind by a deleted person or permission are removed per unit afterwards
(tenants.services.references).
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionAbstract, UserObjectPermissionAbstract


def _reference(to, verbose_name, db_index=True):
    return models.ForeignKey(to, on_delete=models.DO_NOTHING, db_constraint=False, db_index=db_index,
                             verbose_name=verbose_name)


# The person (group) and the permission have no index of their own: the unique constraint (user, permission,
# object_pk) and the indexes below lead with them.
class UnitUserObjectPermission(UserObjectPermissionAbstract):
    user = _reference(settings.AUTH_USER_MODEL, _("người dùng"), db_index=False)
    permission = _reference(Permission, _("quyền"), db_index=False)
    content_type = _reference(ContentType, _("loại đối tượng"))

    class Meta(UserObjectPermissionAbstract.Meta):
        abstract = False
        verbose_name = _("quyền của người dùng trên đối tượng")
        verbose_name_plural = _("quyền của người dùng trên đối tượng")
        indexes = [
            models.Index(fields=["permission", "user", "content_type", "object_pk"]),
            models.Index(fields=["user", "content_type", "object_pk"]),
        ]

    def __str__(self):
        return f"{self.user_id} | {self.permission_id} | {self.content_type_id}:{self.object_pk}"


class UnitGroupObjectPermission(GroupObjectPermissionAbstract):
    group = _reference(Group, _("nhóm"), db_index=False)
    permission = _reference(Permission, _("quyền"), db_index=False)
    content_type = _reference(ContentType, _("loại đối tượng"))

    class Meta(GroupObjectPermissionAbstract.Meta):
        abstract = False
        verbose_name = _("quyền của nhóm trên đối tượng")
        verbose_name_plural = _("quyền của nhóm trên đối tượng")
        indexes = [
            models.Index(fields=["permission", "group", "content_type", "object_pk"]),
            models.Index(fields=["group", "content_type", "object_pk"]),
        ]

    def __str__(self):
        return f"{self.group_id} | {self.permission_id} | {self.content_type_id}:{self.object_pk}"
