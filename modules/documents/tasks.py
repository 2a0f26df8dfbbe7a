"""Sending messages to the document axis, and fetching what it holds for a unit, on workers, in the unit's schema."""

import logging

from celery import shared_task
from django.db import connection, transaction

from modules.documents.axis.client import AxisUnavailable
from tenants.messaging.tasks import retry_delay
from tenants.unit_tasks import run_in_unit, unit_task

log = logging.getLogger(__name__)

MAX_RETRIES = 12  # as messages between units: about an hour and a half before "failed"


def _send(unit_schema: str, message_id: int, final: bool) -> str:
    from modules.documents.services import axis_outbox

    return axis_outbox.send(message_id, final=final)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def send_exchange(self, unit_schema: str, message_id: int) -> str:
    try:
        return run_in_unit(unit_schema, _send, message_id, self.request.retries >= self.max_retries)
    except AxisUnavailable as exc:
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc


def queue_send(message_id: int) -> None:
    """Send once the current transaction commits."""
    schema = connection.tenant.schema_name
    transaction.on_commit(lambda: send_exchange.apply_async(args=(schema, message_id)))


@unit_task()
def fetch_from_axis(unit_schema: str) -> int:
    """Periodic: what the axis holds for the unit, kept (idempotently) then acknowledged (`egov documents
    axis-fetch` does the same by hand). Nothing to do without an axis; an axis down is tried at the next run."""
    from modules.documents.axis import client
    from modules.documents.services import arrivals

    if not client.configured():
        return 0
    try:
        return len(arrivals.fetch_from_axis())
    except (client.AxisUnavailable, client.AxisRefused) as exc:
        log.warning("document axis: nothing fetched for %s: %s", unit_schema, exc)
        return 0


@unit_task()
def remind_deadlines(unit_schema: str) -> int:
    """Daily: reminders of incoming documents due soon or overdue (Decree 30/2020 Art. 24); returns how many new."""
    from modules.documents.services.reminders import remind_deadlines as run

    return run(connection.tenant)
