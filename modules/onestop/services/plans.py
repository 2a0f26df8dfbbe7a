"""What a dossier will go through: the unit's process for the procedure and the processing time of the channel."""

import time
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from modules.catalogue.services import get_version
from modules.onestop.services.errors import OnestopError
from modules.procedures.services.process import unit_process


@dataclass(frozen=True)
class PlannedStep:
    name: str
    role_code: str
    days: Decimal
    handover_unit_code: str = ""
    handover_unit_kind: str = ""


@dataclass(frozen=True)
class Plan:
    procedure_code: str
    procedure_name: str
    version_id: int
    days: Decimal
    steps: tuple[PlannedStep, ...]


# Plans are read on every intake; a process keeps them PLAN_TTL seconds, so a changed process or a new catalogue
# version reaches intake within that time.
PLAN_TTL = 30.0
_plans: dict[tuple[str, str, str], tuple[float, Plan]] = {}


def plan_for(unit, procedure_code: str, channel: str) -> Plan:
    """The plan of a new dossier; the catalogue version in force today is the one the dossier keeps."""
    key = (unit.schema_name, procedure_code, channel)
    cached = _plans.get(key)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    plan = _read_plan(unit, procedure_code, channel)
    _plans[key] = (time.monotonic() + PLAN_TTL, plan)
    return plan


def forget_plans() -> None:
    _plans.clear()


def _read_plan(unit, procedure_code: str, channel: str) -> Plan:
    process = unit_process(unit, procedure_code)
    if process is None:
        raise OnestopError("PROCEDURE_NOT_HANDLED",
                           _("Đơn vị không tiếp nhận thủ tục %(code)s.") % {"code": procedure_code}, "procedure_code")
    version = get_version(process.current_version_id or process.version_id)
    days = version.processing_days(channel) if version else None
    if days is None:
        raise OnestopError("CHANNEL_NOT_OFFERED",
                           _("Thủ tục %(code)s không nhận hồ sơ theo hình thức này.") % {"code": procedure_code}, "channel")
    steps = tuple(PlannedStep(s.name, s.role_code, s.working_days, s.handover_unit_code, s.handover_unit_kind)
                  for s in process.steps)
    return Plan(procedure_code, version.name, version.pk, days, steps)
