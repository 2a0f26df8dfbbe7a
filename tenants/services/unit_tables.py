"""A module's tables in a unit's schema, made when the module is first enabled there.

A new unit gets the kernel's tables only (about a tenth of every table's cost: docs/ict/provisioning.md): most units
enable a few modules, and at national scale the tables of the others were most of provisioning's time. Enabling a
module (core.modules.services.enable) calls `make_module_tables` in the enabling transaction; disabling keeps them
with their rows. The tables come from the template's clone script when the template is current, else from the
migrations (a template behind during an upgrade, or not clonable).
"""

import logging

from django.db import transaction

from tenants.database_servers import DEFAULT
from tenants.services.schema_clone import CloneUnsupported, clone_apps
from tenants.services.schema_migrations import (
    app_labels,
    code_fingerprint,
    migrate_schema,
    schema_apps,
    unit_app_labels,
    unit_apps,
)
from tenants.services.template import lock_template, template_fingerprint
from tenants.services.unit_context import entered, on_server

log = logging.getLogger(__name__)


def module_label(module_id: str) -> str | None:
    """The label of the module's app (None for a module not loaded here)."""
    from core.modules.registry import all_manifests

    manifest = all_manifests().get(module_id)
    return app_labels().get(manifest.app) if manifest else None


def held_apps(unit) -> frozenset[str]:
    """The unit apps whose tables the unit's schema holds (read on its server)."""
    with on_server(unit.database or DEFAULT):
        return schema_apps(unit.schema_name)


def module_app_labels(module_ids) -> frozenset[str]:
    """The unit apps of these modules and of the modules they depend on (by label)."""
    from core.modules.registry import get_manifest

    labels, seen, todo = set(), set(), list(module_ids)
    label_of = app_labels()
    while todo:
        manifest = get_manifest(todo.pop())
        if manifest.id in seen:
            continue
        seen.add(manifest.id)
        todo += list(manifest.depends)
        labels.add(label_of.get(manifest.app))
    return frozenset(labels) & unit_app_labels()  # a module without tables in units has none to make


def missing_tables(schema: str, labels: frozenset[str]) -> frozenset[str]:
    """Which of the apps `labels` need (with the apps they depend on) the schema does not hold yet."""
    held = schema_apps(schema)
    return unit_apps(held | labels) - held


def make_app_tables(schema: str, labels: frozenset[str]) -> frozenset[str]:
    """Give an existing unit schema the tables of `labels` (and of the apps they depend on) it lacks, in the
    caller's transaction on the schema's server; returns the apps whose tables were made."""
    missing = missing_tables(schema, labels)
    if not missing:
        return missing
    with transaction.atomic():
        lock_template(shared=True)  # never a half-migrated template's script; clones and enablings side by side
        fingerprint = template_fingerprint()
        if fingerprint == code_fingerprint():
            try:
                with transaction.atomic():  # a savepoint: a refusal leaves the migrations below to run
                    clone_apps(schema, fingerprint, missing)
                return missing
            except CloneUnsupported as exc:
                log.warning("template cannot be cloned (%s); running migrations in %s", exc, schema)
        migrate_schema(schema, labels)
    return missing


def make_module_tables(unit, module_ids) -> frozenset[str]:
    """The tables of these modules (and of those they depend on) in the unit's schema, if it lacks them, on the
    unit's server in its transaction there."""
    with entered(unit):
        return make_app_tables(unit.schema_name, module_app_labels(module_ids))
