"""Every change of a dossier after intake: one function, checked against the rule book, logged, in a transaction."""

from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import role_codes
from core.calendar import deadlines as clock
from core.calendar.errors import CalendarError
from core.calendar.services import calendar_for
from core.modules import hooks
from modules.onestop.hooks import dossier_changed
from modules.onestop.models import Dossier, DossierEvent
from modules.onestop.services import deadlines
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.transitions import SYSTEM, check


def _current_step(dossier):
    return dossier.steps.filter(index=dossier.step_index).first()


def _start_step(unit, dossier, index: int, at: datetime) -> None:
    step = dossier.steps.filter(index=index).first()
    dossier.step_index = index
    if step is not None:
        step.started_at = at
        step.due_at = clock.step_due(calendar_for(unit, around=at), at, days=step.days)
        step.save(update_fields=["started_at", "due_at"])


def _finish_step(dossier, at: datetime) -> None:
    dossier.steps.filter(index=dossier.step_index, finished_at__isnull=True).update(finished_at=at)


def _effects(unit, dossier, action: str, at: datetime, reason: str, data: dict) -> None:
    if action == "start":
        _start_step(unit, dossier, 0, at)
    elif action == "forward":
        if not dossier.steps.filter(index=dossier.step_index + 1).exists():
            raise OnestopError("NO_NEXT_STEP", _("Đây là bước cuối: trình ký duyệt kết quả."))
        _finish_step(dossier, at)
        _start_step(unit, dossier, dossier.step_index + 1, at)
    elif action == "request_supplement":
        items = [str(i).strip() for i in data.get("items", []) if str(i).strip()]
        if dossier.supplement_requested:
            raise OnestopError("SUPPLEMENT_ALREADY_REQUESTED",
                               _("Hồ sơ đã được yêu cầu bổ sung một lần; mọi yêu cầu phải nêu đủ trong một lần."))
        if not items:
            raise OnestopError("ITEMS_REQUIRED", _("Liệt kê đủ các giấy tờ cần bổ sung."), "items")
        dossier.supplement_requested, dossier.supplement_items = True, items
        deadlines.apply(unit, dossier, clock.request_supplement, at)
    elif action == "supplement_received":
        deadlines.apply(unit, dossier, clock.receive_supplement, at)
    elif action in ("pause", "request_payment"):
        why = clock.PauseReason.OTHER if action == "pause" else clock.PauseReason.FINANCIAL_OBLIGATION
        deadlines.apply(unit, dossier, clock.pause_deadline, at, reason=why)
    elif action in ("resume", "paid"):
        deadlines.apply(unit, dossier, clock.resume_deadline, at)
    elif action == "approve":
        _finish_step(dossier, at)
        dossier.completed_at = at
    elif action in ("return_result", "refuse", "withdraw"):
        dossier.closed_at = at
        dossier.reason = reason
        if action != "return_result" and dossier.completed_at is None:
            dossier.completed_at = at
    elif action == "extend":
        new_due = data.get("new_due")
        if isinstance(new_due, str):
            new_due = date.fromisoformat(new_due) if len(new_due) == 10 else datetime.fromisoformat(new_due)
        deadlines.apply(unit, dossier, clock.extend_deadline, at, reason=reason, new_due=new_due,
                        days=data.get("days", 0))


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
        transition = check(action, dossier.status, roles, reason)
        if action == "forward" and actor is not None:
            step = _current_step(dossier)
            if step is not None and step.role_code not in roles and "leader" not in roles:
                raise OnestopError("FORBIDDEN_ROLE", _("Bước này do vai trò %(r)s xử lý.") % {"r": step.role_code})
        before = dossier.status
        try:
            _effects(unit, dossier, action, at, reason, data)
        except CalendarError as exc:
            raise OnestopError("DEADLINE_REFUSED", str(exc)) from exc
        if transition.target is not None:
            dossier.status = transition.target
        dossier.save()
        role = SYSTEM if actor is None else sorted(roles & transition.roles)[0]
        DossierEvent.objects.create(dossier=dossier, action=action, from_status=before, to_status=dossier.status,
                                    actor=actor, actor_unit_code=unit.code, role_code=role, reason=reason,
                                    data=_jsonable(data), at=at)
        hooks.send(dossier_changed, unit, dossier_code=dossier.code, action=action, from_status=before,
                   to_status=dossier.status)
        if dossier.transferred_from and dossier.status != before:
            from modules.onestop.services.transfers import report_progress

            report_progress(dossier, action, at)
    return dossier


def _jsonable(data: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in data.items()}


