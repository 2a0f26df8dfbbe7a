"""Liên thông: a dossier sent to another unit keeps its code; the receiver's progress comes back to the sender.

Both directions are messages (tenants.messaging, transfer_messages.py): written in the sender's transaction,
delivered once. A transfer the receiving unit could not take (unknown, not ready, without the module, not taking
the procedure or the channel) is refused here, before anything changes; one that still fails on the way comes back
to the sender (handlers.transfer_failed).
"""

from django.db import connection
from django.utils.translation import gettext as _

from core.modules.services import is_enabled
from modules.onestop.models import Dossier, DossierStep
from modules.onestop.services.actions import perform
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.plans import plan_for
from modules.onestop.services.transfer_messages import PROGRESS, TRANSFER
from modules.procedures.services.process import StepView, resolve_handover
from tenants.models import Unit, UnitStatus

__all__ = ["PROGRESS", "TRANSFER", "transfer"]


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
    try:
        plan_for(target, dossier.procedure_code, dossier.channel)  # what its receipt will need
    except OnestopError as exc:
        raise OnestopError("RECEIVER_NOT_HANDLING", _(
            "Đơn vị %(unit)s không tiếp nhận thủ tục %(code)s theo hình thức này: %(why)s") % {
            "unit": target.name, "code": dossier.procedure_code, "why": exc}, "to_unit") from exc
    return target


def transfer(dossier_code: str, *, actor, to_unit_code: str | None = None, note: str = "") -> Dossier:
    """Send the dossier to another unit (the current step's hand-over unit when none is given). OnestopError, with
    nothing changed, when that unit cannot take it."""
    unit = connection.tenant
    dossier = Dossier.objects.filter(code=dossier_code).first()
    if dossier is None:
        raise OnestopError("NOT_FOUND", _("Không có hồ sơ %(code)s.") % {"code": dossier_code})
    target = _target_of(unit, dossier, to_unit_code)
    return perform(dossier_code, "transfer", actor=actor, reason=note, data={"to_unit": target.code})
