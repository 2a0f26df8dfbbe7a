"""The one-stop module's own receivers of its hooks."""

from modules.onestop.models import Dossier, DossierEvent, Status
from modules.onestop.services import national_portal
from modules.onestop.services.transfer_messages import send_progress

# The statuses in which a unit's part of a transferred dossier is over: the dossier goes back to its sender.
_GIVEN_BACK = {Status.RESULT_READY, Status.REFUSED, Status.STOPPED}
# Steps that keep the status but that the applicant's look-up lists: the competent unit reports them too to the point
# that received the dossier for it, whose look-up shows them.
_STEPS_KEEPING_THE_STATUS = {"forward", "extend"}
# The outcomes whose reason the point needs (it tells the applicant); no other report carries a reason or a note.
_TOLD_WITH_REASON = {Status.REFUSED, Status.STOPPED}


def report_progress(unit, *, dossier_code: str, action: str, from_status: str, to_status: str) -> None:
    """A dossier that another unit sent here changed status: tell that unit (a message in this transaction), up to
    and including the result, refusal or stop that gives it back (effects.give_back); after that, this unit's own
    closing steps (returning the result at its counter) are no longer the sender's concern. A receiving point tells
    the competent unit when it returned that unit's result. The competent unit tells that point each step the
    applicant's look-up lists (forward and extend too, which keep the status), without staff names or notes."""
    same = from_status == to_status
    if same and action not in _STEPS_KEEPING_THE_STATUS:
        return
    if not same:
        national_portal.note_change(dossier_code, action, to_status)  # filed on the national portal: tell it too
    dossier = Dossier.objects.filter(code=dossier_code).only("code", "status", "transferred_from", "reason",
                                                               "holder_unit_code", "competent_unit_code").first()
    if dossier is None:
        return
    competent = dossier.competent_unit_code
    if competent and competent != unit.code and not dossier.transferred_from:
        # A receiving point returned the competent unit's result: that unit closes its dossier too.
        if not same and to_status == Status.RETURNED and dossier.holder_unit_code == unit.code:
            send_progress(dossier, action, _last_at(dossier), to_unit_code=competent)
        return
    if not dossier.transferred_from:
        return
    if dossier.holder_unit_code == dossier.transferred_from and to_status not in _GIVEN_BACK:
        return
    if competent == unit.code:  # received for us by a point: each step its look-up shows, no notes
        send_progress(dossier, action, _last_at(dossier),
                      reason=dossier.reason if to_status in _TOLD_WITH_REASON else "")
    elif not same:  # an ordinary transfer's sender hears of status changes only
        send_progress(dossier, action, _last_at(dossier))


def _last_at(dossier):
    return DossierEvent.objects.filter(dossier=dossier).order_by("-id").values_list("at", flat=True).first()
