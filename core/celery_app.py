"""The Celery application. Start a worker with `celery -A core.celery_app worker`."""

import os

from celery import Celery
from celery.signals import task_retry
from kombu.transport.sqlalchemy import Transport as SQLAlchemyTransport

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

# The database broker (kombu's SQLAlchemy transport, the embedded default) waits this long between polls when its
# queue is empty; kombu's 1 s default makes a worker take about one task a second.
SQLAlchemyTransport.polling_interval = 0.1

app = Celery("egov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _count_retry(sender=None, **kwargs):
    from core.metrics.requests import count_retry

    count_retry(sender=sender, **kwargs)


task_retry.connect(_count_retry, weak=False)  # egov_celery_task_retries_total (core.metrics)
