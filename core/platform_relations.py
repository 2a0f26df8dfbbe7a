"""A unit's rows with the platform's rows they refer to (a dossier's assignee, an event's actor): the one way to read
them together, on whichever database server the unit lives.

    rows = with_related(DossierEvent.objects.filter(dossier=d), "actor")     # instead of .select_related("actor")

On the platform's server this is select_related (one join). Inside a unit on another server (docs/ict/scale-out.md)
the platform's tables are foreign tables (postgres_fdw), and a join into one reads the whole remote table on every
query, growing with the installation's people; there a relation into the platform's tables is prefetched instead:
one query by primary keys on the platform's own connection (tenants.routers sends the platform's models there), so a
page costs the same number of queries on any server. The GraphQL lists' optimizer (core.api.optimizer) decides the
same way; tests/test_platform_joins.py keeps any other join into the platform's tables out of the units' code.
"""

from django.db import connections
from django.db.models import QuerySet


def in_unit_elsewhere() -> bool:
    """Whether the thread is inside a unit placed on a server other than the platform's."""
    from tenants.database_servers import DEFAULT

    return connections[DEFAULT].alias != DEFAULT


def platform_hop(model, path: str) -> int | None:
    """The index of the first part of `path` (from a unit's `model`) that reaches one of the platform's models
    (tenants.routers), or None when the path stays in the unit's tables (or starts from the platform's)."""
    from tenants.routers import is_platform_model

    if is_platform_model(model):
        return None
    for index, part in enumerate(path.split("__")):
        model = model._meta.get_field(part).related_model
        if model is None:
            return None
        if is_platform_model(model):
            return index
    return None


def reaches_platform(model, path: str) -> bool:
    return platform_hop(model, path) is not None


def with_related(queryset: QuerySet, *paths: str) -> QuerySet:
    """`queryset.select_related(*paths)`, except that inside a unit on another server a path into the platform's
    tables is prefetched on the platform's connection (the unit's part of the path still joined)."""
    if not in_unit_elsewhere():
        return queryset.select_related(*paths)
    joined, fetched = [], []
    for path in paths:
        hop = platform_hop(queryset.model, path)
        if hop is None:
            joined.append(path)
            continue
        if hop:
            joined.append("__".join(path.split("__")[:hop]))
        fetched.append(path)
    if joined:
        queryset = queryset.select_related(*joined)
    return queryset.prefetch_related(*fetched) if fetched else queryset


class PlatformRelationsAdmin:
    """For the admin of a unit's model: the change list's foreign keys into the platform's tables (those it shows in
    list_display, and its list_select_related) read through with_related, never joined by Django's own
    select_related (which follows every non-null foreign key it is not told otherwise)."""

    def get_list_select_related(self, request):
        return ()  # ChangeList joins nothing itself: get_queryset below names the relations

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return with_related(queryset, *list_relations(self))


def list_relations(model_admin) -> list[str]:
    """The relations a change list reads per row: its list_select_related, or the foreign keys it shows."""
    model = model_admin.model
    declared = model_admin.list_select_related
    if declared and declared is not True:
        return list(declared)
    shown = []
    for name in model_admin.list_display:
        field = next((f for f in model._meta.get_fields() if f.name == name and f.many_to_one), None)
        if field is not None:
            shown.append(name)
    return shown
