"""The unit tree (Unit.parent): units above a unit, units below it, the nearest unit above of a kind.

Every walk is the same recursive query (`WALK_CTE`), up or down, guarded against a loop in the data; code that
needs the tree inside a larger statement (statistics' roll-ups) embeds `below_cte()` rather than writing its own.
"""

from django.db import connection

from tenants.models import Unit

# walk(id, parent_id, depth, branch): the root at depth 0, then one level per step; `branch` is the unit directly
# below the root on the way (the root itself for the root). `path` stops a loop in bad data from running forever.
_WALK = """{name}(id, parent_id, depth, branch, path) AS (
    SELECT id, parent_id, 0, id, ARRAY[id] FROM tenants_unit WHERE id = %({root})s
  UNION ALL
    SELECT u.id, u.parent_id, w.depth + 1, CASE WHEN w.depth = 0 THEN u.id ELSE w.branch END, w.path || u.id
    FROM tenants_unit u JOIN {name} w ON {join} WHERE NOT u.id = ANY(w.path)
)"""
_JOIN = {"up": "u.id = w.parent_id", "down": "u.parent_id = w.id"}


def below_cte(name: str = "tree", root: str = "root") -> str:
    """The recursive CTE (without WITH RECURSIVE) of the unit `%(root)s` and every unit below it, as
    `name(id, parent_id, depth, branch, path)`, for a statement that joins the tree with its own tables."""
    return _WALK.format(name=name, root=root, join=_JOIN["down"])


def _walk(unit, direction: str) -> list[tuple[int, int, int]]:
    """(id, depth, branch) of the unit and every unit above or below it: one query."""
    cte = _WALK.format(name="walk", root="root", join=_JOIN[direction])
    with connection.cursor() as cur:
        cur.execute(f"WITH RECURSIVE {cte} SELECT id, depth, branch FROM walk ORDER BY depth", {"root": unit.pk})
        return cur.fetchall()


def ancestor_ids(unit, include_self: bool = False) -> list[int]:
    """Ids of the units above `unit`, nearest first (the unit's own first with include_self)."""
    return [pk for pk, depth, _ in _walk(unit, "up") if include_self or depth > 0]


def ancestors(unit, include_self: bool = False) -> list[Unit]:
    """The units above `unit` (with their kinds), nearest first."""
    ids = ancestor_ids(unit, include_self)
    found = Unit.objects.select_related("kind").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def nearest_above(unit, kind_code: str) -> Unit | None:
    """The nearest unit above `unit` whose kind is `kind_code`, or None."""
    return next((u for u in ancestors(unit) if u.kind.code == kind_code), None)


def descendants(unit, include_self: bool = False) -> list[Unit]:
    """The units below `unit`, depth first (each unit followed by the units below it, siblings by code). Each carries
    `depth` (1 directly below) and `branch_id` (the unit directly below `unit` it belongs under)."""
    rows = _walk(unit, "down")
    found = Unit.objects.select_related("kind").in_bulk([pk for pk, _, _ in rows])
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
