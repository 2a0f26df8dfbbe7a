"""The dossier's history: every event of every dossier is written here, and nowhere else.

An event is never updated or deleted; intake, actions, transfers received, progress from other units and failed
transfers all leave one through `record()`.
"""

from datetime import date, datetime

from django.utils import timezone

from modules.onestop.models import Dossier, DossierEvent


def _jsonable(data: dict) -> dict:
    """Dates and times as ISO text; a time in Vietnam's time with its offset, as the API writes every time."""
    return {k: _iso(v) if isinstance(v, date | datetime) else v for k, v in data.items()}


def _iso(value: date | datetime) -> str:
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, timezone.get_default_timezone())
    return value.isoformat()


def record(dossier: Dossier, action: str, *, at: datetime, to_status: str, from_status: str = "", actor=None,
           unit_code: str, role_code: str, reason: str = "", data: dict | None = None) -> DossierEvent:
    """One line of the dossier's history: what happened, from which status to which, who did it (a person, or
    `actor=None` for the system or another unit, named by `unit_code`), as which role, why, with what data."""
    return DossierEvent.objects.create(
        dossier=dossier, action=action, from_status=from_status, to_status=to_status, actor=actor,
        actor_unit_code=unit_code, role_code=role_code, reason=reason, data=_jsonable(data or {}), at=at)


def event(dossier: Dossier, action: str, *, at: datetime, to_status: str, from_status: str = "", actor=None,
          unit_code: str, role_code: str, reason: str = "", data: dict | None = None) -> DossierEvent:
    """The event `record` writes, unsaved: for `record_many`."""
    return DossierEvent(dossier=dossier, action=action, from_status=from_status, to_status=to_status, actor=actor,
                        actor_unit_code=unit_code, role_code=role_code, reason=reason, data=_jsonable(data or {}),
                        at=at)


def record_many(rows: list[DossierEvent]) -> list[DossierEvent]:
    """Many events in one statement: a dossier's history copied whole to the unit that takes it over, and the events
    of a reorganisation that moves many dossiers at once (services/reorganisation.py)."""
    return DossierEvent.objects.bulk_create(rows)
