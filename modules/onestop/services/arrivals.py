"""The one way a dossier comes into a unit's records: intake (counter, post, online) and a transfer from another unit.

Both give the dossier the unit's plan of steps and its appointment, record the arrival in its history (events.py) and
send the `onestop.dossier_received` hook. A dossier this unit held before and now receives again from another unit
(A -> B, back to A, A -> B again) is the same dossier: its history is kept and this unit's part starts afresh.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from core.modules import hooks
from modules.onestop.hooks import dossier_received
from modules.onestop.models import FINAL_STATUSES, Dossier, DossierStep, Status
from modules.onestop.services import deadlines, events
from modules.onestop.services.current_step import at_step
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.plans import Plan


@dataclass
class Application:
    procedure_code: str
    channel: str
    applicant_name: str
    applicant_phone: str = ""
    applicant_email: str = ""
    applicant_id_number: str = ""
    data: dict = field(default_factory=dict)
    competent_unit_code: str = ""   # receipt for another unit: the one that decides
    result_delivery: str = ""       # models.ResultDelivery: where the citizen gets the result
    parts: tuple = ()               # digitisation.Part: the components as received (scanned, exempt, looked up)


@dataclass(frozen=True)
class Arrival:
    """How the dossier arrived: recorded as the event `action`, announced with the hook's `channel`."""

    action: str                 # "receive" (intake) or "receive_transfer"
    channel: str                # the hook's channel: the dossier's channel, or "transfer"
    origin_unit_code: str       # the unit that first received it (its code keeps that unit's agency code)
    unit_code: str              # who brought it: this unit at intake, the sending unit for a transfer
    role_code: str
    actor: object = None
    transferred_from: str = ""
    note: str = ""


# A unit may receive again a dossier it no longer works on: it gave it back (result or refusal) or closed it.
_DONE_HERE = {*FINAL_STATUSES, Status.RESULT_READY}


def open_dossier(unit, application: Application, plan: Plan, *, code: str, at: datetime,
                 arrival: Arrival, carried: dict | None = None) -> Dossier:
    """Record the dossier `code` in the current unit (call inside the caller's transaction).

    `carried`: {"received_at": ISO text, "deadline": the clock's dict, "confirmed_at": ISO text or None} of a dossier
    received elsewhere for this unit to decide: its receipt time (and confirmation) and clock follow it.

    A transfer naming a code this unit already has reopens that dossier; OnestopError ALREADY_HELD when this unit
    still works on it (a second transfer of a dossier in process here would overwrite its work)."""
    dossier = Dossier.objects.select_for_update().filter(code=code).first() if arrival.transferred_from else None
    before = ""
    if dossier is None:
        dossier = Dossier(code=code, received_at=at)
    else:
        if dossier.holder_unit_code == unit.code and dossier.status not in _DONE_HERE:
            raise OnestopError("ALREADY_HELD", _("Đơn vị đang xử lý hồ sơ %(code)s.") % {"code": code}, "code")
        before = dossier.status
        _reset_for_another_round(dossier, at)
    dossier.procedure_code, dossier.procedure_version_id = plan.procedure_code, plan.version_id
    dossier.procedure_name, dossier.channel = plan.procedure_name, application.channel
    dossier.applicant_name, dossier.applicant_phone = application.applicant_name, application.applicant_phone
    dossier.applicant_email, dossier.applicant_id_number = application.applicant_email, application.applicant_id_number
    dossier.data, dossier.status = application.data, Status.RECEIVED
    dossier.origin_unit_code, dossier.holder_unit_code = arrival.origin_unit_code, unit.code
    dossier.transferred_from, dossier.assignee = arrival.transferred_from, arrival.actor
    dossier.competent_unit_code, dossier.result_delivery = application.competent_unit_code, application.result_delivery
    if carried:
        dossier.received_at = datetime.fromisoformat(carried["received_at"])
        confirmed = carried.get("confirmed_at")  # an online submission counts as received when it was confirmed
        dossier.confirmed_at = datetime.fromisoformat(confirmed) if confirmed else None
        deadlines.carry(dossier, carried["deadline"])
    else:
        deadlines.open_for(unit, dossier, at, plan.time)
    at_step(dossier, 0, plan.steps[0] if plan.steps else None)
    dossier.save()
    DossierStep.objects.bulk_create([
        DossierStep(dossier=dossier, index=i, name=s.name, role_code=s.role_code, days=s.days,
                    handover_unit_code=s.handover_unit_code, handover_unit_kind=s.handover_unit_kind)
        for i, s in enumerate(plan.steps)])
    events.record(dossier, arrival.action, at=at, from_status=before, to_status=Status.RECEIVED, actor=arrival.actor,
                  unit_code=arrival.unit_code, role_code=arrival.role_code, reason=arrival.note,
                  data={"again": True} if before else None)
    hooks.send(dossier_received, unit, dossier_code=dossier.code, channel=arrival.channel)
    return dossier


def _reset_for_another_round(dossier: Dossier, at: datetime) -> None:
    """This unit's earlier part is over: its steps give way to the current process, its clock and outcome are
    cleared; the history (events) stays."""
    dossier.steps.all().delete()
    dossier.received_at = at  # open_dossier puts it at the first step of the current process
    dossier.completed_at = dossier.closed_at = dossier.remote_updated_at = None
    dossier.reason = dossier.remote_status = dossier.transfer_failure = ""
    dossier.supplement_requested, dossier.supplement_items = False, []
