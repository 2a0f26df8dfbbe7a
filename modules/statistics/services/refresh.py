"""Refreshing the current unit's facts: the days asked for, or its recent days (setting `days_back`)."""

from django.db import connection

from core.modules.services import get_settings, is_enabled
from modules.statistics.services.facts import recent_days, refresh_days

MODULE = "statistics"
DAYS_BACK = 2  # yesterday and today: see the manifest's setting


def days_back(unit) -> int:
    return get_settings(unit, MODULE)["days_back"] if is_enabled(unit, MODULE) else DAYS_BACK


def refresh_unit(days=None) -> int:
    """Recompute the current unit's facts of `days` (default: its recent days); the rows those days have now."""
    if days is None:
        days = recent_days(days_back(connection.tenant))
    return sum(refresh_days(days).values())
