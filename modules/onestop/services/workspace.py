"""What the staff workspace's one-stop screens show, read in a fixed number of queries whatever the unit holds: a
work queue's page, a dossier with its steps, history and the actions the rule book leaves to the reader, and the
counter's procedures with their components. The screens and the GraphQL API call the same services underneath
(listing, availability, actions, transfers, applications)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.accounts.services import role_codes
from core.calendar.status import DeadlineStatus
from modules.catalogue.services import components_of
from modules.onestop.models import FINAL_STATUSES, Dossier
from modules.onestop.services import deadlines, reads
from modules.onestop.services.availability import available_actions
from modules.onestop.services.counter import counter_procedures
from modules.onestop.services.queues import QUEUES, queue

PAGE_SIZE = 50

QUEUE_LABELS = {
    "waiting_for_me": _("Chờ tôi xử lý"), "mine": _("Được giao cho tôi"), "due_today": _("Đến hạn hôm nay"),
    "overdue": _("Quá hạn"), "open": _("Tất cả hồ sơ đang mở"),
}
# The buttons' wording; the rule book (transitions.TRANSITIONS) decides which are shown.
ACTION_LABELS = {
    "start": _("Chuyển xử lý"), "forward": _("Chuyển bước tiếp theo"), "request_supplement": _("Yêu cầu bổ sung"),
    "supplement_received": _("Đã nhận bổ sung"), "pause": _("Tạm dừng"), "resume": _("Tiếp tục xử lý"),
    "transfer": _("Chuyển liên thông"), "request_payment": _("Yêu cầu thanh toán"), "paid": _("Đã thanh toán"),
    "approve": _("Duyệt, có kết quả"), "return_result": _("Trả kết quả"), "refuse": _("Từ chối"),
    "withdraw": _("Rút hồ sơ"), "extend": _("Gia hạn"), "stop": _("Dừng giải quyết"),
}
# Actions whose form asks for a reason (the rule book requires one) and those that ask for more.
NEEDS_REASON = {"request_supplement", "pause", "refuse", "withdraw", "extend", "stop"}


@dataclass
class QueuePage:
    name: str
    rows: list
    total: int
    page: int
    pages: int
    step_role: str | None


def queue_page(user, name: str, *, page: int = 1, step_role: str | None = None,
               now: datetime | None = None) -> QueuePage:
    """One page of a work queue: two queries (the count and the rows) plus one for the roles in `waiting_for_me`."""
    if name not in QUEUES:
        name = "waiting_for_me"
    now = now or timezone.now()
    qs = queue(name, user, now=now, step_role=step_role or None).only(
        "code", "procedure_name", "applicant_name", "status", "due_at", "received_at", "completed_at", "deadline",
        "channel")
    total = qs.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = list(qs[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    today = timezone.localtime(now).date()
    for row in rows:
        row.deadline_status = deadlines.status_of(row, now)
        row.is_due_today = timezone.localtime(row.due_at).date() == today
    return QueuePage(name, rows, total, page, pages, step_role)


@dataclass
class DossierPage:
    dossier: Dossier
    steps: list
    events: list
    actions: list[str]
    deadline_status: DeadlineStatus
    roles: set[str] = field(default_factory=set)

    @property
    def is_open(self) -> bool:
        return self.dossier.status not in FINAL_STATUSES


def dossier_page(user, code: str, *, now: datetime | None = None) -> DossierPage | None:
    """The dossier of the current unit with what its page shows, or None (none here by that code)."""
    dossier = reads.dossier(code, with_assignee=True)
    if dossier is None:
        return None
    steps = reads.dossier_steps(dossier)
    roles = role_codes(user, connection.tenant)
    if getattr(user, "is_superuser", False):
        roles = set()  # the platform's staff read; acting is for the unit's members
    return DossierPage(dossier, steps, reads.dossier_events(dossier, with_actor=True),
                       available_actions(dossier, roles, steps), deadlines.status_of(dossier, now), roles)


@dataclass(frozen=True)
class CounterChoice:
    code: str
    name: str
    channels: tuple[str, ...]
    components: tuple = ()


def counter_choices(unit, procedure_code: str | None = None) -> tuple[list[CounterChoice], CounterChoice | None]:
    """The procedures the counter offers (those with a channel intake can count), and the chosen one with its
    dossier components (the checklist the officer ticks)."""
    choices, chosen = [], None
    for offered in counter_procedures(unit):
        if not offered.channels:
            continue
        process = offered.process
        choice = CounterChoice(process.code, process.name, tuple(c.channel for c in offered.channels))
        if process.code == procedure_code:
            version = process.current_version_id or process.version_id
            choice = CounterChoice(choice.code, choice.name, choice.channels,
                                   tuple(components_of(version)) if version else ())
            chosen = choice
        choices.append(choice)
    return choices, chosen
