"""The one placement router: the platform's tables on the platform's server, a unit's tables on its own.

Inside a unit placed on another server, tenants.services.unit_context.on_server makes that server's connection the
one named `default` (so django.db.connection, transaction.atomic() and every raw query of the unit's code reach it);
this router then sends the models of the platform's apps (people, memberships, roles, units, catalogues) to the
platform's own connection, by app label. Outside such a unit everything is on `default`, as before.
"""

from functools import cache

from django.conf import settings
from django.db import connections
from django_tenants.routers import TenantSyncRouter
from django_tenants.utils import get_public_schema_name

from tenants.database_servers import DEFAULT, PLATFORM


@cache
def _platform_apps() -> frozenset[str]:
    from django.apps import apps

    shared = set(settings.SHARED_APPS) - set(settings.TENANT_APPS)
    return frozenset(config.label for config in apps.get_app_configs() if config.name in shared)


def is_platform_model(model) -> bool:
    return model._meta.app_label in _platform_apps()


class UnitPlacementRouter:
    def _route(self, model, **hints) -> str:
        if connections[DEFAULT].alias == DEFAULT:
            return DEFAULT  # the platform's server (a unit there, or no unit): one connection, one transaction
        return PLATFORM if is_platform_model(model) else DEFAULT

    db_for_read = _route
    db_for_write = _route

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # a unit's rows refer to the platform's by value (db_constraint=False)

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == DEFAULT:
            return None  # django-tenants' TenantSyncRouter decides (shared apps in public, tenant apps in units)
        # Another server (TenantSyncRouter refuses every alias but default): units' apps in units' schemas (and the
        # template), nothing in its public schema, which holds the platform's tables as foreign tables.
        if connections[db].schema_name == get_public_schema_name():
            return False
        return TenantSyncRouter().app_in_list(app_label, settings.TENANT_APPS)
