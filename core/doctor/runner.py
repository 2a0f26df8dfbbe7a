"""The checks of `egov doctor`, in order: settings, services, template and spare schemas, messages between units,
disk, PostgreSQL (core.doctor.postgres). A check that breaks is itself a failure, and the others still run."""

import shutil
from datetime import timedelta

from django.conf import settings
from django.core import checks as django_checks

from core import probes
from core.doctor.findings import Finding, Level
from core.doctor.postgres import check_postgres

STALE_AFTER = timedelta(hours=1)
DISK_WARN_FREE = 0.10


def check_settings() -> list[Finding]:
    found = []
    if settings.PRODUCTION and settings.DEBUG:
        found.append(Finding(Level.FAIL, "settings", "DEBUG is on in production", "unset DEBUG"))
    problems = [m for m in django_checks.run_checks(include_deployment_checks=settings.PRODUCTION)
                if m.level >= django_checks.WARNING and not m.is_silenced()]
    for message in problems:
        level = Level.FAIL if message.level >= django_checks.ERROR else Level.WARN
        found.append(Finding(level, "settings", f"{message.id}: {message.msg}", message.hint or ""))
    if not settings.PRODUCTION:
        found.append(Finding(Level.WARN, "settings", "EGOV_PRODUCTION is off",
                             "set EGOV_PRODUCTION=1 on a real installation (HTTPS, secure cookies)"))
    return found or [Finding(Level.OK, "settings", "system checks clean")]


def check_services() -> list[Finding]:
    return [Finding(Level.OK, "services", f"{name} answers in {c['ms']} ms") if c["ok"]
            else Finding(Level.FAIL, "services", f"{name}: {c['error']}", f"start or reach the {name}")
            for name, c in probes.readiness().items()]


def check_schemas() -> list[Finding]:
    from tenants.services.schema_migrations import schema_fingerprints, unit_fingerprint
    from tenants.services.spares import spare_schemas
    from tenants.services.template import template_is_current

    found = [Finding(Level.OK, "schemas", "template schema is current") if template_is_current()
             else Finding(Level.WARN, "schemas", "template schema missing or behind the code",
                          "egov migrate (units are created by running migrations until then: slower)")]
    spares = schema_fingerprints(spare_schemas())
    current = sum(1 for fp in spares.values() if fp == unit_fingerprint())
    if current < settings.EGOV_SPARE_SCHEMAS:
        found.append(Finding(Level.WARN, "schemas", f"{current} current spare schemas of {settings.EGOV_SPARE_SCHEMAS}"
                             f" wanted ({len(spares) - current} stale)", "the beat tops them up; or egov migrate"))
    else:
        found.append(Finding(Level.OK, "schemas", f"{current} spare schemas ready"))
    return found


def check_messages() -> list[Finding]:
    from tenants.messaging.services import outbox_totals, units_with_stale_messages

    totals = outbox_totals()
    stale = units_with_stale_messages(STALE_AFTER)
    found = []
    if stale:
        found.append(Finding(Level.WARN, "messages", f"{len(stale)} units hold messages pending for more than "
                             f"{STALE_AFTER}", "check the Celery workers and the beat (the sweeper re-queues them)"))
    if totals.get("failed"):
        found.append(Finding(Level.WARN, "messages", f"{totals['failed']} failed messages between units",
                             "egov messages failed"))
    return found or [Finding(Level.OK, "messages", f"{totals.get('pending', 0)} pending, none stale or failed")]


def check_disk() -> list[Finding]:
    usage = shutil.disk_usage(settings.BASE_DIR)
    free = usage.free / usage.total
    text = f"{usage.free // 2**30} GB free of {usage.total // 2**30} GB ({free:.0%}) where the platform runs"
    if free < DISK_WARN_FREE:
        return [Finding(Level.WARN, "disk", text, "free space: logs, backups, PostgreSQL's WAL")]
    return [Finding(Level.OK, "disk", text)]


CHECKS = [check_settings, check_services, check_schemas, check_messages, check_disk, check_postgres]


def run_checks() -> list[Finding]:
    findings = []
    for check in CHECKS:
        try:
            findings += check()
        except Exception as exc:  # noqa: BLE001 - reported as the check's failure; the rest still run
            findings.append(Finding(Level.FAIL, check.__name__.removeprefix("check_"), f"{type(exc).__name__}: {exc}"))
    return findings
