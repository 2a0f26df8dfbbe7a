"""Writing dates, times and numbers the way Vietnamese administrative documents do (Decree 30/2020/NĐ-CP)."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

DOTS = "…………"


def nfc(value) -> str:
    """Text in composed form: the font has a glyph for every composed Vietnamese letter."""
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day_month_year(value: date | datetime | None) -> tuple[str, str, str]:
    """('07', '12', '2026'): days under 10 and the months 1 and 2 are written with a leading zero."""
    if value is None:
        return ("…", "…", "…")
    value = _local(value)
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return (f"{value.day:02d}", month, str(value.year))


def long_date(value: date | datetime | None) -> str:
    """'ngày 21 tháng 11 năm 2026'."""
    d, m, y = day_month_year(value)
    return f"ngày {d} tháng {m} năm {y}"


def long_datetime(value: datetime | None) -> str:
    """'9 giờ 00 phút, ngày 07 tháng 12 năm 2026'."""
    if value is None:
        return f"… giờ … phút, {long_date(None)}"
    value = _local(value)
    return f"{value.hour} giờ {value.minute:02d} phút, {long_date(value)}"


def short_date(value: date | datetime | None) -> str:
    """'07/12/2026', for the columns of the register."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def number(value) -> str:
    """3 -> '3', 0.5 -> '0,5' (decimal comma)."""
    amount = Decimal(str(value)).normalize()
    text = format(amount, "f")
    return text.replace(".", ",")


_LEVEL_WORDS = ("Thị trấn", "Thị xã", "Thành phố", "Đặc khu", "Phường", "Xã", "Quận", "Huyện", "Tỉnh")


def place_of(unit_name: str) -> str:
    """The place name before a date: 'Xã Thử Nghiệm A' -> 'Thử Nghiệm A'."""
    name = nfc(unit_name)
    for word in _LEVEL_WORDS:
        if name.lower().startswith(word.lower() + " "):
            return name[len(word) + 1:].strip()
    return name


def upper(value) -> str:
    return nfc(value).upper()
