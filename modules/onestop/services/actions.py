"""Every change of a dossier after intake: one function, checked against the rule book, logged, in a transaction.

What each action does is declared in the rule book (transitions.py) and done by effects.py; this function only runs
them in order, saves, records the event (events.py) and sends the dossier_changed hook.
"""

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import role_codes
from core.calendar.errors import CalendarError
from core.modules import hooks
from modules.onestop.hooks import dossier_changed
from modules.onestop.models import Dossier
from modules.onestop.services import events
from modules.onestop.services.effects import EFFECTS, ActionContext
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.handback import step_holder_roles
from modules.onestop.services.transitions import STEP_HOLDER, SYSTEM, check


def _check_step_role(dossier: Dossier, roles: set[str]) -> None:
    """Forwarding is done by the current step's role (leaders forward any step)."""
    role = dossier.current_step_role
    if role and role not in roles and "leader" not in roles:
        raise OnestopError("FORBIDDEN_ROLE", _("Bước này do vai trò %(r)s xử lý.") % {"r": role})


def perform(dossier_code: str, action: str, *, actor=None, reason: str = "", data: dict | None = None,
            at: datetime | None = None) -> Dossier:
    """Take `action` on the dossier as `actor` (None: the system). Raises TransitionError or OnestopError and
    changes nothing when the action is not allowed, the role is wrong or the input is incomplete."""
    unit = connection.tenant
    at = at or timezone.now()
    data = data or {}
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().filter(code=dossier_code).first()
        if dossier is None:
            raise OnestopError("NOT_FOUND", _("Không có hồ sơ %(code)s.") % {"code": dossier_code})
        roles = {SYSTEM} if actor is None else role_codes(actor, unit)
        if actor is not None:  # the person whose step it is may finish a last hand-over step come back
            roles |= step_holder_roles(dossier, roles, dossier.steps.all())
        transition = check(action, dossier.status, roles, reason)
        if action == "forward" and actor is not None:
            _check_step_role(dossier, roles)
        before = dossier.status
        context = ActionContext(unit, dossier, action, at, reason, data)
        try:
            for effect in transition.effects:
                EFFECTS[effect](context)
        except CalendarError as exc:
            raise OnestopError("DEADLINE_REFUSED", str(exc)) from exc
        if transition.target is not None:
            dossier.status = transition.target
        dossier.save()
        role = SYSTEM if actor is None else sorted(roles & transition.roles)[0]
        if role == STEP_HOLDER:
            role = dossier.current_step_role if dossier.current_step_role in roles else role
        events.record(dossier, action, at=at, from_status=before, to_status=dossier.status, actor=actor,
                      unit_code=unit.code, role_code=role, reason=context.reason, data=data)
        hooks.send(dossier_changed, unit, dossier_code=dossier.code, action=action, from_status=before,
                   to_status=dossier.status)
    return dossier
