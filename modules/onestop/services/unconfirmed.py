"""Citizens' own online submissions waiting for the applicant to confirm a phone or an e-mail address (the notices
module sends the codes and keeps the confirmation): until then they stay out of the staff's queues and lists
(queues.visible), out of the statistics (reads: an unconfirmed submission is not received; it counts as received when
confirmed, at that time, and never when the confirmation expires), and a submission filed at a receiving point for
another unit waits there (receipt_points.hand_over_confirmed). The flags are set in the transaction that opens or
settles the confirmation."""

from datetime import datetime

from django.db.models import Q

from modules.onestop.models import Dossier

# What the unit counts as received: nothing still waiting for its applicant, nothing whose confirmation expired.
COUNTED = Q(awaiting_confirmation=False, confirmation_expired=False)


def hold(dossier_code: str) -> None:
    """The submission waits for its applicant's confirmation: the staff do not see it yet."""
    Dossier.objects.filter(code=dossier_code).update(awaiting_confirmation=True)


def confirmed(dossier_code: str, at: datetime) -> bool:
    """The applicant confirmed at `at`: the staff see it as any other dossier, the statistics count it as received
    then, and a submission received here for another unit goes to it now. False when it was not waiting."""
    from modules.onestop.services.receipt_points import hand_over_confirmed

    if not Dossier.objects.filter(code=dossier_code, awaiting_confirmation=True).update(
            awaiting_confirmation=False, confirmed_at=at):
        return False
    hand_over_confirmed(dossier_code, at)
    return True


def expired(dossier_code: str) -> None:
    """No longer waiting, never confirmed: shown to the staff (to be withdrawn), never counted as received."""
    Dossier.objects.filter(code=dossier_code, awaiting_confirmation=True).update(
        awaiting_confirmation=False, confirmation_expired=True)


def is_held(dossier_code: str) -> bool:
    return Dossier.objects.filter(code=dossier_code, awaiting_confirmation=True).exists()
