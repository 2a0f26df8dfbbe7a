"""Decision 766 indicators measured outside the system, recorded per unit and month.

Some indicators are measured where this system is not: the national database of administrative procedures (1.1-1.3),
the national portal's payment integration (3.5), its citizens' document store (4.4), the feedback system (5.2, 5.3),
and so on; others only in part here (4.5b, 5.4). The indicator set marks them `recordable`; a unit records each
month's numerator and denominator as the national portal's 766 page shows them, with their source. `record_value`
is the one way: one row per unit, month and indicator (statistics_recordedvalue, beside the facts in the public
schema), recording again replaces it and the unit's audit log keeps what it replaced.

The scorecard (services/indicators.py) sums a period's recorded values per unit with one GROUP BY, like the facts,
and scores a recordable indicator from them only when every month of the period has a value for every unit it
covers; otherwise the indicator stays as it is without them (not measured, or partial).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import services as audit
from core.errors import ServiceError
from modules.statistics.models import SOURCE_MAX, RecordedValue
from tenants.services import unit_and_platform_atomic

MAX_VALUE = 10**12  # a count of dossiers or procedures far beyond any unit's
AUDIT_ACTION = "record_indicator_value"
AUDIT_OBJECT = "statistics.recordedvalue"


class RecordCode(StrEnum):
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    NOT_RECORDABLE = "NOT_RECORDABLE"


class RecordError(ServiceError):
    codes = RecordCode


def _indicator(indicator_set: dict, code: str) -> dict | None:
    return next((i for g in indicator_set["groups"] for i in g["indicators"] if i["code"] == code), None)


def recordable_codes(indicator_set: dict) -> frozenset[str]:
    return frozenset(i["code"] for g in indicator_set["groups"] for i in g["indicators"] if i.get("recordable"))


def _month_end(month: date) -> date:
    after = date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)
    return date.fromordinal(after.toordinal() - 1)


def _count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError("INVALID_ARGUMENT", _("Tử số, mẫu số phải là số nguyên."), name)
    if value < 0:
        raise RecordError("INVALID_ARGUMENT", _("Tử số, mẫu số không được âm."), name)
    if value > MAX_VALUE:
        raise RecordError("INVALID_ARGUMENT", _("Tử số, mẫu số quá lớn."), name)
    return value


def _check(unit, indicator: str, month: date, numerator, denominator, source: str, now: datetime) -> tuple[dict, str]:
    """The indicator of the set in force at the month's end, and the source stripped; RecordError otherwise."""
    from modules.statistics.services import facts, indicators  # indicators reads this module

    if not isinstance(month, date) or month.day != 1:
        raise RecordError("INVALID_ARGUMENT", _("Tháng phải là ngày đầu tháng (YYYY-MM-01)."), "month")
    today = timezone.localtime(now, facts.local_zone()).date()
    if month > today.replace(day=1):
        raise RecordError("INVALID_ARGUMENT", _("Không ghi số liệu cho tháng chưa đến: %(m)s.") % {
            "m": month.strftime("%m/%Y")}, "month")
    if unit.ended_on is not None and month >= unit.ended_on:
        raise RecordError("INVALID_ARGUMENT", _("Đơn vị đã chấm dứt từ ngày %(d)s: không ghi số liệu cho tháng %(m)s.")
                          % {"d": unit.ended_on.strftime("%d/%m/%Y"), "m": month.strftime("%m/%Y")}, "month")
    try:
        indicator_set = indicators.set_for(_month_end(month))
    except indicators.ReportError as exc:
        raise RecordError("INVALID_ARGUMENT", str(exc), "month") from None
    found = _indicator(indicator_set, (indicator or "").strip())
    if found is None:
        raise RecordError("NOT_FOUND", _("Bộ chỉ số %(set)s không có chỉ số %(code)s.") % {
            "set": indicator_set["code"], "code": indicator}, "indicator")
    if not found.get("recordable"):
        raise RecordError("NOT_RECORDABLE", _("Chỉ số %(code)s do hệ thống đo, không ghi nhận từ nguồn ngoài được.")
                          % {"code": found["code"]}, "indicator")
    numerator, denominator = _count(numerator, "numerator"), _count(denominator, "denominator")
    if numerator > denominator and not found.get("may_exceed"):
        raise RecordError("INVALID_ARGUMENT", _("Tử số không được lớn hơn mẫu số."), "numerator")
    source = (source or "").strip()
    if not source:
        raise RecordError("INVALID_ARGUMENT", _("Cần ghi nguồn số liệu."), "source")
    if len(source) > SOURCE_MAX:
        raise RecordError("INVALID_ARGUMENT", _("Nguồn số liệu dài nhất %(n)s ký tự.") % {"n": SOURCE_MAX}, "source")
    return found, source


def _as_dict(row: RecordedValue | None) -> dict | None:
    if row is None:
        return None
    return {"numerator": row.numerator, "denominator": row.denominator, "source": row.source,
            "recorded_by": row.recorded_by, "recorded_at": row.recorded_at.isoformat()}


def record_value(unit, indicator: str, month: date, numerator: int, denominator: int, source: str, *, actor=None,
                 now: datetime | None = None) -> RecordedValue:
    """Record (or replace) the unit's value of a recordable indicator for a month (its first day), with its source.
    Refused with RecordError, nothing written: an unknown or measured indicator, a month not begun yet (by `now`),
    a negative count, a numerator above the denominator, a source empty or too long. The row and its audit entry
    (with the value replaced) are written together."""
    now = now or timezone.now()
    found, source = _check(unit, indicator, month, numerator, denominator, source, now)
    actor_id = getattr(actor, "pk", None)
    actor_name = ((getattr(actor, "get_full_name", lambda: "")() or getattr(actor, "username", "")) if actor else "")
    with unit_and_platform_atomic(unit):
        previous = (RecordedValue.objects.select_for_update()
                    .filter(unit_id=unit.pk, month=month, indicator=found["code"]).first())
        before = _as_dict(previous)
        row = previous or RecordedValue(unit_id=unit.pk, month=month, indicator=found["code"])
        row.numerator, row.denominator, row.source = numerator, denominator, source
        row.recorded_by_id, row.recorded_by, row.recorded_at = actor_id, actor_name[:200], now
        row.save()
        audit.record(AUDIT_ACTION, object_type=AUDIT_OBJECT, object_id=f"{found['code']}:{month.isoformat()}",
                     object_label=f"{found.get('description_id') or found['code']} {month.strftime('%m/%Y')}",
                     actor=actor, at=now, data={"indicator": found["code"], "month": month.isoformat(),
                                                "value": _as_dict(row), "replaced": before})
    return row


def values_of(unit, date_from: date, date_to: date) -> list[RecordedValue]:
    """The unit's recorded values of the months in [date_from, date_to], by month then indicator."""
    return list(RecordedValue.objects.filter(unit_id=unit.pk, month__gte=date_from.replace(day=1),
                                             month__lte=date_to).order_by("month", "indicator"))


def months_in(date_from: date, date_to: date) -> int:
    """How many months begin in [date_from, date_to] (a period is whole months)."""
    first = date_from if date_from.day == 1 else _month_end(date_from).replace(day=1)
    if first > date_to:
        return 0
    return (date_to.year - first.year) * 12 + date_to.month - first.month + 1


@dataclass
class Recorded:
    """One recordable indicator's recorded values summed over a period and a group of units."""

    numerator: int = 0
    denominator: int = 0
    rows: int = 0
    sources: set[str] = field(default_factory=set)


# The units joined as an array (a hash join), not `unit_id = ANY(...)`: 500 units over a year's 72,000 rows took 530 ms
# compared one by one against the array, 80 ms joined.
_TOTALS = """SELECT r.unit_id, r.indicator, SUM(r.numerator), SUM(r.denominator), COUNT(*), array_agg(DISTINCT r.source)
FROM statistics_recordedvalue r
JOIN unnest(%(ids)s::bigint[]) AS u(id) ON u.id = r.unit_id
WHERE r.month BETWEEN %(from)s AND %(to)s
GROUP BY r.unit_id, r.indicator"""


# The units of the scope that did not exist for the whole period (an administrative reorganisation): each owes only
# the months it existed in (a month is owed when the unit existed on one of its days).
_LIVES = """SELECT u.id, u.effective_from, u.ended_on FROM tenants_unit u
JOIN unnest(%(ids)s::bigint[]) AS s(id) ON s.id = u.id
WHERE u.ended_on <= %(to)s OR u.effective_from > %(from)s"""


@dataclass
class Found:
    """The period's recorded values per unit, and how many months each unit owes (all of them unless listed)."""

    values: dict[int, dict[str, Recorded]]
    months: int
    owed: dict[int, int]


def _owed(effective_from: date | None, ended_on: date | None, date_from: date, date_to: date) -> int:
    first = max(date_from, effective_from) if effective_from else date_from
    last = min(date_to, ended_on - timedelta(days=1)) if ended_on else date_to
    return months_in(first.replace(day=1), last) if first <= last else 0


def totals(ids: list[int], date_from: date, date_to: date) -> Found:
    """Two small queries: {unit id: {indicator: its values of the period summed, how many months, their sources}},
    and the units of `ids` that did not exist for the whole period with the months they owe."""
    found = Found({}, months_in(date_from, date_to), {})
    if not ids:
        return found
    params = {"ids": list(ids), "from": date_from, "to": date_to}
    with connection.cursor() as cur:
        cur.execute(_TOTALS, params)
        for unit_id, code, numerator, denominator, rows, sources in cur.fetchall():
            found.values.setdefault(unit_id, {})[code] = Recorded(int(numerator), int(denominator), rows, set(sources))
        cur.execute(_LIVES, params)
        for unit_id, effective_from, ended_on in cur.fetchall():
            found.owed[unit_id] = _owed(effective_from, ended_on, date_from, date_to)
    return found


def complete(found: Found, unit_ids) -> dict[str, Recorded]:
    """Of the units `unit_ids`, the indicators every one of them recorded for every month of the period it existed in,
    summed (others left out: not scored from recorded values). Nothing when no unit owes a month."""
    unit_ids = [u for u in unit_ids if found.owed.get(u, found.months)]
    if not unit_ids:
        return {}
    summed: dict[str, Recorded] = {}
    missing: set[str] = set()
    codes = set().union(*(found.values.get(u, {}).keys() for u in unit_ids))
    for unit_id in unit_ids:
        owed, values = found.owed.get(unit_id, found.months), found.values.get(unit_id, {})
        for code in codes:
            value = values.get(code)
            if value is None or value.rows < owed:
                missing.add(code)
                continue
            into = summed.setdefault(code, Recorded())
            into.numerator += value.numerator
            into.denominator += value.denominator
            into.rows += value.rows
            into.sources |= value.sources
    return {code: value for code, value in summed.items() if code not in missing}
