"""Creating unit schemas: one unit (admin, API, Celery) or many (the command line, with progress)."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists
from django.utils import timezone

from core.modules import hooks
from tenants.database_servers import DEFAULT
from tenants.models import Domain, Unit, UnitStatus
from tenants.services.placement import check_server, least_loaded
from tenants.services.schema_clone import CloneUnsupported, clone_schema
from tenants.services.schema_migrations import code_fingerprint, migrate_schema
from tenants.services.spares import take_spare
from tenants.services.template import lock_template, template_fingerprint
from tenants.services.unit_context import on_server
from tenants.signals import unit_provisioned

log = logging.getLogger(__name__)


class Method(StrEnum):
    CLONE = "clone"
    MIGRATE = "migrate"


class ProvisioningError(Exception):
    pass


@dataclass
class Report:
    provisioned: list[str] = field(default_factory=list)
    already_ready: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    methods: dict[str, int] = field(default_factory=dict)


def schema_exists(schema_name: str) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_name])
        return cur.fetchone() is not None


def default_domain(unit: Unit) -> str:
    base = settings.EGOV_BASE_DOMAIN
    return f"{unit.schema_name.replace('_', '-')}.{base}"


def _create_schema(schema_name: str, method: Method, holding: frozenset[str] = frozenset()) -> Method:
    """Make a unit's schema with the kernel's tables (and those of the apps `holding`: a unit moved or restored with
    its modules' tables; tenants.services.unit_tables makes a module's on enabling). Clone when asked and the template
    is current and clonable (a spare made ahead of time when there is one); otherwise run the migrations."""
    if method == Method.CLONE:
        lock_template(shared=True)  # clones side by side; never one of a template being migrated
        # Read under the lock, for every unit: another process may have migrated the template since the last one.
        fingerprint = template_fingerprint()
        if fingerprint == code_fingerprint():
            if not holding and take_spare(schema_name):
                return Method.CLONE
            try:
                with transaction.atomic():  # a savepoint: refusing to clone (CloneUnsupported) leaves the
                    clone_schema(schema_name, fingerprint, holding)  # transaction usable for the migrations below
                return Method.CLONE
            except CloneUnsupported as exc:
                log.warning("template cannot be cloned (%s); running migrations for %s", exc, schema_name)
        else:
            log.warning("template schema missing or behind; running migrations for %s", schema_name)
    migrate_schema(schema_name, holding)
    return Method.MIGRATE


def provision_unit(unit: Unit, method: Method | str = Method.CLONE, server: str | None = None) -> Method | None:
    """Give a recorded unit its schema and domain, announce it (tenants.signals.unit_provisioned: accounts gives it
    roles and an administrator invitation; then the modules' `unit_provisioned` hook); mark it ready.

    The schema goes to database server `server`, by default the least loaded (tenants.services.placement).
    All of it happens in one transaction: a failure leaves no schema and marks the unit failed with the reason.
    On another server than the platform's, the schema is committed there just before the platform's rows, and
    dropped again should those fail. Returns the method used, or None when the unit was already ready (re-running
    changes nothing).
    """
    method = Method(method)
    alias = check_server(server) if server else least_loaded()
    claimed = Unit.objects.filter(
        pk=unit.pk, status__in=[UnitStatus.REQUESTED, UnitStatus.PROVISIONING, UnitStatus.FAILED]
    ).update(status=UnitStatus.PROVISIONING, failure_reason="", database=alias)
    if not claimed:
        return None
    made_elsewhere = False
    try:
        with transaction.atomic(), on_server(alias), transaction.atomic(savepoint=False):
            # The outer transaction is the platform's; the inner one the unit's server's (the same when it is; no
            # savepoint then: a failure rolls the whole back).
            locked = Unit.objects.select_for_update().get(pk=unit.pk)
            if locked.status == UnitStatus.READY:
                # Another process (a second worker, the command line) provisioned it while this one waited for the
                # lock: nothing to do, and above all not a failure.
                return None
            if schema_exists(locked.schema_name):
                raise ProvisioningError(f"schema {locked.schema_name} already exists but the unit is not ready")
            used = _create_schema(locked.schema_name, method)
            made_elsewhere = alias != DEFAULT
            # The kernel's apps react first (accounts: roles, the administrator's invitation), then the modules
            # enabled for the unit hear the documented hook.
            unit_provisioned.send(sender=Unit, unit=locked, method=used.value)
            _add_default_domain(locked)
            Unit.objects.filter(pk=locked.pk).update(
                status=UnitStatus.READY, ready_at=timezone.now(), provisioned_method=used.value,
                migration_fingerprint=code_fingerprint(),
            )
            locked.status = UnitStatus.READY
            hooks.send(hooks.unit_provisioned, locked, method=used.value)
    except Exception as exc:
        if made_elsewhere:
            _drop_schema_on(alias, unit.schema_name)
        # Never over a unit another process has made ready in the meantime.
        Unit.objects.filter(pk=unit.pk).exclude(status=UnitStatus.READY).update(
            status=UnitStatus.FAILED, failure_reason=f"{type(exc).__name__}: {exc}")
        raise
    unit.refresh_from_db()
    return used


def _add_default_domain(unit: Unit) -> None:
    """The unit's default host, made its primary one (as Domain.save would: any other primary of the unit is no longer
    one); when that host is already recorded nothing changes. Two statements, not get_or_create's six."""
    host = default_domain(unit)
    (Domain.objects.filter(tenant=unit, is_primary=True).exclude(domain=host)
     .filter(~Exists(Domain.objects.filter(domain=host))).update(is_primary=False))
    Domain.objects.bulk_create([Domain(domain=host, tenant=unit, is_primary=True)], ignore_conflicts=True)


def _drop_schema_on(alias: str, schema_name: str) -> None:
    """A schema committed on another server whose unit was not recorded ready (the platform's commit failed)."""
    with on_server(alias), connection.cursor() as cur:
        if not Unit.objects.filter(schema_name=schema_name, status=UnitStatus.READY, database=alias).exists():
            cur.execute(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE')


def provision_many(units: Iterable[Unit], method: Method | str = Method.CLONE,
                   on_progress: Callable[[Unit], None] | None = None, server: str | None = None,
                   parallel: int = 1) -> Report:
    """Provision each unit not ready yet; one unit's failure is recorded and the rest go on. `parallel` > 1: that
    many worker processes (tenants.services.parallel_provisioning)."""
    report = Report()

    def done(unit: Unit, used: str | None, error: str | None) -> None:
        if error:
            report.failed[unit.code] = error
        elif used is None:
            report.already_ready.append(unit.code)
        else:
            report.provisioned.append(unit.code)
            report.methods[used] = report.methods.get(used, 0) + 1
        if on_progress:
            on_progress(unit)

    todo = []
    for unit in units:
        if unit.status == UnitStatus.READY:
            done(unit, None, None)
        else:
            todo.append(unit)
    if parallel > 1 and len(todo) > 1:
        from tenants.services.parallel_provisioning import provision_in_processes

        provision_in_processes(todo, Method(method).value, server, min(parallel, len(todo)), done)
        return report
    for unit in todo:
        try:
            used = provision_unit(unit, method, server)
        except Exception as exc:  # noqa: BLE001 - reported at the end, the unit is marked failed
            done(unit, None, f"{type(exc).__name__}: {exc}")
        else:
            done(unit, used.value if used else None, None)
    return report


def queue_provisioning(unit: Unit, method: Method | str = Method.CLONE) -> None:
    """Provision on a worker (admin, API); the unit's status shows where it is."""
    from tenants.tasks import provision_unit_task

    transaction.on_commit(lambda: provision_unit_task.delay(unit.pk, Method(method).value))
