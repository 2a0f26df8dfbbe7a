"""The Celery application. Start a worker with `celery -A core.celery_app worker`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

app = Celery("egov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
