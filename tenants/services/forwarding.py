"""Forwarding addresses: where a record that left an ended unit in a reorganisation lives now.

A module that carries a record to a successor writes `forward(kind, key, from_unit, to_unit)` in the same transaction;
a look-up that lands on an ended unit calls `follow(kind, key, unit)`, which follows the chain (a record may move
again when its successor is itself reorganised later) to the unit that holds it.
"""

from datetime import datetime

from django.utils import timezone

from tenants.models import Forwarding, SuccessionKind, Unit, UnitSuccession

_MAX_HOPS = 20  # reorganisations of one territory in a record's life: far fewer; guards against a cycle in bad data


def forward(kind: str, key: str, from_unit: Unit, to_unit: Unit, *, at: datetime | None = None) -> Forwarding:
    """Record that (kind, key) left `from_unit` for `to_unit`; again for the same record: the new address."""
    row, _ = Forwarding.objects.update_or_create(
        kind=kind, key=key, from_unit=from_unit,
        defaults={"to_unit": to_unit, "moved_at": at or timezone.now()})
    return row


def forward_many(kind: str, keys, from_unit: Unit, to_unit: Unit, *, at: datetime | None = None) -> int:
    """`forward` for many records at once (one statement); a record already forwarded gets the new address."""
    at = at or timezone.now()
    rows = [Forwarding(kind=kind, key=key, from_unit=from_unit, to_unit=to_unit, moved_at=at) for key in keys]
    Forwarding.objects.bulk_create(rows, update_conflicts=True, unique_fields=["kind", "key", "from_unit"],
                                   update_fields=["to_unit", "moved_at"])
    return len(rows)


def forward_missing(kind: str, moved, from_unit: Unit, *, at: datetime | None = None) -> None:
    """Addresses for records (`moved`: (key, the unit it went to) pairs) that have none, an address already there
    kept. A reorganisation step calls it for what an earlier attempt handed over: where the old unit and its
    successor share a server, that server commits the hand-overs before the platform's commit, which may then fail
    (two databases, docs/ict/scale-out.md); the re-run finds those records done and writes only their addresses."""
    at = at or timezone.now()
    rows = [Forwarding(kind=kind, key=key, from_unit=from_unit, to_unit=to_unit, moved_at=at) for key, to_unit in moved]
    Forwarding.objects.bulk_create(rows, ignore_conflicts=True)


def follow(kind: str, key: str, unit: Unit) -> Unit:
    """The unit that holds (kind, key) now, starting from `unit` (itself when the record never left it)."""
    seen = {unit.pk}
    for _ in range(_MAX_HOPS):
        row = Forwarding.objects.select_related("to_unit").filter(kind=kind, key=key, from_unit=unit).first()
        if row is None or row.to_unit_id in seen:
            return unit
        unit = row.to_unit
        seen.add(unit.pk)
    return unit


def predecessors_of(unit: Unit, *, kind: str | None = None) -> list[UnitSuccession]:
    """The successions in which `unit` took over (all or part of) another unit, the predecessor loaded."""
    rows = UnitSuccession.objects.select_related("predecessor").filter(successor=unit)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("predecessor__code"))


def successions_of(unit: Unit) -> list[UnitSuccession]:
    """The successions of an ended unit: who took it over, how (full/partial, share), when, by which decision."""
    return list(UnitSuccession.objects.select_related("successor").filter(predecessor=unit)
                .order_by("successor__code"))


def principal_successor(successors):
    """Of the successors a reorganisation hook receives (core.modules.reorganisation.Successor), the one that takes
    an old unit's undivided work when nothing else says where it goes: the one that takes it whole, else the largest
    share, else the first by code (the platform's own rule for people and messages)."""
    return min(successors, key=lambda s: (s.kind != SuccessionKind.FULL, -(s.share or 0), s.unit.code))


def is_successor(unit: Unit, predecessor: Unit) -> bool:
    return UnitSuccession.objects.filter(successor=unit, predecessor=predecessor).exists()


__all__ = ["SuccessionKind", "follow", "forward", "forward_many", "is_successor", "predecessors_of",
           "principal_successor", "successions_of"]
