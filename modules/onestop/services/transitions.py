"""Which action moves a dossier from which statuses to which, and who may take it.

One table is the rule book: a service checks it before changing anything, so an action out of place or by the wrong
role is refused with a clear error and leaves the dossier as it was.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from modules.onestop.models import FINAL_STATUSES, Status

SYSTEM = "system"  # online intake, inter-unit messages, payment callbacks


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the status does not change (an extension)
    roles: frozenset[str]
    needs_reason: bool = False


def _t(sources, target, roles, needs_reason=False):
    return Transition(frozenset(sources), target, frozenset(roles), needs_reason)


S = Status
OPEN = [s for s in Status.values if s not in FINAL_STATUSES]

TRANSITIONS: dict[str, Transition] = {
    "start": _t([S.RECEIVED], S.IN_PROCESS, ["receiving_officer", SYSTEM]),
    "forward": _t([S.IN_PROCESS], S.IN_PROCESS, ["receiving_officer", "specialist", "leader"]),
    "request_supplement": _t([S.RECEIVED, S.IN_PROCESS], S.WAITING_SUPPLEMENT, ["receiving_officer", "specialist"],
                             needs_reason=True),
    "supplement_received": _t([S.WAITING_SUPPLEMENT], S.IN_PROCESS, ["receiving_officer", SYSTEM]),
    "pause": _t([S.IN_PROCESS], S.PAUSED, ["leader"], needs_reason=True),
    "resume": _t([S.PAUSED], S.IN_PROCESS, ["leader"]),
    "transfer": _t([S.IN_PROCESS], S.TRANSFERRED, ["specialist", "leader"]),
    "transfer_back": _t([S.TRANSFERRED], S.IN_PROCESS, [SYSTEM]),
    "request_payment": _t([S.IN_PROCESS], S.WAITING_PAYMENT, ["specialist", "receiving_officer"]),
    "paid": _t([S.WAITING_PAYMENT], S.IN_PROCESS, [SYSTEM, "receiving_officer"]),
    "approve": _t([S.IN_PROCESS], S.RESULT_READY, ["leader", SYSTEM]),
    "return_result": _t([S.RESULT_READY], S.RETURNED, ["result_officer", "receiving_officer"]),
    "refuse": _t([S.RECEIVED, S.IN_PROCESS, S.WAITING_SUPPLEMENT], S.REFUSED, ["leader", "receiving_officer"],
                 needs_reason=True),
    "withdraw": _t([s for s in OPEN if s != S.TRANSFERRED], S.WITHDRAWN, ["receiving_officer", SYSTEM],
                   needs_reason=True),
    "extend": _t([S.IN_PROCESS, S.PAUSED, S.TRANSFERRED, S.WAITING_SUPPLEMENT], None, ["leader"], needs_reason=True),
}


class TransitionError(Exception):
    """A refused action; `code` is machine-readable, the message is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


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
