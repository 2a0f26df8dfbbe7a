"""Citizens' own online submissions waiting for the applicant to confirm a phone or an e-mail address (the notices
module sends the codes and keeps the confirmation): until then they stay out of the staff's queues and lists
(queues.visible). The flag is set and cleared in the transaction that opens or settles the confirmation."""

from modules.onestop.models import Dossier


def hold(dossier_code: str) -> None:
    """The submission waits for its applicant's confirmation: the staff do not see it yet."""
    Dossier.objects.filter(code=dossier_code).update(awaiting_confirmation=True)


def release(dossier_code: str) -> None:
    """Confirmed, or no longer waiting (the confirmation expired): the staff see it as any other dossier."""
    Dossier.objects.filter(code=dossier_code, awaiting_confirmation=True).update(awaiting_confirmation=False)


def is_held(dossier_code: str) -> bool:
    return Dossier.objects.filter(code=dossier_code, awaiting_confirmation=True).exists()
