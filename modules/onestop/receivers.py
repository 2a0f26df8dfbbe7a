"""The one-stop module's own receivers of its hooks."""

from modules.onestop.models import Dossier, DossierEvent, Status
from modules.onestop.services import national_portal
from modules.onestop.services.transfer_messages import send_progress

# The statuses in which a unit's part of a transferred dossier is over: the dossier goes back to its sender.
_GIVEN_BACK = {Status.RESULT_READY, Status.REFUSED, Status.STOPPED}


def report_progress(unit, *, dossier_code: str, action: str, from_status: str, to_status: str) -> None:
    """A dossier that another unit sent here changed status: tell that unit (a message in this transaction), up to
    and including the result, refusal or stop that gives it back (effects.give_back); after that, this unit's own
    closing steps (returning the result at its counter) are no longer the sender's concern. A receiving point tells
    the competent unit when it returned that unit's result."""
    if from_status == to_status:
        return
    national_portal.note_change(dossier_code, action, to_status)  # filed on the national portal: tell it too
    dossier = Dossier.objects.filter(code=dossier_code).only("code", "status", "transferred_from", "reason",
                                                               "holder_unit_code", "competent_unit_code").first()
    if dossier is None:
        return
    competent = dossier.competent_unit_code
    if competent and competent != unit.code and not dossier.transferred_from:
        # A receiving point returned the competent unit's result: that unit closes its dossier too.
        if to_status == Status.RETURNED and dossier.holder_unit_code == unit.code:
            send_progress(dossier, action, _last_at(dossier), to_unit_code=competent)
        return
    if not dossier.transferred_from:
        return
    if dossier.holder_unit_code == dossier.transferred_from and to_status not in _GIVEN_BACK:
        return
    send_progress(dossier, action, _last_at(dossier))


def _last_at(dossier):
    return DossierEvent.objects.filter(dossier=dossier).order_by("-id").values_list("at", flat=True).first()
