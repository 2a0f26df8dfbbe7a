"""Dates as agencies write them: the standard's yyyy/mm/dd, and dd/mm/yyyy and yyyy-mm-dd as they are really sent;
a timestamp adds " HH:MM:SS". An impossible date (2014/02/30) is refused, naming its element."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from modules.documents.edxml.errors import EdxmlError

HN = ZoneInfo("Asia/Ho_Chi_Minh")
_YMD = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_date(text: str, element: str) -> date:
    value = text.strip()
    found = _YMD.match(value)
    if found:
        y, m, d = (int(g) for g in found.groups())
    elif (found := _DMY.match(value)) is not None:
        d, m, y = (int(g) for g in found.groups())
    else:
        raise EdxmlError(element, _("%(element)s: “%(value)s” không phải ngày (yyyy/mm/dd).") % {
            "element": element, "value": value[:40]})
    try:
        return date(y, m, d)
    except ValueError:
        raise EdxmlError(element, _("%(element)s: ngày %(value)s không tồn tại.") % {
            "element": element, "value": value[:40]}) from None


def parse_timestamp(text: str, element: str) -> datetime:
    """A moment in Vietnam's time (or with its own offset, ISO 8601)."""
    value = text.strip()
    try:
        found = datetime.fromisoformat(value) if "T" in value else None
    except ValueError:
        found = None
    if found is not None:
        return found if found.tzinfo else found.replace(tzinfo=HN)
    day, _sep, clock = value.partition(" ")
    on = parse_date(day, element)
    at = time(0, 0)
    if clock.strip():
        matched = _TIME.match(clock.strip())
        try:
            at = time(int(matched[1]), int(matched[2]), int(matched[3] or 0)) if matched else None
        except ValueError:
            at = None
        if at is None:
            raise EdxmlError(element, _("%(element)s: giờ “%(value)s” không hợp lệ.") % {
                "element": element, "value": clock[:20]})
    return datetime.combine(on, at, tzinfo=HN)


def format_date(value: date) -> str:
    return value.strftime("%Y/%m/%d")


def format_timestamp(value: datetime) -> str:
    return value.astimezone(HN).strftime("%Y/%m/%d %H:%M:%S")
