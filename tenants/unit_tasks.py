"""Tasks that run inside a unit: every such task names its unit and runs in that unit's schema.

    @unit_task()
    def recount(unit_schema, dossier_id): ...      # body runs with the unit's schema active

    recount.delay_for(unit, dossier_id=7)         # or fan_out(recount) for every ready unit

The schema is set from the unit and checked before the body runs; a unit that is not ready is skipped; the caller's
tenant is back afterwards (tenants.services.entered). Tasks are acked late and rejected when the worker dies, so their
bodies must be idempotent.
"""

import functools
import logging

from celery import shared_task
from django.db import OperationalError, connection, transaction

from tenants.services.unit_context import entered

log = logging.getLogger(__name__)


class WrongUnit(RuntimeError):
    """The task body was about to run outside the schema of the unit it names."""


def _unit_for(schema_name: str):
    from tenants.models import Unit

    return Unit.objects.filter(schema_name=schema_name).first()


def run_in_unit(schema_name: str, func, *args, **kwargs):
    """Run func(schema_name, ...) inside the unit's schema; None (and a log line) when the unit is not ready."""
    from tenants.models import UnitStatus

    unit = _unit_for(schema_name)
    if unit is None or unit.status != UnitStatus.READY:
        log.info("skipping %s for unit %s: not ready", getattr(func, "__name__", func), schema_name)
        return None
    with entered(unit):
        if connection.schema_name != schema_name:
            raise WrongUnit(f"expected schema {schema_name}, connection is on {connection.schema_name}")
        return func(schema_name, *args, **kwargs)


def unit_task(**task_options):
    """Declare a Celery task that runs in a unit's schema; its first argument is the unit's schema name."""
    options = {"bind": False, "autoretry_for": (OperationalError,), "retry_backoff": True,
               "retry_backoff_max": 300, "max_retries": 8, "acks_late": True, "reject_on_worker_lost": True}
    options.update(task_options)

    def decorate(func):
        @functools.wraps(func)
        def body(schema_name, *args, **kwargs):
            return run_in_unit(schema_name, func, *args, **kwargs)

        task = shared_task(**options)(body)

        def delay_for(unit, *args, **kwargs):
            """Queue for one unit once the current transaction commits."""
            transaction.on_commit(lambda: task.apply_async(args=(unit.schema_name, *args), kwargs=kwargs))

        task.delay_for = delay_for
        return task

    return decorate


def ready_unit_schemas(module: str | None = None) -> list[str]:
    """Schemas of the units a periodic task fans out to: ready ones, and those with `module` enabled when given."""
    from tenants.models import Unit, UnitStatus

    units = Unit.objects.filter(status=UnitStatus.READY)
    if module is not None:
        from core.modules.services import units_with_module

        units = units.filter(pk__in=units_with_module(module))
    return list(units.order_by("code").values_list("schema_name", flat=True))


def fan_out(task, *args, module: str | None = None, **kwargs) -> int:
    """Queue `task` once per ready unit (optionally only where `module` is enabled). Returns how many were queued."""
    schemas = ready_unit_schemas(module)
    for schema in schemas:
        task.apply_async(args=(schema, *args), kwargs=kwargs)
    return len(schemas)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def fan_out_task(task_name: str, *args, module: str | None = None) -> int:
    """The periodic entry point: queue `task_name` for every ready unit (where `module` is enabled, when given)."""
    from celery import current_app

    return fan_out(current_app.tasks[task_name], *args, module=module)
