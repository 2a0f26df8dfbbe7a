"""The two messages of liên thông (tenants.messaging): a dossier sent to another unit, and its progress reported back
to the unit that sent it. Written in the caller's transaction, delivered once."""

from datetime import datetime

from modules.onestop.models import Dossier
from tenants.messaging import services as messaging

TRANSFER, PROGRESS = "onestop.transfer", "onestop.progress"


def send_transfer(dossier: Dossier, to_unit_code: str, note: str) -> None:
    messaging.send(to_unit_code, TRANSFER, {
        "code": dossier.code, "origin_unit_code": dossier.origin_unit_code,
        "procedure_code": dossier.procedure_code, "channel": dossier.channel,
        "applicant_name": dossier.applicant_name, "applicant_phone": dossier.applicant_phone,
        "applicant_email": dossier.applicant_email, "applicant_id_number": dossier.applicant_id_number,
        "data": dossier.data, "note": note,
    })


def send_progress(dossier: Dossier, action: str, at: datetime) -> None:
    """Tell the unit that sent us this dossier where it stands now."""
    messaging.send(dossier.transferred_from, PROGRESS, {
        "code": dossier.code, "status": str(dossier.status), "action": action, "at": at.isoformat(),
    })
