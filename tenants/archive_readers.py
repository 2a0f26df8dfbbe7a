"""Keeps an ended unit readable by its successors' administrators as they change: a person made administrator of a
successor gets the archive reader role in its ended predecessors, and loses it with the administrator role
(tenants.services.units_over_time.grant_archive_readers / revoke_archive_reader)."""

from django.db.models.signals import m2m_changed


def _roles_changed(sender, instance, action, pk_set, **kwargs):
    from core.accounts.models import Membership, Role
    from core.accounts.roles import ADMINISTRATOR
    from tenants.models import UnitSuccession
    from tenants.services import units_over_time

    if action not in ("post_add", "post_remove") or not isinstance(instance, Membership):
        return
    if not pk_set or not Role.objects.filter(pk__in=pk_set, code=ADMINISTRATOR).exists():
        return
    if not UnitSuccession.objects.filter(successor_id=instance.unit_id).exists():
        return  # nearly always: the unit has no predecessors
    if action == "post_add":
        units_over_time.grant_archive_readers(instance.unit)
    else:
        units_over_time.revoke_archive_reader(instance.user, instance.unit)


def connect_receivers() -> None:
    from core.accounts.models import Membership

    m2m_changed.connect(_roles_changed, sender=Membership.roles.through, dispatch_uid="tenants.archive_readers")
