"""The dossier's history: every event of every dossier is written here, and nowhere else.

An event is never updated or deleted; intake, actions, transfers received, progress from other units and failed
transfers all leave one through `record()`.
"""

from datetime import date, datetime

from modules.onestop.models import Dossier, DossierEvent


def _jsonable(data: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in data.items()}


def record(dossier: Dossier, action: str, *, at: datetime, to_status: str, from_status: str = "", actor=None,
           unit_code: str, role_code: str, reason: str = "", data: dict | None = None) -> DossierEvent:
    """One line of the dossier's history: what happened, from which status to which, who did it (a person, or
    `actor=None` for the system or another unit, named by `unit_code`), as which role, why, with what data."""
    return DossierEvent.objects.create(
        dossier=dossier, action=action, from_status=from_status, to_status=to_status, actor=actor,
        actor_unit_code=unit_code, role_code=role_code, reason=reason, data=_jsonable(data or {}), at=at)
