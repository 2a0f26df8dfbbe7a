"""A unit's rows in the platform's (public) tables, for its backup: the unit row and every row that hangs from it
(domains, roles, memberships, invitations, module enabling, calendar, reporting facts ...), found by walking the
models' foreign keys, so a module that adds such a table is backed up without being listed here.

References to rows outside the set (people, permissions, content types) are written by natural key where the model
has one (a user by username), so the rows can be restored into another installation.
"""

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db.models import Q

from tenants.models import Unit


def _shared_models() -> list:
    shared = set(settings.SHARED_APPS) - set(settings.TENANT_APPS)
    return [m for m in apps.get_models() if m._meta.app_config.name in shared and m._meta.managed
            and not m._meta.proxy and m is not Unit]


def _links(model, collected: dict) -> list:
    """The model's foreign keys to collected models."""
    return [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one
            if f.related_model in collected]


def collect(unit: Unit) -> tuple[list, dict]:
    """(objects in an order where a row comes after those it refers to, {model: set of primary keys})."""
    collected: dict = {Unit: {unit.pk}}
    objects: list = [unit]
    pending = _shared_models()
    while True:
        ready = [m for m in pending if _links(m, collected)]
        if not ready:
            return objects, collected
        for model in ready:
            query = Q()
            for f in _links(model, collected):
                query |= Q(**{f"{f.attname}__in": collected[f.related_model]})
            rows = list(model._base_manager.filter(query).order_by("pk"))
            collected[model] = {r.pk for r in rows}
            objects += rows
            pending.remove(model)


def dump(unit: Unit) -> str:
    objects, _ = collect(unit)
    return serializers.serialize("json", objects, use_natural_foreign_keys=True)


def models_in(data: str) -> list[str]:
    """The labels of the models a dump holds, in its order."""
    import json

    seen: list[str] = []
    for row in json.loads(data):
        if row["model"] not in seen:
            seen.append(row["model"])
    return seen
