"""Which action moves a dossier from which statuses to which, who may take it, and what else it does.

One table is the rule book: a service checks it before changing anything, so an action out of place or by the wrong
role is refused with a clear error and leaves the dossier as it was. Each action's effects (its steps, its clock, the
messages it sends to other units) are declared beside it by name (effects.py), and run in the order given.
Every action then sends the `onestop.dossier_changed` hook: notices, payments, statistics and the progress report to
the unit that sent the dossier (receivers.py) listen to it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from modules.onestop.models import FINAL_STATUSES, Status
from modules.onestop.services.errors import OnestopCode

SYSTEM = "system"  # online intake, inter-unit messages, payment callbacks
# The holder of the current step when it is the process's last, a hand-over, and the other unit sent the dossier back
# with its result (handback.py): not a role of its own, granted by the dossier's state.
STEP_HOLDER = "step_holder"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the status does not change (an extension)
    roles: frozenset[str]
    needs_reason: bool = False
    effects: tuple[str, ...] = ()  # names in effects.EFFECTS


def _t(sources, target, roles, needs_reason=False, effects=()):
    return Transition(frozenset(sources), target, frozenset(roles), needs_reason, tuple(effects))


S = Status
OPEN = [s for s in Status.values if s not in FINAL_STATUSES]

TRANSITIONS: dict[str, Transition] = {
    "start": _t([S.RECEIVED], S.IN_PROCESS, ["receiving_officer", SYSTEM], effects=["start_first_step"]),
    "forward": _t([S.IN_PROCESS], S.IN_PROCESS, ["receiving_officer", "specialist", "leader"],
                  effects=["next_step"]),
    "request_supplement": _t([S.RECEIVED, S.IN_PROCESS], S.WAITING_SUPPLEMENT, ["receiving_officer", "specialist"],
                             needs_reason=True, effects=["ask_supplement"]),
    "supplement_received": _t([S.WAITING_SUPPLEMENT], S.IN_PROCESS, ["receiving_officer", SYSTEM],
                              effects=["clock_restart_after_supplement"]),
    "pause": _t([S.IN_PROCESS], S.PAUSED, ["leader"], needs_reason=True, effects=["clock_pause"]),
    "resume": _t([S.PAUSED], S.IN_PROCESS, ["leader"], effects=["clock_resume"]),
    # data["to_unit"]: the receiving unit, checked by transfers.transfer before the action runs.
    "transfer": _t([S.IN_PROCESS], S.TRANSFERRED, ["specialist", "leader"], effects=["hand_over"]),
    # The unit it was sent to reported a result or a refusal (its progress message).
    "transfer_back": _t([S.TRANSFERRED], S.IN_PROCESS, [SYSTEM], effects=["take_back"]),
    # The transfer message failed for good (refused by the receiver, or undelivered after its last retry).
    "transfer_failed": _t([S.TRANSFERRED], S.IN_PROCESS, [SYSTEM], needs_reason=True,
                          effects=["take_back", "note_transfer_failure"]),
    "request_payment": _t([S.IN_PROCESS], S.WAITING_PAYMENT, ["specialist", "receiving_officer"],
                          effects=["clock_pause_for_payment"]),
    "paid": _t([S.WAITING_PAYMENT], S.IN_PROCESS, [SYSTEM, "receiving_officer"], effects=["clock_resume"]),
    "approve": _t([S.IN_PROCESS], S.RESULT_READY, ["leader", SYSTEM, STEP_HOLDER],
                  effects=["finish_step", "complete", "give_back"]),
    "return_result": _t([S.RESULT_READY], S.RETURNED, ["result_officer", "receiving_officer"], effects=["close"]),
    "refuse": _t([S.RECEIVED, S.IN_PROCESS, S.WAITING_SUPPLEMENT], S.REFUSED, ["leader", "receiving_officer"],
                 needs_reason=True, effects=["close", "complete", "give_back"]),
    "withdraw": _t([s for s in OPEN if s != S.TRANSFERRED], S.WITHDRAWN, ["receiving_officer", SYSTEM],
                   needs_reason=True, effects=["close", "complete"]),
    # Circular 03/2025 form 05: the head of the agency stops the processing for a reason of the list
    # (stop_reasons.py, data["stop_reason"]); the papers go back to the applicant, who is told by a notice.
    "stop": _t([S.RECEIVED, S.IN_PROCESS, S.WAITING_SUPPLEMENT, S.PAUSED, S.WAITING_PAYMENT], S.STOPPED, ["leader"],
               effects=["note_stop_reason", "close", "complete", "give_back"]),
    "extend": _t([S.IN_PROCESS, S.PAUSED, S.TRANSFERRED, S.WAITING_SUPPLEMENT], None, ["leader"], needs_reason=True,
                 effects=["clock_extend"]),
    # Receipt regardless of boundary (receipt_points.py): the receiving point hands the dossier to the competent unit
    # as it receives it (data["to_unit"]); the competent unit's outcome comes back as the point's own, to be returned
    # where the citizen chose; the point's return closes the competent unit's dossier.
    "send_to_competent": _t([S.RECEIVED], S.TRANSFERRED, [SYSTEM], effects=["hand_over"]),
    "result_from_competent": _t([S.TRANSFERRED], S.RESULT_READY, [SYSTEM], effects=["take_back", "complete"]),
    "refused_by_competent": _t([S.TRANSFERRED], S.REFUSED, [SYSTEM], effects=["take_back", "close", "complete"]),
    "stopped_by_competent": _t([S.TRANSFERRED], S.STOPPED, [SYSTEM], effects=["take_back", "close", "complete"]),
    "returned_at_point": _t([S.RESULT_READY], S.RETURNED, [SYSTEM], effects=["close"]),
}


class TransitionError(ServiceError):
    """A refused action; `code` is an OnestopCode, the message is for people."""

    codes = OnestopCode


def check(action: str, status: str, roles: set[str], reason: str = "") -> Transition:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError("UNKNOWN_ACTION", _("Không có thao tác %(a)s.") % {"a": action})
    if status not in transition.sources:
        raise TransitionError("INVALID_TRANSITION",
                              _("Không thể %(a)s hồ sơ đang ở trạng thái %(s)s.") % {"a": action, "s": Status(status).label})
    if not roles & transition.roles:
        raise TransitionError("FORBIDDEN_ROLE", _("Vai trò của bạn không được thực hiện thao tác %(a)s.") % {"a": action})
    if transition.needs_reason and not reason.strip():
        raise TransitionError("REASON_REQUIRED", _("Thao tác %(a)s cần nêu lý do.") % {"a": action})
    return transition
