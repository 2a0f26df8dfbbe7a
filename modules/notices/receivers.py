"""Hook receivers. They run inside the sender's transaction: they write which event to notify to the outbox, and
the notices go out once that transaction commits (services.dispatch)."""

from core.modules import errors
from modules.notices.events import RECORDED_AS, Event, event_of_action
from modules.notices.services import confirmation
from modules.notices.services.dispatch import record_event
from modules.onestop.services import reads

NOTIFY = "notify"


def _event_id(dossier_code: str, event: str) -> int | None:
    """The dossier event just recorded for it: two such events are two notices, one hook sent twice is one."""
    return reads.latest_event_id(dossier_code, RECORDED_AS[event])


def on_dossier_received(unit, *, dossier_code: str, channel: str) -> None:
    record_event(unit, dossier_code, Event.RECEIVED, _event_id(dossier_code, Event.RECEIVED))
    if channel == "online":  # a citizen's own submission: only a code goes to its phone or e-mail until confirmed
        confirmation.open_for(unit, reads.dossier(dossier_code))


def on_dossier_changed(unit, *, dossier_code: str, action: str, from_status: str, to_status: str) -> None:
    event = event_of_action(action)
    if event is not None:
        record_event(unit, dossier_code, event, _event_id(dossier_code, event))


def on_module_disabled(unit, *, module_id: str) -> None:
    """Notices need notify: disabling notify while notices is on is refused (and undone)."""
    if module_id == NOTIFY:
        raise errors.has_dependents(NOTIFY, ["notices"])
