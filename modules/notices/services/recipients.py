"""Who is told: the applicant (phone, e-mail) and the staff who act next on the dossier.

Staff e-mails go to the active members of the unit holding the role of the dossier's current step (the step it is
at, or starts with when just received); for a result, to the result officers, who hand it over. When nobody holding
that role has an e-mail address, the unit's leaders are told instead.
"""

from core.accounts.services import member_emails
from modules.notices.events import ORIGIN_ONLY, POINT_TELLS, Event, NoticeChannel
from modules.onestop.services import reads

LEADER = "leader"
RESULT_OFFICER = "result_officer"


def staff_emails(unit, role_code: str) -> list[str]:
    """E-mail addresses of the unit's active members holding the role, each once, in a stable order."""
    return member_emails(unit, role_code)


def staff_role(dossier, event: str) -> str:
    if event == Event.RESULT_READY:
        return RESULT_OFFICER
    step = reads.current_step(dossier)
    return step.role_code if step is not None else LEADER


def recipients_for(unit, dossier, event: str, channel: str) -> list[str]:
    """The recipients of the event's notice on the channel (none: nothing is sent on it)."""
    if channel == NoticeChannel.STAFF_EMAIL:
        return staff_emails(unit, staff_role(dossier, event)) or staff_emails(unit, LEADER)
    if event in ORIGIN_ONLY and dossier.transferred_from:
        return []  # the unit that sent it here talks to the applicant
    if event in POINT_TELLS and dossier.transferred_from and dossier.competent_unit_code == unit.code:
        return []  # decided here for the point that received it: the point tells the applicant (result_from_competent)
    address = dossier.applicant_phone if channel == NoticeChannel.SMS else dossier.applicant_email
    return [address.strip()] if address and address.strip() else []
