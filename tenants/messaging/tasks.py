"""Delivery of inter-unit messages on a worker, with retries and a sweeper for tasks a broker lost."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from tenants.messaging import services
from tenants.unit_tasks import unit_task

MAX_RETRIES = 12  # with exponential backoff capped at 10 minutes: about an hour and a half before "failed"


def retry_delay(retries: int) -> float:
    """Seconds before the next attempt: EGOV_MESSAGE_RETRY_DELAY (1 s) doubled on each retry, at most
    EGOV_MESSAGE_RETRY_MAX_DELAY (600 s)."""
    first = getattr(settings, "EGOV_MESSAGE_RETRY_DELAY", 1)
    longest = getattr(settings, "EGOV_MESSAGE_RETRY_MAX_DELAY", 600)
    return min(longest, first * 2 ** retries)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def deliver_message(self, sender_schema: str, message_id: str) -> str:
    try:
        return services.deliver(sender_schema, message_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            services.mark_failed(sender_schema, message_id)
            raise
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc


SWEEP_AGE = 120


@shared_task(acks_late=True)
def sweep() -> int:
    """The periodic entry point: visit only the units that hold stale pending messages."""
    schemas = services.units_with_stale_messages(timedelta(seconds=SWEEP_AGE))
    for schema in schemas:
        redeliver_pending.delay(schema, SWEEP_AGE)
    return len(schemas)


@unit_task()
def redeliver_pending(unit_schema: str, older_than_seconds: int = SWEEP_AGE) -> int:
    """Re-queue this unit's messages still pending (idempotent: a delivered message is skipped by deliver())."""
    longest = getattr(settings, "EGOV_MESSAGE_RETRY_MAX_DELAY", 600)
    ids = services.pending_older_than(timedelta(seconds=older_than_seconds), quiet_for=timedelta(seconds=2 * longest))
    for message_id in ids:
        deliver_message.delay(unit_schema, message_id)
    return len(ids)
