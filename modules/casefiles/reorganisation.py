"""What the case-files module does in an administrative reorganisation (Dispatch 414/BNV-VTLTNN): the ended agency's
archive fonds is closed, finished files stay in it, unfinished files are handed over to the agency that takes their
work, each set with its list (services/handover.py: PDF and Excel); nothing is deleted.

An unfinished (open) file goes to the successor its title or keeper's department names (route_by_address), else to
the principal successor. The successor opens a file of the same code and title in its own plan, noting where it comes
from, and goes on with it; the documents already filed stay with the old file in the archive (readable by the
successor) and are named one by one in the hand-over list. The old file is closed there, "handed over" in its
history, and a forwarding address (kind "casefiles.file", key "<year>/<code>") records where it went.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.modules.reorganisation import CarryLine, Successor, route_by_address
from modules.casefiles.models import CaseFile, CaseFileEvent, FilePlanEntry
from modules.casefiles.models.casefile import FileStatus
from tenants.services import entered
from tenants.services.forwarding import forward, forward_missing, principal_successor, successions_of

KIND = "casefiles.file"
HANDED_OVER = "handed_over"  # CaseFileEvent.action on the old file
TAKEN_OVER = "taken_over"    # CaseFileEvent.action on the successor's file


def _target(case_file: CaseFile, successors: tuple[Successor, ...]) -> Successor:
    return (route_by_address(f"{case_file.title} {case_file.keeper_department}", successors)
            or principal_successor(successors))


def _lines(counts: dict[str, int], finished: int) -> list[CarryLine]:
    lines = [CarryLine(_("Hồ sơ công việc chưa kết thúc (bàn giao kèm danh mục)"), n, code)
             for code, n in sorted(counts.items())]
    lines.append(CarryLine(_("Hồ sơ công việc đã kết thúc (ở lại phông lưu trữ, kèm mục lục)"), finished, None))
    return lines


def _finished() -> int:
    return CaseFile.objects.exclude(status=FileStatus.OPEN).exclude(events__action=HANDED_OVER).count()


def inventory(unit, *, successors: tuple[Successor, ...], effective: date) -> list[CarryLine]:
    counts: dict[str, int] = {}
    for case_file in CaseFile.objects.filter(status=FileStatus.OPEN):
        code = _target(case_file, successors).unit.code
        counts[code] = counts.get(code, 0) + 1
    return _lines(counts, _finished())


def carry(unit, *, successors: tuple[Successor, ...], effective: date,
          at: datetime | None = None) -> list[CarryLine]:
    at = at or timezone.now()
    decisions = {s.successor_id: s.decision for s in successions_of(unit)}
    counts: dict[str, int] = {}
    _forward_earlier(unit, successors, at)
    for case_file in CaseFile.objects.filter(status=FileStatus.OPEN).select_related("plan_entry").order_by("id"):
        successor = _target(case_file, successors).unit
        _hand_over(unit, case_file, successor, decisions.get(successor.pk, ""), at)
        counts[successor.code] = counts.get(successor.code, 0) + 1
    return _lines(counts, _finished())


def _forward_earlier(old_unit, successors: tuple[Successor, ...], at: datetime) -> None:
    """The addresses of files an earlier attempt of this step handed over (forward_missing)."""
    units = {s.unit.code: s.unit for s in successors}
    handed = CaseFileEvent.objects.filter(action=HANDED_OVER, data__to_unit__in=list(units)).values_list(
        "case_file__year", "case_file__code", "data__to_unit")
    forward_missing(KIND, [(f"{year}/{code}", units[to]) for year, code, to in handed], old_unit, at=at)


def _hand_over(old_unit, case_file: CaseFile, successor_unit, decision: str, at: datetime) -> None:
    note = _("Tiếp nhận từ %(old)s (hồ sơ %(code)s) khi sắp xếp đơn vị hành chính%(decision)s; các văn bản đã lập "
             "hồ sơ ở phông lưu trữ của %(old)s.") % {"old": old_unit.name, "code": case_file.code,
                                                     "decision": f" ({decision})" if decision else ""}
    with entered(successor_unit):
        # A file an earlier attempt committed on the successor's server while the platform's commit failed (two
        # databases, docs/ict/scale-out.md): the step resumes with it, never a second one under another code.
        if not CaseFileEvent.objects.filter(action=TAKEN_OVER, case_file__year=case_file.year,
                                            data__from_unit=old_unit.code, data__code=case_file.code).exists():
            _take_over(old_unit, case_file, decision, note, at)
    CaseFile.objects.filter(pk=case_file.pk).update(
        status=FileStatus.CLOSED, closed_at=at, work_ended_on=timezone.localdate(at),
        note="\n".join(filter(None, [case_file.note, _("Chưa kết thúc; bàn giao cho %(new)s.") % {
            "new": successor_unit.name}])))
    CaseFileEvent.objects.create(case_file=case_file, action=HANDED_OVER, at=at, data={
        "to_unit": successor_unit.code, "decision": decision})
    forward(KIND, f"{case_file.year}/{case_file.code}", old_unit, successor_unit, at=at)


def _take_over(old_unit, case_file: CaseFile, decision: str, note: str, at: datetime) -> None:
    """The successor's file (the current schema) going on with `case_file`, under its plan entry."""
    entry = case_file.plan_entry
    plan, _created = FilePlanEntry.objects.get_or_create(year=entry.year, code=entry.code, defaults={
        "title": entry.title, "retention_years": entry.retention_years, "keeper_id": entry.keeper_id,
        "keeper_department": entry.keeper_department, "basis": entry.basis, "created_at": at})
    taken = CaseFile.objects.create(
        plan_entry=plan, year=case_file.year, code=_free_code(case_file), title=case_file.title,
        retention_years=case_file.retention_years, keeper_id=case_file.keeper_id,
        keeper_department=case_file.keeper_department, opened_at=at, work_started_on=case_file.work_started_on,
        note=note)
    CaseFileEvent.objects.create(case_file=taken, action=TAKEN_OVER, at=at, data={
        "from_unit": old_unit.code, "code": case_file.code, "decision": decision})


def _free_code(case_file: CaseFile) -> str:
    """The same code in the successor's plan, unless the successor already has a file of that code this year."""
    if not CaseFile.objects.filter(year=case_file.year, code=case_file.code).exists():
        return case_file.code
    return f"{case_file.code}-{case_file.pk}"[:50]
