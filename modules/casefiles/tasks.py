"""The module's periodic task, run in each unit that enabled it (manifest periodic_tasks)."""

from django.db import connection

from tenants.unit_tasks import unit_task


@unit_task()
def notify_deadlines(unit_schema: str) -> int:
    """Daily: notices of files whose transfer deadline is near; returns how many new."""
    from modules.casefiles.services import notify_deadlines as run

    return run(connection.tenant)
