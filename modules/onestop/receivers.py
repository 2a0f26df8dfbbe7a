"""The one-stop module's own receivers of its hooks."""

from modules.onestop.models import Dossier, DossierEvent, Status
from modules.onestop.services.transfer_messages import send_progress

# The statuses in which a unit's part of a transferred dossier is over: the dossier goes back to its sender.
_GIVEN_BACK = {Status.RESULT_READY, Status.REFUSED}


def report_progress(unit, *, dossier_code: str, action: str, from_status: str, to_status: str) -> None:
    """A dossier that another unit sent here changed status: tell that unit (a message in this transaction), up to
    and including the result or refusal that gives it back (effects.give_back); after that, this unit's own
    closing steps (returning the result at its counter) are no longer the sender's concern."""
    if from_status == to_status:
        return
    dossier = Dossier.objects.filter(code=dossier_code).only("code", "status", "transferred_from",
                                                               "holder_unit_code").first()
    if dossier is None or not dossier.transferred_from:
        return
    if dossier.holder_unit_code == dossier.transferred_from and to_status not in _GIVEN_BACK:
        return
    at = DossierEvent.objects.filter(dossier=dossier).order_by("-id").values_list("at", flat=True).first()
    send_progress(dossier, action, at)
