"""Vietnam's public holidays and the swapped working Saturdays the `holidays` package knows of.

The package follows the Labour Code (Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 with its extra day, Ngày Văn hóa Việt Nam
from 2026), moves a holiday falling on a weekend to a working day, and lists the Government's yearly swaps it knows
(a weekday off, a Saturday worked). Whatever it lacks or gets wrong is entered as calendar days (models.CalendarDay).
"""

from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _vietnam(first_year: int, last_year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")


def public_holidays(first_year: int, last_year: int) -> dict[date, str]:
    """Days off (including substitutes for holidays on a weekend) with their Vietnamese names."""
    return {day: name for day, name in _vietnam(first_year, last_year).items() if first_year <= day.year <= last_year}


def swapped_working_days(first_year: int, last_year: int) -> frozenset[date]:
    """Weekend days worked in exchange for a weekday off (hoán đổi ngày làm việc)."""
    found = _vietnam(first_year, last_year).weekend_workdays
    return frozenset(day for day in found if first_year <= day.year <= last_year)
