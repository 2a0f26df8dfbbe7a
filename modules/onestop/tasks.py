"""The one-stop module's unit tasks: the national public service portal's dossiers in, their statuses out."""

from modules.onestop.services import national_portal
from tenants.unit_tasks import unit_task


@unit_task()
def pull_national_portal(unit_schema: str) -> int:
    """Receive the unit's new dossiers from the national portal. Idempotent: a dossier delivered again is the same
    dossier. Returns how many were new."""
    return len(national_portal.pull().received)


@unit_task()
def push_national_portal(unit_schema: str) -> int:
    """Send the due status updates to the national portal (a failed one waits for its next attempt). Returns how
    many were sent."""
    return national_portal.push()["sent"]
