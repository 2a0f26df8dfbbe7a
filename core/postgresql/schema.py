"""Django's PostgreSQL schema editor without the `_like` twin indexes in units' tables.

For every indexed or unique varchar/text column Django builds a second B-tree with varchar_pattern_ops (named
`..._like`), which only serves `LIKE 'prefix%'` (`__startswith`, `__contains` on the column itself) outside the C
locale. No query on a unit's tables does that (`__icontains` and `__iexact` use neither index), and every unit is
a copy of the template: those 37 indexes were about an eighth of the index builds of each new unit, each one fsynced
by PostgreSQL 15/16 (docs/ict/benchmarks.md). So they are not made for the tables of apps that live only in units'
schemas; the platform's tables (public) keep Django's behaviour. A unit's column that comes to be matched by prefix
is listed in PATTERN_INDEXED (table, column) and gets its index again (a migration touching the field makes it).
Django has no model option for this: `db_index` and `unique` always bring the twin along.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db.backends.postgresql import schema

PATTERN_INDEXED: frozenset[tuple[str, str]] = frozenset()


@cache
def unit_app_labels() -> frozenset[str]:
    """Labels of the apps whose tables are in units' schemas only."""
    unit_only = set(settings.TENANT_APPS) - set(settings.SHARED_APPS)
    return frozenset(config.label for config in apps.get_app_configs() if config.name in unit_only)


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _create_like_index_sql(self, model, field):
        if (model._meta.app_label in unit_app_labels()
                and (model._meta.db_table, field.column) not in PATTERN_INDEXED):
            return None
        return super()._create_like_index_sql(model, field)
