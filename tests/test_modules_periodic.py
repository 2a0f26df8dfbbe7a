from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings

from core.modules.periodic import beat_schedule, parse_schedule
from core.modules.registry import all_manifests


def test_module_periodic_tasks_become_beat_entries_fanned_out_per_module():
    entry = settings.CELERY_BEAT_SCHEDULE["notify.requeue"]
    assert entry["task"] == "tenants.unit_tasks.fan_out_task"
    assert entry["args"] == ("egov_notify.tasks.requeue_stale",) and entry["kwargs"] == {"module": "notify"}
    assert entry["schedule"] == 600.0
    assert beat_schedule(all_manifests())["notify.requeue"] == entry


def test_schedules_in_every_accepted_form_and_the_rest_refused():
    assert parse_schedule(30) == 30.0 and parse_schedule(timedelta(hours=1)) == timedelta(hours=1)
    assert parse_schedule("*/15 7-17 * * 1-5") == crontab(minute="*/15", hour="7-17", day_of_week="1-5")
    for bad in [0, -5, True, "daily", "99 * * * *", None]:
        with pytest.raises(ValueError):
            parse_schedule(bad)
