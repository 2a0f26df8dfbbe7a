"""What a dossier will go through: the unit's process for the procedure and the processing time of the channel, as
the catalogue states it (value and unit: working days, calendar days, hours, months), counted in that kind."""

import time
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from modules.catalogue.services import channel_times, get_version
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
class ChannelTime:
    """The channel's processing time as stated: `value` of `unit` (the catalogue's TimeUnit: working_day, day,
    hour, month)."""

    value: Decimal
    unit: str


@dataclass(frozen=True)
class Plan:
    procedure_code: str
    procedure_name: str
    version_id: int
    time: ChannelTime
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
    time_ = _channel_time(version.pk, channel) if version else None
    if time_ is None:
        raise OnestopError("CHANNEL_NOT_OFFERED",
                           _("Thủ tục %(code)s không nhận hồ sơ theo hình thức này.") % {"code": procedure_code}, "channel")
    steps = tuple(PlannedStep(s.name, s.role_code, s.working_days, s.handover_unit_code, s.handover_unit_kind)
                  for s in process.steps)
    return Plan(procedure_code, version.name, version.pk, time_, steps)


def _channel_time(version_id: int, channel: str) -> ChannelTime | None:
    """The channel's stated time: of its first row with a readable time, the shortest of the rows in that unit
    (a channel stated twice); None when the catalogue gives this channel no time."""
    stated = [c for c in channel_times(version_id) if c.channel == channel and c.value is not None and c.unit]
    if not stated:
        return None
    unit = stated[0].unit
    return ChannelTime(min(c.value for c in stated if c.unit == unit), unit)
