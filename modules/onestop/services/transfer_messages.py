"""The two messages of liên thông (tenants.messaging): a dossier sent to another unit, and its progress reported back
to the unit that sent it. Written in the caller's transaction, delivered once."""

from datetime import datetime

from modules.onestop.models import Dossier
from modules.onestop.services.digitisation import summary
from tenants.messaging import services as messaging

TRANSFER, PROGRESS = "onestop.transfer", "onestop.progress"


def send_transfer(dossier: Dossier, to_unit_code: str, note: str) -> None:
    """A dossier for another unit; to the unit competent for it (receipt regardless of boundary), with its receipt
    time, its clock and where the result goes: they follow the dossier."""
    payload = {
        "code": dossier.code, "origin_unit_code": dossier.origin_unit_code,
        "procedure_code": dossier.procedure_code, "channel": dossier.channel,
        "applicant_name": dossier.applicant_name, "applicant_phone": dossier.applicant_phone,
        "applicant_email": dossier.applicant_email, "applicant_id_number": dossier.applicant_id_number,
        "data": dossier.data, "note": note,
        "components": summary(dossier),  # how each paper was received (scanned, exempt, looked up), not the bytes
    }
    if dossier.competent_unit_code == to_unit_code:
        payload.update(competent_unit_code=to_unit_code, result_delivery=dossier.result_delivery,
                       received_at=dossier.received_at.isoformat(), deadline=dossier.deadline,
                       confirmed_at=dossier.confirmed_at.isoformat() if dossier.confirmed_at else None)
    messaging.send(to_unit_code, TRANSFER, payload)


def send_progress(dossier: Dossier, action: str, at: datetime, to_unit_code: str = "",
                  reason: str | None = None) -> None:
    """Tell the unit that sent us this dossier (or `to_unit_code`: the competent unit) where it stands now; `reason`
    (the dossier's by default) is what the report may say of why."""
    messaging.send(to_unit_code or dossier.transferred_from, PROGRESS, {
        "code": dossier.code, "status": str(dossier.status), "action": action, "at": at.isoformat(),
        "reason": dossier.reason if reason is None else reason,
    })
