"""The unit tree (Unit.parent): units above a unit, units below it, the nearest unit above of a kind.

Every walk is the same recursive query (`WALK_CTE`), up or down, guarded against a loop in the data; code that
needs the tree inside a larger statement (statistics' roll-ups) embeds `below_cte()` rather than writing its own.

Each function takes `at=` (a date): the tree as it was that day (docs/ict/reorganisation.md) - only the units that
existed then (Unit.effective_from, Unit.ended_on), under the parent and with the name and kind they had then (a unit
that continued through a reorganisation keeps its earlier ones in UnitHistory). Without `at=`: the tree as recorded
now, ended units included.
"""

from datetime import date

from django.db import connection

from tenants.models import Unit, UnitHistory, UnitKind

# walk(id, parent_id, depth, branch): the root at depth 0, then one level per step; `branch` is the unit directly
# below the root on the way (the root itself for the root). `path` stops a loop in bad data from running forever.
_WALK = """{name}(id, parent_id, depth, branch, path) AS (
    SELECT id, parent_id, 0, id, ARRAY[id] FROM {units} WHERE id = %({root})s
  UNION ALL
    SELECT u.id, u.parent_id, w.depth + 1, CASE WHEN w.depth = 0 THEN u.id ELSE w.branch END, w.path || u.id
    FROM {units} u JOIN {name} w ON {join} WHERE NOT u.id = ANY(w.path)
)"""
# The units that existed on %(at)s, each under the parent it had then: the earliest history row still valid that day
# when there is one, else the unit's own parent.
_UNITS_AT = """units_at(id, parent_id) AS (
    SELECT u.id, CASE WHEN h.unit_id IS NULL THEN u.parent_id ELSE h.parent_id END
    FROM tenants_unit u LEFT JOIN (
        SELECT DISTINCT ON (unit_id) unit_id, parent_id FROM tenants_unithistory
        WHERE valid_until > %(at)s ORDER BY unit_id, valid_until) h ON h.unit_id = u.id
    WHERE (u.effective_from IS NULL OR u.effective_from <= %(at)s) AND (u.ended_on IS NULL OR u.ended_on > %(at)s)
)"""
_JOIN = {"up": "u.id = w.parent_id", "down": "u.parent_id = w.id"}


def below_cte(name: str = "tree", root: str = "root") -> str:
    """The recursive CTE (without WITH RECURSIVE) of the unit `%(root)s` and every unit below it, as
    `name(id, parent_id, depth, branch, path)`, for a statement that joins the tree with its own tables."""
    return _WALK.format(name=name, root=root, join=_JOIN["down"], units="tenants_unit")


def _walk(unit, direction: str, at: date | None = None) -> list[tuple[int, int, int]]:
    """(id, depth, branch) of the unit and every unit above or below it (on the day `at`): one query."""
    cte = _WALK.format(name="walk", root="root", join=_JOIN[direction], units="units_at" if at else "tenants_unit")
    if at is not None:
        cte = f"{_UNITS_AT}, {cte}"
    with connection.cursor() as cur:
        cur.execute(f"WITH RECURSIVE {cte} SELECT id, depth, branch FROM walk ORDER BY depth",
                    {"root": unit.pk, "at": at})
        return cur.fetchall()


def _as_of(units: dict[int, Unit], at: date | None) -> dict[int, Unit]:
    """The units with the name, kind and parent each had on `at` (in memory, never saved)."""
    if at is None or not units:
        return units
    rows = (UnitHistory.objects.filter(unit_id__in=list(units), valid_until__gt=at)
            .order_by("unit_id", "-valid_until"))  # the earliest row still valid that day is applied last
    earlier = {row.unit_id: row for row in rows}
    kinds = UnitKind.objects.in_bulk({row.kind_id for row in earlier.values()})
    for pk, row in earlier.items():
        unit = units[pk]
        unit.name, unit.kind, unit.parent_id = row.name, kinds[row.kind_id], row.parent_id
    return units


def ancestor_ids(unit, include_self: bool = False, at: date | None = None) -> list[int]:
    """Ids of the units above `unit`, nearest first (the unit's own first with include_self)."""
    return [pk for pk, depth, _ in _walk(unit, "up", at) if include_self or depth > 0]


def ancestors(unit, include_self: bool = False, at: date | None = None) -> list[Unit]:
    """The units above `unit` (with their kinds), nearest first."""
    ids = ancestor_ids(unit, include_self, at)
    found = _as_of(Unit.objects.select_related("kind").in_bulk(ids), at)
    return [found[pk] for pk in ids if pk in found]


def nearest_above(unit, kind_code: str, at: date | None = None) -> Unit | None:
    """The nearest unit above `unit` whose kind is `kind_code`, or None."""
    return next((u for u in ancestors(unit, at=at) if u.kind.code == kind_code), None)


def descendants(unit, include_self: bool = False, at: date | None = None) -> list[Unit]:
    """The units below `unit`, depth first (each unit followed by the units below it, siblings by code). Each carries
    `depth` (1 directly below) and `branch_id` (the unit directly below `unit` it belongs under). With `at`, empty
    when `unit` did not exist that day."""
    rows = _walk(unit, "down", at)
    found = _as_of(Unit.objects.select_related("kind").in_bulk([pk for pk, _, _ in rows]), at)
    children: dict[int, list[Unit]] = {}
    for pk, depth, branch in rows:
        member = found.get(pk)
        if member is None:
            continue
        member.depth, member.branch_id = depth, branch
        if depth > 0:
            children.setdefault(member.parent_id, []).append(member)
    root = found.get(unit.pk)
    if root is None:
        return []
    ordered, stack = [], [root]
    while stack:
        current = stack.pop()
        ordered.append(current)
        stack.extend(sorted(children.get(current.pk, []), key=lambda u: u.code, reverse=True))
    return ordered if include_self else ordered[1:]
