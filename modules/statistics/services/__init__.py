"""The statistics module's services: daily facts (facts), reports over them (report), access (access), the Excel
file (export) and the dashboard's charts (charts)."""

from modules.statistics.services import refresh, trends
from modules.statistics.services.facts import FactsError, recent_days, refresh_day, refresh_days
from modules.statistics.services.report import (
    CHILD,
    DAY,
    PROCEDURE,
    SECTOR,
    UNIT,
    Figures,
    Report,
    ReportError,
    rollup_report,
    unit_report,
)

__all__ = ["CHILD", "DAY", "PROCEDURE", "SECTOR", "UNIT", "FactsError", "Figures", "Report", "ReportError",
           "recent_days", "refresh", "refresh_day", "refresh_days", "rollup_report", "trends", "unit_report"]
