"""Work on Celery workers, in a unit's schema (tenants.unit_tasks.unit_task): thin, calling the services.

The manifest's periodic_tasks runs purge_old_notes every night in each unit that enabled the plug-in."""

from tenants.unit_tasks import unit_task


@unit_task()
def purge_old_notes(unit_schema: str, older_than_days: int = 365) -> int:
    from ${package}.services import purge_notes

    return purge_notes(older_than_days)
