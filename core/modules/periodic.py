"""Celery beat entries built from the modules' manifests, each fanned out to the units that enabled the module.

A manifest declares, for instance:

    periodic_tasks={"sweep": {"task": "egov_notify.tasks.requeue_stale", "schedule": 300}}

where `task` is a unit task (tenants.unit_tasks.unit_task) and `schedule` is seconds, a timedelta, a celery schedule or a
five-field cron string ("*/15 * * * *"); optional: "args" (after the unit's schema) and "options" (for apply_async
of the fan-out). Beat runs tenants.unit_tasks.fan_out_task, which queues the task once per ready unit where the module is
enabled: a unit that did not enable it is skipped.
"""

from collections.abc import Mapping
from datetime import timedelta

from celery.schedules import crontab
from celery.schedules import schedule as every

FAN_OUT_TASK = "tenants.unit_tasks.fan_out_task"
ENTRY_KEYS = {"task", "schedule", "args", "options"}


def parse_schedule(value):
    """A celery schedule from a manifest's `schedule`; ValueError when it is none of the accepted forms."""
    if isinstance(value, bool):
        raise ValueError(f"schedule {value!r} is not a schedule")
    if isinstance(value, int | float):
        if value <= 0:
            raise ValueError(f"schedule {value!r} must be a positive number of seconds")
        return float(value)
    if isinstance(value, timedelta):
        if value.total_seconds() <= 0:
            raise ValueError(f"schedule {value!r} must be positive")
        return value
    if isinstance(value, crontab | every):
        return value
    if isinstance(value, str):
        fields = value.split()
        if len(fields) != 5:
            raise ValueError(f"schedule {value!r} must have five cron fields (minute hour day month weekday)")
        minute, hour, day_of_month, month_of_year, day_of_week = fields
        try:
            return crontab(minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year,
                           day_of_week=day_of_week)
        except Exception as exc:  # noqa: BLE001 - celery raises several kinds for a malformed field
            raise ValueError(f"schedule {value!r} is not a valid cron expression ({exc})") from exc
    raise ValueError(f"schedule {value!r} must be seconds, a timedelta, a celery schedule or a cron string")


def beat_schedule(manifests: Mapping) -> dict[str, dict]:
    """CELERY_BEAT_SCHEDULE entries, named '<module id>.<entry>', for every periodic task the manifests declare."""
    entries: dict[str, dict] = {}
    for module_id, manifest in manifests.items():
        for name, declared in manifest.periodic_tasks.items():
            entries[f"{module_id}.{name}"] = {
                "task": FAN_OUT_TASK,
                "schedule": parse_schedule(declared["schedule"]),
                "args": (declared["task"], *declared.get("args", ())),
                "kwargs": {"module": module_id},
                "options": dict(declared.get("options", {})),
            }
    return entries
