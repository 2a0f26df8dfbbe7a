"""What an action does to a dossier besides changing its status: each effect is named here and declared per action
in the rule book (transitions.py), so what an action does is read in one table, not in a chain of ifs.

An effect runs inside the action's transaction, after the rule book accepted the action and before the dossier is
saved; it may still refuse (OnestopError) and then nothing is kept. Messages it sends to other units are outbox rows
of that same transaction. The dossier_changed hook (notices, payments, statistics, the progress report to the unit
that sent the dossier: receivers.py) is sent by actions.perform after every action.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import deadlines as clock
from core.calendar.services import calendar_for
from modules.onestop.models import Dossier
from modules.onestop.services import deadlines
from modules.onestop.services.current_step import at_step
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.stop_reasons import reason_on
from modules.onestop.services.transfer_messages import send_transfer


@dataclass
class ActionContext:
    unit: object
    dossier: Dossier
    action: str
    at: datetime
    reason: str
    data: dict


def _start_step(ctx: ActionContext, index: int) -> None:
    dossier = ctx.dossier
    step = dossier.steps.filter(index=index).first()
    at_step(dossier, index, step)
    if step is not None:
        step.started_at = ctx.at
        step.due_at = clock.step_due(calendar_for(ctx.unit, around=ctx.at), ctx.at, days=step.days)
        step.save(update_fields=["started_at", "due_at"])


def start_first_step(ctx: ActionContext) -> None:
    _start_step(ctx, 0)


def finish_step(ctx: ActionContext) -> None:
    ctx.dossier.steps.filter(index=ctx.dossier.step_index, finished_at__isnull=True).update(finished_at=ctx.at)


def next_step(ctx: ActionContext) -> None:
    if not ctx.dossier.steps.filter(index=ctx.dossier.step_index + 1).exists():
        raise OnestopError("NO_NEXT_STEP", _("Đây là bước cuối: trình ký duyệt kết quả."))
    finish_step(ctx)
    _start_step(ctx, ctx.dossier.step_index + 1)


def ask_supplement(ctx: ActionContext) -> None:
    dossier = ctx.dossier
    items = [str(i).strip() for i in ctx.data.get("items", []) if str(i).strip()]
    if dossier.supplement_requested:
        raise OnestopError("SUPPLEMENT_ALREADY_REQUESTED",
                           _("Hồ sơ đã được yêu cầu bổ sung một lần; mọi yêu cầu phải nêu đủ trong một lần."))
    if not items:
        raise OnestopError("ITEMS_REQUIRED", _("Liệt kê đủ các giấy tờ cần bổ sung."), "items")
    dossier.supplement_requested, dossier.supplement_items = True, items
    deadlines.apply(ctx.unit, dossier, clock.request_supplement, ctx.at)


def clock_restart_after_supplement(ctx: ActionContext) -> None:
    deadlines.restart_after_supplement(ctx.unit, ctx.dossier, ctx.at)


def clock_pause(ctx: ActionContext) -> None:
    deadlines.apply(ctx.unit, ctx.dossier, clock.pause_deadline, ctx.at, reason=clock.PauseReason.OTHER)


def clock_pause_for_payment(ctx: ActionContext) -> None:
    deadlines.apply(ctx.unit, ctx.dossier, clock.pause_deadline, ctx.at,
                    reason=clock.PauseReason.FINANCIAL_OBLIGATION)


def clock_resume(ctx: ActionContext) -> None:
    deadlines.apply(ctx.unit, ctx.dossier, clock.resume_deadline, ctx.at)


def clock_extend(ctx: ActionContext) -> None:
    new_due = ctx.data.get("new_due")
    if isinstance(new_due, str):
        new_due = date.fromisoformat(new_due) if len(new_due) == 10 else datetime.fromisoformat(new_due)
    deadlines.apply(ctx.unit, ctx.dossier, clock.extend_deadline, ctx.at, reason=ctx.reason, new_due=new_due,
                    days=ctx.data.get("days", 0))


def complete(ctx: ActionContext) -> None:
    if ctx.dossier.completed_at is None:
        ctx.dossier.completed_at = ctx.at


def close(ctx: ActionContext) -> None:
    ctx.dossier.closed_at, ctx.dossier.reason = ctx.at, ctx.reason


def hand_over(ctx: ActionContext) -> None:
    """The dossier goes to the unit in data["to_unit"] (checked by transfers.transfer): held there, sent there."""
    if not ctx.data.get("to_unit"):
        raise OnestopError("NO_HANDOVER", _("Bước hiện tại không chuyển liên thông; chọn đơn vị nhận."), "to_unit")
    dossier = ctx.dossier
    dossier.holder_unit_code, dossier.remote_status, dossier.transfer_failure = ctx.data["to_unit"], "", ""
    send_transfer(dossier, ctx.data["to_unit"], ctx.reason)


def take_back(ctx: ActionContext) -> None:
    """The dossier is held here again (the unit it was sent to finished its part, or never received it)."""
    ctx.dossier.holder_unit_code = ctx.unit.code


def note_transfer_failure(ctx: ActionContext) -> None:
    ctx.dossier.transfer_failure = ctx.reason


def give_back(ctx: ActionContext) -> None:
    """A dossier that came from another unit goes back to it with this unit's result or refusal: this unit no longer
    holds it (the progress report tells the sender, which takes it back)."""
    if ctx.dossier.transferred_from and ctx.dossier.holder_unit_code == ctx.unit.code:
        ctx.dossier.holder_unit_code = ctx.dossier.transferred_from


def note_stop_reason(ctx: ActionContext) -> None:
    """The stop's reason must be one of the list in force that day; the recorded reason is its label, then the
    leader's own words (what the notice and form 05 tell the applicant)."""
    day = timezone.localtime(ctx.at).date()
    chosen = reason_on(str(ctx.data.get("stop_reason", "")), day)
    if chosen is None:
        raise OnestopError("INVALID_STOP_REASON", _("Chọn lý do dừng giải quyết trong danh mục."), "stop_reason")
    detail = ctx.reason.strip()
    ctx.reason = f"{chosen.label}. {detail}" if detail else str(chosen.label)


EFFECTS: dict[str, Callable[[ActionContext], None]] = {
    f.__name__: f for f in (
        start_first_step, finish_step, next_step, ask_supplement, clock_restart_after_supplement, clock_pause,
        clock_pause_for_payment, clock_resume, clock_extend, complete, close, hand_over, take_back,
        note_transfer_failure, give_back, note_stop_reason,
    )
}
