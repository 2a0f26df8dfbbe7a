"""The values a notice is written with (templates.VARIABLES), read from the dossier and the event notified."""

from datetime import datetime

from django.utils import timezone

from core.text_input import quoted_words
from modules.onestop.services import deadlines, reads
from modules.tracking.services import lookup_url
from tenants.models import Unit

MODULE_ID = "notices"


def vietnamese_time(moment: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in the installation's time zone (Asia/Ho_Chi_Minh); '' for none."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def _unit_name(code: str) -> str:
    if not code:
        return ""
    return Unit.objects.filter(code=code).values_list("name", flat=True).first() or code


def context_for(unit, dossier, event) -> dict:
    """Every documented variable, for this dossier as it is now and the dossier event being notified."""
    extension = deadlines.load(dossier).extension if dossier.deadline else None
    step = reads.current_step(dossier)
    data = event.data if event is not None else {}
    return {
        "code": dossier.code,
        # Written by whoever submitted online: quoted, never a link, inside the agency's own words.
        "applicant_name": quoted_words(dossier.applicant_name, limit=200),
        "procedure_name": dossier.procedure_name,
        "appointment": vietnamese_time(dossier.due_at),
        "previous_appointment": vietnamese_time(extension.previous_due) if extension else "",
        "received_at": vietnamese_time(dossier.received_at),
        "lookup_url": lookup_url(dossier.code, unit),
        "reason": (event.reason if event is not None else "") or dossier.reason,
        "supplement_items": [str(item) for item in dossier.supplement_items or []],
        "unit_name": unit.name,
        "transfer_unit": _unit_name(data.get("to_unit", "")),
        "step_name": step.name if step is not None else "",
    }
