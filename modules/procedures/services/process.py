"""A unit's procedures and its process for each: adopt, read, withdraw.

Every function takes the unit and works in its schema; what it returns are plain objects, usable after the schema is
switched back. Adopting (again) always takes the catalogue's current version and replaces the steps.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.modules.services import holds_tables, is_enabled
from modules.catalogue.services import current_version, current_version_ids
from modules.procedures.models import ProcessStep, UnitProcedure
from modules.procedures.services.validation import ProcessConfigError, validate_process
from tenants.models import Unit, UnitStatus
from tenants.services import entered, nearest_above


@dataclass(frozen=True)
class StepView:
    position: int
    name: str
    role_code: str
    duration: Decimal
    duration_unit: str
    working_days: Decimal
    handover_unit_code: str = ""
    handover_unit_kind: str = ""


@dataclass
class UnitProcess:
    code: str
    name: str
    version_id: int            # the catalogue version the process was set up for
    current_version_id: int | None  # the catalogue's version in force now
    is_active: bool
    steps: list[StepView] = field(default_factory=list)

    @property
    def outdated(self) -> bool:
        """The catalogue has a newer version: adopt again to check the process against it."""
        return self.current_version_id is not None and self.version_id != self.current_version_id

    @property
    def total_days(self) -> Decimal:
        return sum((s.working_days for s in self.steps), Decimal(0))


@dataclass
class Adoption:
    process: UnitProcess
    created: bool
    warnings: list[str]


def _require_schema(unit: Unit) -> None:
    if unit.status not in (UnitStatus.READY, UnitStatus.SUSPENDED):
        raise ProcessConfigError(_("Đơn vị %(code)s chưa sẵn sàng.") % {"code": unit.code})


def _require_module(unit: Unit) -> None:
    """Setting up processes is for units that enabled the module (its tables are made then)."""
    _require_schema(unit)
    if not is_enabled(unit, "procedures"):
        raise ProcessConfigError(_("Đơn vị %(code)s chưa bật mô-đun quy trình thủ tục.") % {"code": unit.code})


def _has_tables(unit: Unit) -> bool:
    """A unit that never enabled the module handles no procedure (it has no tables to read)."""
    _require_schema(unit)
    return holds_tables(unit, "procedures")


def _view(row: UnitProcedure, current: dict[str, int]) -> UnitProcess:
    steps = [StepView(s.position, s.name, s.role_code, s.duration, s.duration_unit, s.working_days,
                      s.handover_unit_code, s.handover_unit_kind) for s in row.steps.all()]
    return UnitProcess(row.procedure_code, row.procedure_name, row.procedure_version_id,
                       current.get(row.procedure_code), row.is_active, steps)


def _current_ids(codes) -> dict[str, int]:
    return current_version_ids(codes)


def adopt_procedure(unit: Unit, code: str, steps) -> Adoption:
    """The unit handles the procedure `code` with these steps (StepSpec or dicts, in order).

    Raises ProcessConfigError (the module not enabled there, unknown procedure, invalid steps, steps longer than the
    processing time).
    """
    _require_module(unit)
    version = current_version(code)
    if version is None:
        raise ProcessConfigError(_("Danh mục không có thủ tục mã %(code)s.") % {"code": code})
    specs, warnings = validate_process(version, steps, unit)
    with entered(unit), transaction.atomic():
        row, created = UnitProcedure.objects.update_or_create(
            procedure_code=code,
            defaults={"procedure_version_id": version.pk, "procedure_name": version.name, "is_active": True},
        )
        row.steps.all().delete()
        ProcessStep.objects.bulk_create([
            ProcessStep(unit_procedure=row, position=n, name=s.name, role_code=s.role, duration=s.duration,
                        duration_unit=s.unit, handover_unit_code=s.handover_unit, handover_unit_kind=s.handover_kind)
            for n, s in enumerate(specs, start=1)
        ])
        process = _view(UnitProcedure.objects.prefetch_related("steps").get(pk=row.pk), {code: version.pk})
    return Adoption(process, created, warnings)


def unit_procedures(unit: Unit, include_inactive: bool = False) -> list[UnitProcess]:
    """The procedures the unit handles, with their process, in code order."""
    if not _has_tables(unit):
        return []
    with entered(unit):
        rows = UnitProcedure.objects.prefetch_related("steps")
        if not include_inactive:
            rows = rows.filter(is_active=True)
        rows = list(rows)
        current = _current_ids(r.procedure_code for r in rows)
        return [_view(row, current) for row in rows]


def unit_process(unit: Unit, code: str) -> UnitProcess | None:
    """The unit's process for one procedure (None when it does not handle it)."""
    if not _has_tables(unit):
        return None
    with entered(unit):
        row = UnitProcedure.objects.prefetch_related("steps").filter(procedure_code=code, is_active=True).first()
        return _view(row, _current_ids([code])) if row else None


def withdraw_procedure(unit: Unit, code: str) -> bool:
    """The unit stops handling the procedure (its process is kept). True when it was handling it."""
    if not _has_tables(unit):
        return False
    with entered(unit):
        return bool(UnitProcedure.objects.filter(procedure_code=code, is_active=True).update(is_active=False))


def resolve_handover(unit: Unit, step: StepView) -> Unit | None:
    """The unit a step hands over to: the unit of that code, or the nearest unit above of that kind."""
    if step.handover_unit_code:
        return Unit.objects.filter(code=step.handover_unit_code).first()
    if step.handover_unit_kind:
        return nearest_above(unit, step.handover_unit_kind)
    return None
