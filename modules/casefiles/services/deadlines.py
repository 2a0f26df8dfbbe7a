"""Notices of transfer deadlines: every closed file whose deadline is `notice_days` (30 by default) away or nearer
gets one notice, written in the unit (what the workspace shows), then e-mailed to its keeper and the unit's
archivists through the notices' carrier where the unit has one. Run daily per unit by the periodic task; running it
again the same day, or the next, adds nothing and only retries e-mails not yet queued."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import member_emails
from core.modules.services import get_settings
from modules.casefiles.models import CaseFile, FileStatus, TransferNotice

MODULE_ID = "casefiles"


def notice_days(unit) -> int:
    return get_settings(unit, MODULE_ID)["notice_days"]


def files_due(today: date, days: int):
    """Closed files whose transfer deadline falls within `days` from `today` (or has passed)."""
    return CaseFile.objects.filter(status=FileStatus.CLOSED, transfer_due_on__lte=today + timedelta(days=days))


def _recipients(unit, keeper_ids: set[int]) -> tuple[dict[int, str], list[str]]:
    keepers = dict(get_user_model().objects.filter(pk__in=keeper_ids).exclude(email="").values_list("pk", "email"))
    return keepers, member_emails(unit, "archivist")


@transaction.atomic
def record_notices(unit, today: date | None = None) -> list[TransferNotice]:
    """The notices due today that do not exist yet (one per file and deadline)."""
    today = today or timezone.localdate()
    due = list(files_due(today, notice_days(unit)).exclude(notices__due_on=F("transfer_due_on")))
    keepers, archivists = _recipients(unit, {f.keeper_id for f in due if f.keeper_id})
    now = timezone.now()
    made = [TransferNotice(case_file=f, due_on=f.transfer_due_on, created_at=now,
                           recipients=list(dict.fromkeys([*([keepers[f.keeper_id]] if f.keeper_id in keepers else []),
                                                          *archivists])))
            for f in due]
    return TransferNotice.objects.bulk_create(made, ignore_conflicts=True)


def _message(notice: TransferNotice) -> tuple[str, str]:
    f = notice.case_file
    subject = _("Hồ sơ %(c)s phải nộp lưu trước ngày %(d)s") % {"c": f.code, "d": notice.due_on.strftime("%d/%m/%Y")}
    body = _("Hồ sơ %(c)s \"%(t)s\" đã kết thúc ngày %(e)s và phải được nộp vào lưu trữ cơ quan chậm nhất ngày "
             "%(d)s (Luật Lưu trữ 2024).") % {"c": f.code, "t": f.title, "e": f.work_ended_on.strftime("%d/%m/%Y"),
                                             "d": notice.due_on.strftime("%d/%m/%Y")}
    return subject, body


def queue_emails(unit) -> int:
    """E-mail the notices not yet queued, through the notices' carrier; 0 where the unit has none."""
    from modules.notices.services import queue_staff_emails

    return queue_staff_emails(unit, TransferNotice.objects.filter(queued_at=None).select_related("case_file"), _message,
                              lambda row: f"casefiles:notice:{row.pk}")


def notify_deadlines(unit, today: date | None = None) -> int:
    """What the daily task runs in a unit: record today's notices, then queue their e-mails; returns how many new."""
    made = record_notices(unit, today)
    queue_emails(unit)
    return len(made)
