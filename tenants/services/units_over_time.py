"""Units over time (docs/ict/reorganisation.md): when a unit existed, what it was called then, who came before and
after it, and what an ended unit still allows.

A unit exists from `effective_from` (inclusive) until `ended_on` (exclusive). An ended unit stays in the database
with its schema: a read-only archive (`write_refusal`), readable by its own members and by the administrators of its
successors (`grant_archive_readers`), its incoming messages forwarded to its principal successor (`forwarded`).
The tree at a date is tenants.services.tree with `at=`; predecessors and successors are tenants.services.forwarding's.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import SuccessionKind, Unit, UnitHistory, UnitStatus
from tenants.services.forwarding import predecessors_of, successions_of

ARCHIVE_READER = "archive_reader"  # the role an ended unit gives its successors' administrators: view permissions only


def today() -> date:
    return timezone.localdate()


def existed_on(unit: Unit, day: date) -> bool:
    return (unit.effective_from is None or unit.effective_from <= day) and (unit.ended_on is None or day < unit.ended_on)


def existing_on(units, day: date):
    """The units of a queryset that existed on `day` (the same rule as existed_on, in SQL)."""
    return units.filter(Q(effective_from__isnull=True) | Q(effective_from__lte=day),
                        Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def is_ended(unit: Unit | None) -> bool:
    """Ended by a reorganisation: archived with an end date (an archive kept readable, unlike a plain archived unit)."""
    return unit is not None and unit.ended_on is not None and unit.status == UnitStatus.ARCHIVED


def as_of(unit: Unit, day: date) -> dict:
    """{"name", "kind", "parent_id"} the unit had on `day` (its history row still valid then, else today's)."""
    row = UnitHistory.objects.select_related("kind").filter(unit=unit, valid_until__gt=day).order_by("valid_until").first()
    if row is None:
        return {"name": unit.name, "kind": unit.kind, "parent_id": unit.parent_id}
    return {"name": row.name, "kind": row.kind, "parent_id": row.parent_id}


def principal_successor(unit: Unit) -> Unit | None:
    """The successor that takes an ended unit's people and messages: the only one, else the full one, else the one
    with the largest share, else the first by code (a split unit's records go by address: the modules' business)."""
    edges = successions_of(unit)
    if not edges:
        return None
    full = [e for e in edges if e.kind == SuccessionKind.FULL]
    if full:
        return full[0].successor
    return sorted(edges, key=lambda e: (-(e.share or 0), e.successor.code))[0].successor


def write_refusal(unit: Unit | None) -> str | None:
    """The one guard of the read-only archive: the message refusing a write in an ended unit, or None when writes are
    allowed. GraphQL mutations, workspace and admin POSTs on the unit's host all ask it."""
    if not is_ended(unit):
        return None
    names = ", ".join(f"{e.successor.code} {e.successor.name}" for e in successions_of(unit))
    return _("Đơn vị %(unit)s đã chấm dứt hoạt động từ ngày %(day)s do sắp xếp đơn vị hành chính; dữ liệu chỉ để tra "
             "cứu, không thể thay đổi. Đơn vị kế thừa: %(successors)s.") % {
        "unit": unit.name, "day": unit.ended_on.strftime("%d/%m/%Y"), "successors": names or "-"}


def open_after_end(view):
    """Mark a view of a unit that still takes POSTs once the unit has ended in a reorganisation: what an outside party
    sends to the address it was given and must not be lost (a payment gateway's callback). The view sees the ended
    unit and hands the work to the successor that holds it now."""
    view.open_after_end = True
    return view


def forwarded(code: str) -> Unit | None:
    """The unit a message addressed to `code` goes to: the unit itself, or for an ended unit its principal successor
    (followed through several reorganisations). None when no unit has the code."""
    unit = Unit.objects.filter(code=code).first()
    seen = set()
    while unit is not None and is_ended(unit) and unit.pk not in seen:
        seen.add(unit.pk)
        unit = principal_successor(unit) or unit
    return unit


def grant_archive_readers(successor: Unit) -> int:
    """Give the successor's active administrators read access to each ended predecessor (a membership there with the
    archive reader role: view permissions only; writes are refused anyway). Returns memberships granted or updated."""
    from core.accounts.models import Membership
    from core.accounts.roles import ADMINISTRATOR
    from core.accounts.services import grant_membership

    archives = [e.predecessor for e in predecessors_of(successor) if is_ended(e.predecessor)]
    if not archives:
        return 0
    admins = list(Membership.objects.filter(unit=successor, is_active=True, roles__code=ADMINISTRATOR)
                  .values_list("user", flat=True).distinct())
    from django.contrib.auth import get_user_model

    people = list(get_user_model().objects.filter(pk__in=admins))
    granted = 0
    with transaction.atomic():
        for archive in archives:
            ensure_archive_reader_role(archive)
            for person in people:
                grant_membership(person, archive, [ARCHIVE_READER])
                granted += 1
    return granted


def revoke_archive_reader(user, successor: Unit) -> None:
    """The person is no longer an administrator of `successor`: the archive reader role it gave them goes."""
    from core.accounts.models import Membership, Role

    archives = [e.predecessor_id for e in predecessors_of(successor) if is_ended(e.predecessor)]
    for membership in Membership.objects.filter(user=user, unit_id__in=archives):
        membership.roles.remove(*Role.objects.filter(unit_id=membership.unit_id, code=ARCHIVE_READER))


def ensure_archive_reader_role(archive: Unit):
    """The archive reader role of an ended unit: every view permission a role of the unit may hold."""
    from core.accounts.models import Role
    from core.accounts.unit_permissions import assignable_permissions

    role, created = Role.objects.get_or_create(unit=archive, code=ARCHIVE_READER,
                                               defaults={"name": _("Tra cứu lưu trữ (đơn vị kế thừa)")})
    if created:
        role.permissions.set([p for p in assignable_permissions(archive) if p.codename.startswith("view_")])
    return role
