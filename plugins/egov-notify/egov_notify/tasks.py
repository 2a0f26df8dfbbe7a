"""Delivery runs on workers, in the unit's schema (tenants.unit_tasks.unit_task), retried with back-off."""

from django.db import OperationalError, connection

from core.modules.services import is_enabled
from tenants.unit_tasks import unit_task


class RetryLater(Exception):
    """The attempt failed for a reason that may pass (a gateway error, a timeout): Celery tries again later."""


@unit_task(autoretry_for=(OperationalError, RetryLater), retry_backoff=30, retry_backoff_max=3600, retry_jitter=True,
           max_retries=20)
def deliver_message(unit_schema: str, message_id: int) -> str | None:
    from egov_notify.choices import Status
    from egov_notify.services import MODULE_ID, deliver

    unit = connection.tenant
    if not is_enabled(unit, MODULE_ID):
        return None  # left pending; the sweep sends it if the unit enables notify again
    message = deliver(unit, message_id)
    if message is not None and message.status == Status.PENDING:
        raise RetryLater(message.last_error)
    return message.status if message else None


@unit_task()
def requeue_stale(unit_schema: str) -> int:
    """Periodic, per unit with notify enabled: queue again the pending messages whose task was lost."""
    from egov_notify.services import stale_messages

    unit = connection.tenant
    ids = stale_messages(unit)
    for pk in ids:
        deliver_message.apply_async(args=(unit_schema, pk))
    return len(ids)
