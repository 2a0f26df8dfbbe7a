"""One function per action on a case file: open it from the plan, put documents in it or take them out, close it.
A file that is closed or transferred refuses every change, before anything is written."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.casefiles.models import CaseFile, CaseFileDocument, FilePlanEntry, FileStatus
from modules.casefiles.services import dates, events
from modules.casefiles.services.errors import CasefilesCode, CasefilesError, check_length
from modules.casefiles.services.people import require_member
from modules.documents.services import DocumentsError, get_document, mark_filed


def filed_code(case_file: CaseFile) -> str:
    """What the documents module records as a document's file: the year and the file's code ("2026/01.05")."""
    return f"{case_file.year}/{case_file.code}"


def _not_found(file_id) -> CasefilesError:
    return CasefilesError(CasefilesCode.NOT_FOUND, _("Không tìm thấy hồ sơ %(id)s.") % {"id": file_id},
                          field="id", status=404)


def locked_file(file_id: int) -> CaseFile:
    found = CaseFile.objects.select_for_update().filter(pk=file_id).first()
    if found is None:
        raise _not_found(file_id)
    return found


def require_open(case_file: CaseFile) -> None:
    """FILE_CLOSED or FILE_TRANSFERRED: a file that ended is kept as it was closed."""
    if case_file.status == FileStatus.TRANSFERRED:
        raise CasefilesError(CasefilesCode.FILE_TRANSFERRED,
                             _("Hồ sơ %(c)s đã nộp lưu vào lưu trữ cơ quan (số lưu trữ %(n)s), không thể thay đổi.")
                             % {"c": case_file.code, "n": case_file.archive_number}, field="id")
    if case_file.status == FileStatus.CLOSED:
        raise CasefilesError(CasefilesCode.FILE_CLOSED,
                             _("Hồ sơ %(c)s đã kết thúc, không thể thay đổi.") % {"c": case_file.code}, field="id")


@transaction.atomic
def open_file(plan_entry_id: int, *, actor=None, title: str = "", keeper_id: int | None = None,
              at=None) -> CaseFile:
    """Open the file of a plan entry (one file per entry): it keeps the entry's code, title, retention and keeper."""
    entry = FilePlanEntry.objects.filter(pk=plan_entry_id).first()
    if entry is None:
        raise CasefilesError(CasefilesCode.NOT_FOUND, _("Không tìm thấy mục %(id)s của danh mục hồ sơ.")
                             % {"id": plan_entry_id}, field="plan_entry_id", status=404)
    if CaseFile.objects.filter(year=entry.year, code=entry.code).exists():
        raise CasefilesError(CasefilesCode.CODE_TAKEN, _("Hồ sơ số %(c)s năm %(y)s đã được mở.")
                             % {"c": entry.code, "y": entry.year}, field="plan_entry_id")
    check_length(title.strip(), 500, "title")
    require_member(keeper_id, "keeper_id")
    at = at or timezone.now()
    case_file = CaseFile.objects.create(
        plan_entry=entry, year=entry.year, code=entry.code, title=title.strip() or entry.title,
        retention_years=entry.retention_years, keeper_id=keeper_id or entry.keeper_id or getattr(actor, "pk", None),
        keeper_department=entry.keeper_department, opened_at=at, work_started_on=timezone.localdate(at))
    events.record(case_file, "open", actor, at, plan_entry=entry.pk)
    return case_file


@transaction.atomic
def add_document(file_id: int, document_id: int, *, actor=None, at=None) -> CaseFileDocument:
    """Put a document of the unit in an open file; ALREADY_FILED when it is in a file already."""
    case_file = locked_file(file_id)
    require_open(case_file)
    try:
        doc = get_document(document_id)
    except DocumentsError as exc:
        raise CasefilesError(CasefilesCode.DOCUMENT_NOT_FOUND, _("Không tìm thấy văn bản %(id)s.")
                             % {"id": document_id}, field="document_id", status=404) from exc
    held = CaseFileDocument.objects.filter(document_id=doc.id).select_related("case_file").first()
    if held is not None:
        raise CasefilesError(CasefilesCode.ALREADY_FILED, _("Văn bản %(d)s đã thuộc hồ sơ %(c)s.")
                             % {"d": doc.number_symbol or doc.id, "c": held.case_file.code}, field="document_id")
    at = at or timezone.now()
    last = case_file.documents.order_by("-position").values_list("position", flat=True).first() or 0
    when = doc.issued_on or (timezone.localdate(doc.arrived_at) if doc.arrived_at else None)
    row = CaseFileDocument.objects.create(
        case_file=case_file, document_id=doc.id, number_symbol=doc.number_symbol, document_date=when,
        subject=doc.subject, issuer_name=doc.issuer_name, position=last + 1, added_at=at)
    mark_filed(doc.id, filed_code(case_file), at=at)
    events.record(case_file, "add_document", actor, at, document_id=doc.id)
    return row


@transaction.atomic
def remove_document(file_id: int, document_id: int, *, actor=None, at=None) -> CaseFile:
    case_file = locked_file(file_id)
    require_open(case_file)
    row = case_file.documents.filter(document_id=document_id).first()
    if row is None:
        raise CasefilesError(CasefilesCode.NOT_IN_FILE, _("Văn bản %(d)s không thuộc hồ sơ %(c)s.")
                             % {"d": document_id, "c": case_file.code}, field="document_id")
    at = at or timezone.now()
    row.delete()
    mark_filed(document_id, "", at=at)
    events.record(case_file, "remove_document", actor, at, document_id=document_id)
    return case_file


@transaction.atomic
def close_file(file_id: int, *, actor=None, work_ended_on: date | None = None, page_count: int | None = None,
               note: str = "", at=None) -> CaseFile:
    """End the file (kết thúc hồ sơ): from now on it cannot change, and it must reach the archive by its deadline."""
    case_file = locked_file(file_id)
    require_open(case_file)
    if not case_file.documents.exists():
        raise CasefilesError(CasefilesCode.EMPTY_FILE, _("Hồ sơ %(c)s chưa có văn bản nào, không thể kết thúc.")
                             % {"c": case_file.code}, field="id")
    at = at or timezone.now()
    ended = work_ended_on or timezone.localdate(at)
    if ended > timezone.localdate(at):
        raise CasefilesError(CasefilesCode.INVALID_DATA, _("Ngày kết thúc công việc không thể sau hôm nay."),
                             field="work_ended_on")
    if page_count is not None and page_count < 1:
        raise CasefilesError(CasefilesCode.INVALID_DATA, _("Số tờ phải lớn hơn 0."), field="page_count")
    # The file's span (thời gian bắt đầu và kết thúc) runs from its earliest document.
    earliest = case_file.documents.exclude(document_date=None).order_by("document_date").values_list(
        "document_date", flat=True).first()
    if earliest and (case_file.work_started_on is None or earliest < case_file.work_started_on):
        case_file.work_started_on = earliest
    case_file.status, case_file.closed_at, case_file.work_ended_on = FileStatus.CLOSED, at, ended
    case_file.transfer_due_on = dates.transfer_due_on(ended)
    case_file.page_count, case_file.note = page_count, note.strip()
    case_file.save(update_fields=["work_started_on", "status", "closed_at", "work_ended_on", "transfer_due_on",
                                  "page_count", "note"])
    events.record(case_file, "close", actor, at, work_ended_on=ended.isoformat())
    return case_file
