"""What statistics does when a unit ends in an administrative reorganisation: its history stays, closed off on the
day before the end, and successors' trends take it over by the mapping (services/trends.py); the Decision 766 values
it recorded stay with it too (its months, before the end: services/recorded.py)."""

from datetime import date, timedelta

from django.db import connection
from django.utils.translation import gettext as _

from core.modules.reorganisation import CarryLine, Successor
from modules.statistics.models import DailyFact, RecordedValue
from modules.statistics.services.facts import refresh_days, today
from modules.statistics.services.refresh import days_back


def _share(successor: Successor) -> str:
    if successor.kind == "full":
        return "100%"
    return f"{successor.share * 100:.2f}%" if successor.share is not None else _("phần còn lại")


def _lines(unit, successors) -> list[CarryLine]:
    rows = DailyFact.objects.filter(unit_id=unit.pk).count()
    lines = [CarryLine(_("Số liệu thống kê theo ngày (giữ lại; quy cho đơn vị kế thừa theo tỷ lệ)"), rows, None,
                       details=[f"{s.unit.code}: {_share(s)}" for s in successors])]
    recorded = RecordedValue.objects.filter(unit_id=unit.pk).count()
    if recorded:
        lines.append(CarryLine(_("Giá trị chỉ số 766 đơn vị đã ghi nhận (giữ lại với đơn vị cũ)"), recorded, None))
    return lines


def inventory(unit, *, successors: tuple[Successor, ...], effective: date) -> list[CarryLine]:
    return _lines(unit, successors)


def carry(unit, *, successors: tuple[Successor, ...], effective: date) -> list[CarryLine]:
    """Recompute the unit's last days before its end (its final stock of dossiers in progress) so its history is
    complete; nothing is moved: successors read it through the mapping."""
    last = min(effective - timedelta(days=1), today())
    days = [last - timedelta(days=i) for i in range(days_back(connection.tenant) - 1, -1, -1)]
    refresh_days(days)
    return _lines(unit, successors)
