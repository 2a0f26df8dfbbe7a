"""Liên thông: a dossier sent to another unit keeps its code; the receiver's progress comes back to the sender.

Both directions are messages (tenants.messaging): written in the sender's transaction, delivered once.
"""

from datetime import datetime

from django.db import connection
from django.utils.translation import gettext as _

from core.modules.services import is_enabled
from modules.onestop.models import Dossier, DossierStep
from modules.onestop.services.errors import OnestopError
from modules.procedures.services.process import StepView, resolve_handover
from tenants.messaging import services as messaging
from tenants.models import Unit, UnitStatus

TRANSFER, PROGRESS = "onestop.transfer", "onestop.progress"


def _target_of(unit, dossier: Dossier, to_unit_code: str | None) -> Unit:
    if to_unit_code:
        target = Unit.objects.filter(code=to_unit_code).first()
    else:
        step: DossierStep | None = dossier.steps.filter(index=dossier.step_index).first()
        if step is None or not (step.handover_unit_code or step.handover_unit_kind):
            raise OnestopError("NO_HANDOVER", _("Bước hiện tại không chuyển liên thông; chọn đơn vị nhận."), "to_unit")
        view = StepView(step.index, step.name, step.role_code, step.days, "days", step.days,
                        step.handover_unit_code, step.handover_unit_kind)
        target = resolve_handover(unit, view)
    if target is None or target.status != UnitStatus.READY or target.pk == unit.pk:
        raise OnestopError("UNKNOWN_UNIT", _("Đơn vị nhận không hợp lệ."), "to_unit")
    if not is_enabled(target, "onestop"):
        raise OnestopError("RECEIVER_NOT_ENABLED", _("Đơn vị nhận chưa dùng một cửa liên thông."), "to_unit")
    return target


def transfer(dossier_code: str, *, actor, to_unit_code: str | None = None, note: str = "") -> Dossier:
    """Send the dossier to another unit (the current step's hand-over unit when none is given)."""
    from modules.onestop.services.actions import perform

    unit = connection.tenant
    dossier = Dossier.objects.filter(code=dossier_code).first()
    if dossier is None:
        raise OnestopError("NOT_FOUND", _("Không có hồ sơ %(code)s.") % {"code": dossier_code})
    target = _target_of(unit, dossier, to_unit_code)
    from django.db import transaction

    with transaction.atomic():
        dossier = perform(dossier_code, "transfer", actor=actor, reason=note, data={"to_unit": target.code})
        Dossier.objects.filter(pk=dossier.pk).update(holder_unit_code=target.code, remote_status="")
        messaging.send(target.code, TRANSFER, {
            "code": dossier.code, "origin_unit_code": dossier.origin_unit_code,
            "procedure_code": dossier.procedure_code, "channel": dossier.channel,
            "applicant_name": dossier.applicant_name, "applicant_phone": dossier.applicant_phone,
            "applicant_email": dossier.applicant_email, "applicant_id_number": dossier.applicant_id_number,
            "data": dossier.data, "note": note,
        })
    dossier.refresh_from_db()
    return dossier


def report_progress(dossier: Dossier, action: str, at: datetime) -> None:
    """Tell the unit that sent us this dossier where it stands now (called inside the action's transaction)."""
    messaging.send(dossier.transferred_from, PROGRESS, {
        "code": dossier.code, "status": dossier.status, "action": action, "at": at.isoformat(),
    })
