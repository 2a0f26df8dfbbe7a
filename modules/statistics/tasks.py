"""The statistics module's unit task: each night every unit that enabled the module recomputes its recent days."""

from datetime import date

from modules.statistics.services import refresh
from tenants.unit_tasks import unit_task


@unit_task()
def refresh_facts(unit_schema: str, days: list[str] | None = None) -> int:
    """Recompute the unit's facts of `days` (ISO dates), by default its recent days (setting `days_back`).
    Idempotent: a day's rows are replaced. Returns how many rows the days have now."""
    return refresh.refresh_unit([date.fromisoformat(d) for d in days] if days else None)
