"""What a unit does with the one-stop messages it receives from other units."""

from datetime import datetime

from django.db import connection
from django.utils import timezone

from core.modules import hooks
from modules.onestop.hooks import dossier_received
from modules.onestop.models import Dossier, DossierEvent, DossierStep, Status
from modules.onestop.services import deadlines
from modules.onestop.services.plans import plan_for
from modules.onestop.services.transfers import PROGRESS, TRANSFER
from tenants.messaging.handlers import message_handler


@message_handler(TRANSFER)
def receive_transfer(message) -> dict:
    """A dossier from another unit: recorded here with the same code and this unit's own process for its part."""
    unit, p = connection.tenant, message.payload
    plan = plan_for(unit, p["procedure_code"], p["channel"])
    now = timezone.now()
    dossier = Dossier(
        code=p["code"], procedure_code=plan.procedure_code, procedure_version_id=plan.version_id,
        procedure_name=plan.procedure_name, channel=p["channel"], applicant_name=p["applicant_name"],
        applicant_phone=p.get("applicant_phone", ""), applicant_email=p.get("applicant_email", ""),
        applicant_id_number=p.get("applicant_id_number", ""), data=p.get("data", {}), status=Status.RECEIVED,
        received_at=now, origin_unit_code=p["origin_unit_code"], holder_unit_code=unit.code,
        transferred_from=message.sender_code,
    )
    deadlines.open_for(unit, dossier, now, plan.days)
    dossier.save()
    DossierStep.objects.bulk_create([
        DossierStep(dossier=dossier, index=i, name=s.name, role_code=s.role_code, days=s.days,
                    handover_unit_code=s.handover_unit_code, handover_unit_kind=s.handover_unit_kind)
        for i, s in enumerate(plan.steps)])
    DossierEvent.objects.create(dossier=dossier, action="receive_transfer", to_status=Status.RECEIVED,
                                actor_unit_code=message.sender_code, role_code="system", reason=p.get("note", ""),
                                at=now)
    hooks.send(dossier_received, unit, dossier_code=dossier.code, channel="transfer")
    return {"accepted": True, "code": dossier.code, "due_at": dossier.due_at.isoformat()}


@message_handler(PROGRESS)
def receive_progress(message) -> dict:
    """The unit we sent a dossier to moved it: log it; when its part is done, the dossier comes back to us."""
    from modules.onestop.services.actions import perform

    p = message.payload
    dossier = Dossier.objects.get(code=p["code"])
    at = datetime.fromisoformat(p["at"])
    if dossier.remote_updated_at is None or at >= dossier.remote_updated_at:  # an older report arriving late is kept
        Dossier.objects.filter(pk=dossier.pk).update(remote_status=p["status"], remote_updated_at=at)
    DossierEvent.objects.create(dossier=dossier, action=f"remote:{p['action']}", from_status=dossier.status,
                                to_status=dossier.status, actor_unit_code=message.sender_code, role_code="system",
                                data={"remote_status": p["status"]}, at=at)
    if p["status"] in (Status.RESULT_READY, Status.REFUSED) and dossier.status == Status.TRANSFERRED:
        perform(dossier.code, "transfer_back", at=at, data={"remote_status": p["status"]})
        Dossier.objects.filter(pk=dossier.pk).update(holder_unit_code=connection.tenant.code)
    return {"status": p["status"]}
