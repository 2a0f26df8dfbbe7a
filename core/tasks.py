"""The kernel's own periodic tasks. Tasks that run inside a unit are declared with tenants.unit_tasks.unit_task."""

from celery import shared_task
from django.db import connection


@shared_task(acks_late=True)
def purge_consumed_broker_messages(older_than_hours: int = 24) -> int:
    """With the database broker (kombu's SQLAlchemy transport) consumed messages stay as invisible rows: remove old
    ones. Other brokers keep nothing: nothing to do."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL.startswith("sqla+"):
        return 0
    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('public.kombu_message') IS NOT NULL")
        if not cur.fetchone()[0]:
            return 0
        cur.execute("DELETE FROM public.kombu_message WHERE visible = false "
                    "AND timestamp < now() - make_interval(hours => %s)", [older_than_hours])
        return cur.rowcount
