"""Gauges read from the database at scrape time: units by status (provisioning progress), ready units behind the
code's migrations (migration progress), messages between units pending and failed, Celery queue lengths. Reading every
unit's outbox costs one statement per 50 units, so the fleet's figures are kept in the cache for a minute."""

from django.conf import settings
from django.core.cache import cache
from prometheus_client.core import GaugeMetricFamily

from tenants.messaging.services import outbox_totals
from tenants.models import Unit, UnitStatus
from tenants.services.schema_migrations import code_fingerprint

CACHE_KEY, CACHE_S = "egov:metrics:fleet", 60


def queue_lengths() -> dict[str, int]:
    """Messages waiting per Celery queue, from the broker (Redis lists, RabbitMQ's passive queue declaration, or the
    database broker's table)."""
    queues = [getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")]
    url = settings.CELERY_BROKER_URL
    if url.startswith("redis"):
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2)
        return {q: client.llen(q) for q in queues}
    if url.startswith("sqla+"):
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SELECT to_regclass('public.kombu_message') IS NOT NULL")
            if not cur.fetchone()[0]:
                return dict.fromkeys(queues, 0)
            cur.execute("SELECT q.name, count(m.id) FROM kombu_queue q LEFT JOIN kombu_message m "
                        "ON m.queue_id = q.id AND m.visible GROUP BY q.name")
            found = dict(cur.fetchall())
        return {q: found.get(q, 0) for q in sorted(set(queues) | set(found))}
    if url.startswith(("amqp", "pyamqp")):
        from kombu import Connection

        lengths = {}
        with Connection(url, connect_timeout=2) as conn:
            for q in queues:
                channel = conn.channel()
                try:  # passive: reads the count without creating the queue; a queue not declared yet holds nothing
                    lengths[q] = channel.queue_declare(queue=q, passive=True).message_count
                except conn.channel_errors:
                    lengths[q] = 0
                finally:
                    try:
                        channel.close()
                    except conn.connection_errors + conn.channel_errors:
                        pass
        return lengths
    return {}


def _figures() -> dict:
    figures = cache.get(CACHE_KEY)
    if figures is None:
        by_status = dict.fromkeys(UnitStatus.values, 0)
        for status in Unit.objects.values_list("status", flat=True):
            by_status[status] += 1
        behind = Unit.objects.filter(status=UnitStatus.READY).exclude(migration_fingerprint=code_fingerprint()).count()
        figures = {"units": by_status, "behind": behind, "messages": outbox_totals()}
        cache.set(CACHE_KEY, figures, CACHE_S)
    return figures


class FleetCollector:
    def collect(self):
        figures = _figures()
        units = GaugeMetricFamily("egov_units", "Units by status (provisioning progress).", labels=["status"])
        for status, count in figures["units"].items():
            units.add_metric([status], count)
        yield units
        yield GaugeMetricFamily("egov_units_behind_migrations", "Ready units whose schema is behind the code's "
                                "migrations (migration progress).", value=figures["behind"])
        messages = GaugeMetricFamily("egov_messages_between_units", "Messages between units not delivered.",
                                     labels=["status"])
        for status in ("pending", "failed"):
            messages.add_metric([status], figures["messages"].get(status, 0))
        yield messages
        queues = GaugeMetricFamily("egov_celery_queue_length", "Tasks waiting in each Celery queue.", labels=["queue"])
        for queue, length in queue_lengths().items():
            queues.add_metric([queue], length)
        yield queues
