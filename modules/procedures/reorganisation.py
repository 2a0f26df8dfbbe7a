"""What the procedures module does in an administrative reorganisation: each successor handles the procedures the
ended unit handled, with the ended unit's process where it has none of its own, so the dossiers carried to it keep
going (modules/onestop/services/reorganisation.py checks it). A successor's own process is never replaced."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy

from core.modules.reorganisation import CarryLine, Successor
from modules.procedures.models import UnitProcedure
from modules.procedures.services.process import adopt_procedure, unit_procedures

WHAT = gettext_lazy("Quy trình thủ tục (đơn vị kế thừa chưa có, áp dụng theo đơn vị cũ)")


@dataclass(frozen=True)
class _Process:
    code: str
    steps: list[dict]


def _own_processes() -> list[_Process]:
    """The current unit's processes in force, read in its schema whatever its status (an ended unit's archive too)."""
    rows = UnitProcedure.objects.filter(is_active=True).prefetch_related("steps").order_by("procedure_code")
    return [_Process(row.procedure_code, [
        {"name": s.name, "role": s.role_code, "duration": s.duration, "unit": s.duration_unit,
         "handover_unit": s.handover_unit_code, "handover_kind": s.handover_unit_kind} for s in row.steps.all()])
        for row in rows]


def _missing(unit, successors: tuple[Successor, ...]) -> dict[str, list[_Process]]:
    """successor code -> the old unit's processes it lacks (a successor not provisioned yet lacks them all)."""
    own = _own_processes()
    out = {}
    for successor in successors:
        has = set() if successor.unit.pk is None else {p.code for p in unit_procedures(successor.unit,
                                                                                       include_inactive=True)}
        out[successor.unit.code] = [p for p in own if p.code not in has]
    return out


def inventory(unit, *, successors: tuple[Successor, ...], effective: date) -> list[CarryLine]:
    return [CarryLine(str(WHAT), len(processes), code, details=[p.code for p in processes][:20])
            for code, processes in _missing(unit, successors).items() if processes]


def carry(unit, *, successors: tuple[Successor, ...], effective: date) -> list[CarryLine]:
    """Adopt into each successor the processes it lacks (the catalogue's current version; ProcessConfigError, the
    whole old unit rolled back, when a process no longer fits it)."""
    by_code = {s.unit.code: s.unit for s in successors}
    lines = []
    for code, processes in _missing(unit, successors).items():
        for process in processes:
            adopt_procedure(by_code[code], process.code, process.steps)
        if processes:
            lines.append(CarryLine(str(WHAT), len(processes), code, details=[p.code for p in processes][:20]))
    return lines
