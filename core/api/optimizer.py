"""select_related / prefetch_related computed from what a query asks for, so a list costs the same number of SQL
queries whatever its page size.

A type names, per field, the relation that field reads:

    class MembershipType(graphene.ObjectType):
        optimizations = {"user": select("user"), "roles": prefetch("roles")}

Nested selections follow the field's own type (its `optimizations`), with the path prefixed.

Inside a unit on another database server (docs/ict/scale-out.md) a join from the unit's rows to the platform's (a
dossier's assignee) would read the whole platform table through postgres_fdw for every query; such a relation is
prefetched instead, one query by primary keys on the platform's own connection (core.platform_relations decides, as
for the units' other reads).
"""

from dataclasses import dataclass

from graphene.utils.str_converters import to_camel_case
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

from core.platform_relations import in_unit_elsewhere, reaches_platform


@dataclass(frozen=True)
class Related:
    path: str
    prefetch: bool = False


def select(path: str) -> Related:
    return Related(path, prefetch=False)


def prefetch(path: str) -> Related:
    return Related(path, prefetch=True)


def children(selection_sets, info) -> dict[str, list[SelectionSetNode | None]]:
    """Field name -> the selection sets under it, across aliases, fragments and inline fragments."""
    found: dict[str, list[SelectionSetNode | None]] = {}

    def walk(selection_set):
        if selection_set is None:
            return
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                found.setdefault(sel.name.value, []).append(sel.selection_set)
            elif isinstance(sel, InlineFragmentNode):
                walk(sel.selection_set)
            elif isinstance(sel, FragmentSpreadNode):
                fragment = info.fragments.get(sel.name.value)
                if fragment is not None:
                    walk(fragment.selection_set)

    for selection_set in selection_sets:
        walk(selection_set)
    return found


def _unwrap(graphene_type):
    while hasattr(graphene_type, "of_type"):
        graphene_type = graphene_type.of_type
    return graphene_type


def _plan(node_type, selection_sets, info, prefix: str, in_prefetch: bool, selects: set, prefetches: set) -> None:
    meta = getattr(node_type, "_meta", None)
    rules = getattr(node_type, "optimizations", None)
    if meta is None or not rules:
        return
    by_graphql_name = {(field.name or to_camel_case(name)): name for name, field in meta.fields.items()}
    for graphql_name, sub_sets in children(selection_sets, info).items():
        name = by_graphql_name.get(graphql_name)
        rule = rules.get(name) if name else None
        if rule is None:
            continue
        path = prefix + rule.path
        nested_prefetch = in_prefetch or rule.prefetch
        (prefetches if nested_prefetch else selects).add(path)
        _plan(_unwrap(meta.fields[name].type), sub_sets, info, path + "__", nested_prefetch, selects, prefetches)


def optimize(queryset, info, node_type, selection_sets):
    """The queryset with the relations `selection_sets` (on node_type) read joined or prefetched."""
    selects: set[str] = set()
    prefetches: set[str] = set()
    _plan(node_type, selection_sets, info, "", False, selects, prefetches)
    if selects and in_unit_elsewhere():  # in a unit on another server: no join into foreign tables
        remote = {path for path in selects if reaches_platform(queryset.model, path)}
        selects, prefetches = selects - remote, prefetches | remote
    if selects:
        queryset = queryset.select_related(*sorted(selects))
    if prefetches:
        queryset = queryset.prefetch_related(*sorted(prefetches))
    return queryset


def node_selections(info) -> list[SelectionSetNode | None]:
    """The selection sets of `edges { node { ... } }` under the connection field being resolved."""
    edges = children([node.selection_set for node in info.field_nodes], info).get("edges", [])
    return children(edges, info).get("node", [])
