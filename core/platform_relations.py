"""A unit's rows with the platform's rows they refer to (a dossier's assignee, an event's actor): the one way to read
them together, on whichever database server the unit lives.

    rows = with_related(DossierEvent.objects.filter(dossier=d), "actor")     # instead of .select_related("actor")

On the platform's server this is select_related (one join). Inside a unit on another server (docs/ict/scale-out.md)
the platform's tables are foreign tables (postgres_fdw), and a join into one reads the whole remote table on every
query, growing with the installation's people; there a relation into the platform's tables is prefetched instead:
one query by primary keys on the platform's own connection (tenants.routers sends the platform's models there), so a
page costs the same number of queries on any server. The GraphQL lists' optimizer (core.api.optimizer) decides the
same way, and so do the unit admin's lists (PlatformRelationsAdmin) and inline tables (PlatformRelationsInline);
tests/test_platform_joins.py keeps any other join into the platform's tables out of the units' code.
"""

from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator


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


class PlatformRelationsInline:
    """For an inline table of a unit's model (a document's history, a department's people): the foreign keys into
    the platform's tables its rows show (fields, readonly_fields, raw_id_fields) read with the rows through
    with_related - one query for the table, not one a row. A raw-id field labels its row's person from what that
    query read; an editable row is saved as before."""

    def get_queryset(self, request):
        return with_related(super().get_queryset(request), *inline_relations(self))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        name = db_field.name
        if name in self.raw_id_fields and "widget" not in kwargs and reaches_platform(self.model, name):
            kwargs["widget"] = RowRawIdWidget(db_field.remote_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        raw = tuple(name for name in self.raw_id_fields if reaches_platform(self.model, name))
        return type(formset.__name__, (_RowsRead, formset), {"raw_platform_fields": raw}) if raw else formset


def inline_relations(inline) -> list[str]:
    """The foreign keys into the platform's tables an inline's rows show: in its fieldsets or fields (every field
    when it names none), readonly_fields and raw_id_fields, less what it excludes."""
    model = inline.model
    if inline.fieldsets:
        names = flatten_fieldsets(inline.fieldsets)
    else:
        names = list(inline.fields or [f.name for f in model._meta.fields])
    names += [*inline.readonly_fields, *inline.raw_id_fields]
    shown = []
    for name in dict.fromkeys(n for n in names if isinstance(n, str) and n not in (inline.exclude or ())):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a method or an admin's callable
        if field.many_to_one and reaches_platform(model, name):
            shown.append(name)
    return shown


class RowRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id field of an inline's row: labelled with the object its row's query read (row_value, set by the
    formset for each row), where Django's widget reads it again, a query a row; any other value as Django does."""

    row_value = None

    def label_and_url_for_value(self, value):
        known = self.row_value
        if known is None or str(getattr(known, self.rel.get_related_field().attname)) != str(value):
            return super().label_and_url_for_value(value)
        opts = known._meta
        try:
            url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=(known.pk,))
        except NoReverseMatch:
            url = ""  # the site has no page for the model
        return Truncator(known).words(14), url


class _RowsRead:
    """An inline's formset: each row's raw-id widgets get the related object the row was read with."""

    raw_platform_fields: tuple[str, ...] = ()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name in self.raw_platform_fields:
            field, bound = form.instance._meta.get_field(name), form.fields.get(name)
            if bound is not None and isinstance(bound.widget, RowRawIdWidget) and field.is_cached(form.instance):
                bound.widget.row_value = field.get_cached_value(form.instance)
        return form
