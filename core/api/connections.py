"""Lists are Relay connections: cursors, a page size limit, filtering and ordering, and SQL that does not grow with
the page size (see core.api.optimizer).

    members = ListConnectionField(MembershipConnection, filter=MembershipFilter, order_by=MEMBER_ORDER,
                                  object_permission="accounts.view_membership")

    @requires()
    def resolve_members(root, info):
        return Membership.objects.filter(unit=info.context.unit)   # a queryset; paging is done here
"""

import binascii
from functools import partial

import graphene
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from graphene import relay
from graphql_relay import cursor_to_offset, offset_to_cursor

from core.api.errors import INVALID_ARGUMENT, INVALID_CURSOR, PAGE_TOO_LARGE, ApiError
from core.api.optimizer import node_selections, optimize
from core.api.permissions import objects_for_user, user_of


class CountableConnection(relay.Connection):
    """A connection with `totalCount` (counted only when asked for)."""

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, strict_types=True, **options):
        # edges: [Edge!]!, node: T! - a list never holds nulls
        super().__init_subclass_with_meta__(strict_types=strict_types, **options)

    total_count = graphene.Int(required=True, description="Tổng số mục khớp bộ lọc (mọi trang). / Items matching the filter.")

    @staticmethod
    def resolve_total_count(root, info):
        source = root.source
        return source.count() if isinstance(source, QuerySet) else len(source)


class OrderDirection(graphene.Enum):
    """Chiều sắp xếp. / Sort direction."""

    ASC = "asc"
    DESC = "desc"


class FilterInput(graphene.InputObjectType):
    """Base of list filters: `lookups` maps an input field to an ORM lookup; `search` matches `search_fields`."""

    class Meta:
        abstract = True

    lookups: dict[str, str] = {}
    search_fields: tuple[str, ...] = ()

    @classmethod
    def filter_queryset(cls, queryset, values):
        for name, value in values.items():
            if value is None:
                continue
            if name == "search" and cls.search_fields:
                term = value.strip()
                if term:
                    q = Q()
                    for lookup in cls.search_fields:
                        q |= Q(**{f"{lookup}__icontains": term})
                    queryset = queryset.filter(q)
            elif name in cls.lookups:
                queryset = queryset.filter(**{cls.lookups[name]: value})
        return queryset


class Ordering:
    """An `orderBy: {field: X, direction: ASC}` argument: enum names mapped to ORM fields; pk breaks ties."""

    def __init__(self, name: str, fields: dict[str, str], default: str):
        self.fields = fields
        self.default = default
        self.enum = graphene.Enum(f"{name}Field", [(key, key.lower()) for key in fields],
                                  description=f"Trường sắp xếp. / Sort field. Default: {default}.")
        self.input = type(name, (graphene.InputObjectType,), {
            "__doc__": "Sắp xếp danh sách. / List ordering.",
            "field": graphene.InputField(self.enum, required=True),
            "direction": graphene.InputField(OrderDirection, default_value=OrderDirection.ASC),
        })

    def apply(self, queryset, value):
        key, direction = self.default, "asc"
        if value:
            field = value.get("field")
            key = getattr(field, "name", None) or str(field).upper()
            direction = getattr(value.get("direction"), "value", value.get("direction")) or "asc"
        sign = "-" if direction == "desc" else ""
        return queryset.order_by(f"{sign}{self.fields[key]}", f"{sign}pk")


def page_size_limit() -> int:
    return settings.GRAPHQL_MAX_PAGE_SIZE


MAX_OFFSET = 2**31 - 1  # a forged cursor beyond this would overflow the database's OFFSET


def _offset(cursor: str | None, name: str) -> int | None:
    if cursor is None:
        return None
    try:
        offset = cursor_to_offset(cursor)
    except (binascii.Error, ValueError, TypeError):
        offset = None
    if offset is None or not 0 <= offset <= MAX_OFFSET:
        raise ApiError(INVALID_CURSOR, _("Con trỏ %(name)s không hợp lệ.") % {"name": name})
    return offset


def _check_size(value: int | None, name: str) -> None:
    if value is None:
        return
    if value < 0:
        raise ApiError(INVALID_ARGUMENT, _("%(name)s không được âm.") % {"name": name})
    if value > page_size_limit():
        raise ApiError(PAGE_TOO_LARGE, _("%(name)s tối đa là %(max)d mục một trang.")
                       % {"name": name, "max": page_size_limit()}, max=page_size_limit())


def paginate(source, connection_type, first=None, last=None, after=None, before=None):
    """One page of `source` (a queryset or a list) as a connection; counts only when `last` needs the end."""
    _check_size(first, "first")
    _check_size(last, "last")
    if first is not None and last is not None:
        raise ApiError(INVALID_ARGUMENT, _("Chỉ dùng một trong first và last."))
    start = (_offset(after, "after") + 1) if after is not None else 0
    end = _offset(before, "before")
    if first is None and last is None:
        first = settings.GRAPHQL_DEFAULT_PAGE_SIZE
    if last is not None:
        if end is None:
            end = source.count() if isinstance(source, QuerySet) else len(source)
        window_start = max(start, end - last)
        rows = list(source[window_start:end]) if end > window_start else []
        has_previous, has_next = window_start > 0, before is not None
        start = window_start
    else:
        limit = first if end is None else max(0, min(first, end - start))
        rows = list(source[start:start + limit + 1]) if limit else []
        has_next = len(rows) > limit or (end is not None and start + limit < end)
        rows = rows[:limit]
        has_previous = start > 0
    edges = [connection_type.Edge(node=row, cursor=offset_to_cursor(start + i)) for i, row in enumerate(rows)]
    connection = connection_type(edges=edges, page_info=relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None, end_cursor=edges[-1].cursor if edges else None,
        has_previous_page=has_previous, has_next_page=has_next))
    connection.source = source
    return connection


class ListConnectionField(relay.ConnectionField):
    """A paginated list. The resolver returns a queryset (or a list); this field filters, orders, checks object
    permissions in bulk, joins or prefetches what the query selects, then cuts the page."""

    def __init__(self, connection_type, *args, filter=None, order_by: Ordering | None = None,
                 object_permission: str | None = None, **kwargs):
        self.filter_type = filter
        self.ordering = order_by
        self.object_permission = object_permission
        if filter is not None:
            kwargs.setdefault("filter", graphene.Argument(filter))
        if order_by is not None:
            kwargs.setdefault("order_by", graphene.Argument(order_by.input))
        super().__init__(connection_type, *args, **kwargs)

    def wrap_resolve(self, parent_resolver):
        resolver = super(relay.ConnectionField, self).wrap_resolve(parent_resolver)
        return partial(self.resolve_list, resolver)

    def resolve_list(self, resolver, root, info, first=None, last=None, after=None, before=None,
                     filter=None, order_by=None, **args):
        connection_type = self.type.of_type if isinstance(self.type, graphene.NonNull) else self.type
        source = resolver(root, info, **args)
        if isinstance(source, QuerySet):
            if self.object_permission:
                source = objects_for_user(user_of(info), self.object_permission, source)
            if filter and self.filter_type is not None:
                source = self.filter_type.filter_queryset(source, filter)
            if self.ordering is not None:
                source = self.ordering.apply(source, order_by)
            elif not source.ordered:
                source = source.order_by("pk")
            source = optimize(source, info, connection_type._meta.node, node_selections(info))
        elif source is None:
            source = []
        return paginate(source, connection_type, first=first, last=last, after=after, before=before)
