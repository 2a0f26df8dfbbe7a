"""Checking a unit's process for a procedure before it is saved.

Errors (the process is refused): no step, a step without name, an unknown role, a time that is not positive, a hand-over
to an unknown unit or kind, or steps whose times add up to more than the procedure's processing time (the legal time
limit: a process longer than it makes every dossier late). The limit is the shortest processing time over the
procedure's channels, since one process serves every channel.
Warnings (saved, reported): the procedure states no processing time to check against; a hand-over to a kind of unit
that is not above this unit (it cannot be resolved for this unit).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.accounts.roles import ADMINISTRATOR, all_role_specs
from modules.procedures.models import HOURS_PER_DAY, DurationUnit
from tenants.models import Unit, UnitKind
from tenants.services import ancestors


class ProcessConfigError(ValidationError):
    """The process cannot be saved; `messages` names every problem."""


@dataclass(frozen=True)
class StepSpec:
    name: str
    role: str
    duration: Decimal
    unit: str = DurationUnit.HOURS
    handover_unit: str = ""
    handover_kind: str = ""

    @property
    def working_days(self) -> Decimal:
        return self.duration / HOURS_PER_DAY if self.unit == DurationUnit.HOURS else self.duration

    @classmethod
    def of(cls, value) -> "StepSpec":
        """A StepSpec, or a dict: {"name", "role", "hours" or "days", "handover_unit", "handover_kind"}."""
        if isinstance(value, StepSpec):
            return value
        if not isinstance(value, dict):
            raise ValueError(_("mỗi bước là một đối tượng (name, role, hours/days)"))
        if "hours" in value and "days" in value:
            raise ValueError(_("chỉ ghi một trong hours hoặc days"))
        unit = DurationUnit.DAYS if "days" in value else DurationUnit(value.get("unit", DurationUnit.HOURS))
        amount = value.get("days", value.get("hours", value.get("duration")))
        try:
            duration = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            raise ValueError(_("thời gian “%(value)s” không phải một số") % {"value": amount}) from None
        return cls(name=str(value.get("name") or "").strip(), role=str(value.get("role") or "").strip(),
                   duration=duration, unit=unit, handover_unit=str(value.get("handover_unit") or "").strip(),
                   handover_kind=str(value.get("handover_kind") or "").strip())


def step_roles() -> set[str]:
    """Role codes that may do a step (every role a unit is given except the administrator's)."""
    return {spec.code for spec in all_role_specs()} - {ADMINISTRATOR}


def days_text(days: Decimal) -> str:
    return format(days.quantize(Decimal("0.001")).normalize(), "f")


def _ancestor_kinds(unit) -> set[str]:
    return {above.kind.code for above in ancestors(unit)} if unit is not None else set()


def _check_step(n: int, step: StepSpec, unit, roles: set[str], errors: list[str], warnings: list[str]) -> None:
    where = _("Bước %(n)d") % {"n": n}
    if not step.name:
        errors.append(_("%(where)s: thiếu tên bước.") % {"where": where})
    if step.role not in roles:
        errors.append(_("%(where)s: vai trò “%(role)s” không có (dùng một trong: %(roles)s).")
                      % {"where": where, "role": step.role, "roles": ", ".join(sorted(roles))})
    if not step.duration.is_finite() or step.duration <= 0:
        errors.append(_("%(where)s: thời gian phải lớn hơn 0.") % {"where": where})
    if step.handover_unit and step.handover_kind:
        errors.append(_("%(where)s: chỉ chọn một nơi nhận chuyển giao (mã đơn vị hoặc loại đơn vị).") % {"where": where})
    elif step.handover_unit:
        if unit is not None and step.handover_unit == unit.code:
            errors.append(_("%(where)s: không thể chuyển cho chính đơn vị mình.") % {"where": where})
        elif not Unit.objects.filter(code=step.handover_unit).exists():
            errors.append(_("%(where)s: không có đơn vị mã %(code)s.") % {"where": where, "code": step.handover_unit})
    elif step.handover_kind:
        if not UnitKind.objects.filter(code=step.handover_kind).exists():
            errors.append(_("%(where)s: không có loại đơn vị “%(kind)s”.") % {"where": where, "kind": step.handover_kind})
        elif unit is not None and step.handover_kind not in _ancestor_kinds(unit):
            warnings.append(_("%(where)s: đơn vị không có cấp trên loại “%(kind)s”; chưa xác định được nơi nhận.")
                            % {"where": where, "kind": step.handover_kind})


def validate_process(version, steps, unit=None) -> tuple[list[StepSpec], list[str]]:
    """Check steps against the catalogue version -> (the steps as StepSpec, warnings). Raises ProcessConfigError."""
    errors: list[str] = []
    warnings: list[str] = []
    specs: list[StepSpec] = []
    for n, value in enumerate(steps or [], start=1):
        try:
            specs.append(StepSpec.of(value))
        except ValueError as exc:
            errors.append(_("Bước %(n)d: %(error)s.") % {"n": n, "error": exc})
    if not specs and not errors:
        errors.append(_("Quy trình cần ít nhất một bước."))
    roles = step_roles()
    for n, step in enumerate(specs, start=1):
        _check_step(n, step, unit, roles, errors, warnings)
    limit = version.processing_days()
    total = sum((s.working_days for s in specs if s.duration.is_finite() and s.duration > 0), Decimal(0))
    if limit is None:
        warnings.append(_("Thủ tục %(code)s không nêu thời hạn giải quyết; không kiểm tra được tổng thời gian các bước.")
                        % {"code": version.procedure.code})
    elif total > limit:
        errors.append(_("Tổng thời gian các bước (%(total)s ngày làm việc) vượt thời hạn giải quyết của thủ tục "
                        "(%(limit)s ngày làm việc).") % {"total": days_text(total), "limit": days_text(limit)})
    if errors:
        raise ProcessConfigError(errors)
    return specs, warnings
