"""Queueing dossier notices on workers, in the unit's schema: after the commit, and by the periodic sweep."""

from django.db import connection

from tenants.unit_tasks import unit_task


@unit_task()
def send_notices(unit_schema: str, outbox_id: int) -> int:
    """The notices of one outbox row, once the transaction that wrote it committed; returns how many."""
    from modules.notices.services import deliver_outbox

    return len(deliver_outbox(connection.tenant, outbox_id))


@unit_task()
def sweep_outbox(unit_schema: str) -> int:
    """Periodic, per unit with notices enabled: the rows whose task never ran; returns how many notices."""
    from modules.notices.services import deliver_pending

    return len(deliver_pending(connection.tenant))


@unit_task()
def expire_contact_confirmations(unit_schema: str) -> int:
    """Periodic, per unit with notices enabled: online submissions whose phone or e-mail was not confirmed in time."""
    from modules.notices.services import expire_confirmations

    return len(expire_confirmations(connection.tenant))
