"""Receipt regardless of administrative boundary (Decree 118/2025/NĐ-CP): a one-stop point of the province receives
dossiers of procedures other units decide, and hands them over.

A receiving point may receive for the units above it in the province tree and the units directly under each of them
(the provincial departments beside the district or commune, the neighbouring communes), when they are ready, have
one-stop enabled and publish the procedure for the channel (an active process whose catalogue version states a time
for it). The dossier keeps the point's code and clock; the competent unit decides; the result comes back to the point.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from core.modules.services import is_enabled
from modules.onestop.models import Dossier, Status
from modules.onestop.services.counter import counter_procedures
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.plans import Plan, plan_for
from tenants.models import Unit, UnitStatus
from tenants.services import ancestors


def hand_over_confirmed(dossier_code: str, at: datetime) -> None:
    """A submission received here for another unit, held until its applicant confirmed (services/unconfirmed.py),
    goes to the competent unit now: the same hand-over as at receipt, once (only a dossier still just received)."""
    from modules.onestop.services.actions import perform

    dossier = Dossier.objects.filter(code=dossier_code, status=Status.RECEIVED, transferred_from="").exclude(
        competent_unit_code="").exclude(competent_unit_code=connection.tenant.code).first()
    if dossier is not None:
        perform(dossier_code, "send_to_competent", data={"to_unit": dossier.competent_unit_code}, at=at)


@dataclass(frozen=True)
class Receivable:
    """A procedure a receiving point may receive, for the unit that decides it, and the channels it is offered by."""

    unit_code: str
    unit_name: str
    procedure_code: str
    procedure_name: str
    channels: tuple[str, ...]


def competent_units(unit) -> list[Unit]:
    """The units `unit` may receive dossiers for, by code: those above it and those directly under each of them,
    ready and with one-stop enabled; never itself."""
    above = [u.pk for u in ancestors(unit)]
    if not above:
        return []
    rows = (Unit.objects.filter(Q(pk__in=above) | Q(parent_id__in=above), status=UnitStatus.READY)
            .exclude(pk=unit.pk).select_related("kind").order_by("code"))
    return [u for u in rows if is_enabled(u, "onestop")]


def receivable_procedures(unit) -> list[Receivable]:
    """Every procedure of every competent unit that `unit` may receive, by unit then procedure code."""
    found = []
    for competent in competent_units(unit):
        for offered in counter_procedures(competent):
            if offered.channels:
                found.append(Receivable(competent.code, competent.name, offered.process.code, offered.process.name,
                                        tuple(c.channel for c in offered.channels)))
    return found


def competent_plan(unit, competent_code: str, procedure_code: str, channel: str) -> tuple[Unit, Plan]:
    """The competent unit and its plan for a dossier `unit` receives for it. OnestopError on the `competent_unit`
    field when the point may not receive for that unit (UNKNOWN_UNIT) or the unit does not publish the procedure
    for the channel (RECEIVER_NOT_HANDLING); nothing is recorded."""
    target = next((u for u in competent_units(unit) if u.code == competent_code), None)
    if target is None:
        raise OnestopError("UNKNOWN_UNIT", _(
            "Điểm tiếp nhận không nhận hồ sơ cho đơn vị %(code)s (không cùng tỉnh, chưa dùng một cửa hoặc chưa "
            "sẵn sàng).") % {"code": competent_code}, "competent_unit")
    try:
        return target, plan_for(target, procedure_code, channel)
    except OnestopError as exc:
        raise OnestopError("RECEIVER_NOT_HANDLING", _(
            "Đơn vị %(unit)s không giải quyết thủ tục %(code)s theo hình thức này: %(why)s") % {
            "unit": target.name, "code": procedure_code, "why": exc}, "competent_unit") from exc
