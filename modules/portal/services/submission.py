"""A citizen's online submission through the portal: the one-stop module's own online submission (the service the
API's submitDossierOnline calls) plus the files, stored in the same transaction; and the receipt shown on screen.
The SMS and e-mail receipts are the one-stop module's notices for every online dossier (written to the outbox)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from core.modules.services import holds_tables
from core.public_address import public_url
from modules.onestop.services import online_limits, reads
from modules.onestop.services.applications import submit_online
from modules.portal.services import limits, uploads
from modules.tracking.services import lookup_url
from modules.tracking.services.address import LOOKUP_PATH, unit_lookup_address


@dataclass(frozen=True)
class Receipt:
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_at: datetime
    files: list  # SubmittedFile rows without their bytes
    lookup_url: str


def submit(unit, values: dict, files, client: str) -> Receipt:
    """The dossier received online with its files; PortalError or OnestopError (nothing recorded) when refused."""
    limits.count(limits.SUBMISSION_ATTEMPTS, client)
    online_limits.check(values, client)
    checked = uploads.checked(unit, files)
    with transaction.atomic():
        dossier = submit_online(values)
        uploads.store(dossier.code, checked)
    online_limits.accepted(values, client)
    return receipt(unit, dossier.code)


def receipt(unit, code: str) -> Receipt | None:
    """The receipt of a dossier of the current unit (None when there is none)."""
    dossier = reads.dossier(code)
    if dossier is None:
        return None
    return Receipt(dossier.code, dossier.procedure_code, dossier.procedure_name, dossier.applicant_name, dossier.received_at, dossier.due_at,
                   uploads.files_of(code), lookup_url(code, unit))


def confirmation_state(code: str) -> str | None:
    """Whether the submission's phone or e-mail is confirmed yet ("pending", "confirmed", "expired"; None: no
    confirmation, as where the unit sends no notices or never enabled them)."""
    if not holds_tables(connection.tenant, "notices"):
        return None
    from modules.notices.services import contact_confirmation

    return contact_confirmation(code)


def confirm(unit, code: str, given: str, client: str) -> str:
    """The code typed back: the contact it confirms; NoticesError otherwise."""
    from modules.notices.services import confirm_contact

    return confirm_contact(unit, code, given, client=client)


def resend_code(unit, code: str, client: str) -> None:
    from modules.notices.services import resend_contact_code

    resend_contact_code(unit, code, client=client)


def lookup_address(unit) -> str:
    """Where the portal links the look-up: the unit's own page (its tracking setting) or the platform's."""
    own = unit_lookup_address(unit) if unit is not None else ""
    return own if own and "{code}" not in own else public_url(LOOKUP_PATH)
