"""What the archivist's screens show, each in a fixed number of queries whatever the archive holds: the files with
their number of documents, the transfer deadlines coming within the unit's notice days (and the notices recorded),
a year's file plan with the file opened from each entry, a file with its documents and history, the closed files
waiting for the archive and the transfers made. The screens change files through the action services only."""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from core.platform_relations import with_related
from modules.casefiles.models import CaseFile, CaseFileEvent, FilePlanEntry, FileStatus, Transfer, TransferNotice
from modules.casefiles.services.deadlines import files_due, notice_days
from modules.casefiles.services.reads import get_file

PAGE_SIZE = 50


@dataclass
class FilesPage:
    rows: list
    total: int
    page: int
    pages: int


def files_page(*, status: str = "", year: int | None = None, page: int = 1) -> FilesPage:
    """The unit's files, the newest year first, each with its number of documents (two queries)."""
    rows: QuerySet = CaseFile.objects.annotate(document_count=Count("documents"))
    if status in FileStatus.values:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(year=year)
    total = rows.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    found = list(rows.order_by("-year", "code")[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    return FilesPage(found, total, page, pages)


@dataclass(frozen=True)
class Deadlines:
    days: int
    due: list          # closed files whose transfer deadline is within `days` (or past), the earliest first
    notices: list      # the notices recorded by the daily task (services/deadlines.py), the latest first


def deadlines(today: date | None = None) -> Deadlines:
    """The transfer deadlines the archivist must see: due within the unit's notice days (30 by default)."""
    today = today or timezone.localdate()
    days = notice_days(connection.tenant)
    due = list(files_due(today, days).order_by("transfer_due_on", "code"))
    for f in due:
        f.days_left = (f.transfer_due_on - today).days
    recorded = list(TransferNotice.objects.select_related("case_file").order_by("-created_at", "-id")[:20])
    return Deadlines(days, due, recorded)


def plan_page(year: int) -> list[FilePlanEntry]:
    """A year's plan, each entry with the file opened from it (`opened`, None when none), in two queries."""
    entries = list(with_related(FilePlanEntry.objects.filter(year=year), "keeper")
                   .prefetch_related(Prefetch("files", queryset=CaseFile.objects.only("pk", "plan_entry_id",
                                                                                        "status", "code"))))
    for entry in entries:
        opened = list(entry.files.all())
        entry.opened = opened[0] if opened else None
    return entries


@dataclass(frozen=True)
class FilePage:
    case_file: CaseFile
    documents: list
    events: list


def file_page(file_id: int) -> FilePage:
    """A file with its documents in order and its history; CasefilesError NOT_FOUND when there is none."""
    case_file = get_file(file_id)
    return FilePage(case_file, list(case_file.documents.order_by("position")),
                    list(with_related(CaseFileEvent.objects.filter(case_file=case_file), "actor").order_by("at", "id")))


def waiting_for_archive() -> list[CaseFile]:
    """Closed files not yet in the archive, the earliest deadline first: what a transfer is made of."""
    return list(CaseFile.objects.filter(status=FileStatus.CLOSED).annotate(document_count=Count("documents"))
                .order_by("transfer_due_on", "year", "code"))


def transfers_made(limit: int = 50) -> list[Transfer]:
    return list(Transfer.objects.annotate(file_count=Count("files")).order_by("-at", "-id")[:limit])
