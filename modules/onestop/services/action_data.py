"""The `data` a caller sends with an action, checked before the action runs so a malformed value is a clear error
(INVALID_DATA on the field `data`) and never reaches the dossier's clock."""

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from modules.onestop.services.errors import OnestopError

MAX_ITEMS, MAX_ITEM_CHARS = 50, 500


def _invalid(message) -> OnestopError:
    return OnestopError("INVALID_DATA", message, "data")


def _items(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
        raise _invalid(_("data.items phải là danh sách các giấy tờ (chuỗi)."))
    if len(value) > MAX_ITEMS or any(len(i) > MAX_ITEM_CHARS for i in value):
        raise _invalid(_("Tối đa %(n)d giấy tờ, mỗi mục %(c)d ký tự.") % {"n": MAX_ITEMS, "c": MAX_ITEM_CHARS})
    return value


def _new_due(value) -> date | datetime:
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.utcoffset() is not None:
            return moment
    raise _invalid(_("data.newDue phải là một ngày (YYYY-MM-DD) hoặc thời điểm kèm múi giờ (ISO 8601)."))


def _days(value) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal) or value <= 0 or value > 365:
        raise _invalid(_("data.days phải là số ngày làm việc dương (tối đa 365)."))
    return value


def clean_action_data(action: str, data) -> dict:
    """The data of `action` with its known keys checked and converted (camelCase keys accepted)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _invalid(_("Dữ liệu của thao tác phải là một đối tượng JSON."))
    cleaned = dict(data)
    if "newDue" in cleaned:
        cleaned["new_due"] = cleaned.pop("newDue")
    if "stopReason" in cleaned:
        cleaned["stop_reason"] = cleaned.pop("stopReason")
    if action == "request_supplement" and "items" in cleaned:
        cleaned["items"] = _items(cleaned["items"])
    if action == "extend":
        if cleaned.get("new_due") is not None:
            cleaned["new_due"] = _new_due(cleaned["new_due"])
        if cleaned.get("days") is not None:
            cleaned["days"] = _days(cleaned["days"])
    return cleaned
