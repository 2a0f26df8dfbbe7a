"""The files (hồ sơ công việc): the list with the transfer deadlines coming (the notice 30 days before), one file with
its documents and history, and its actions - put a document in (found by its number and symbol, as the person may
see it), take one out, close the file - through the same services as the GraphQL mutations."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ServiceError
from core.ids import object_id
from core.web.access import staff_page
from modules.casefiles import services
from modules.casefiles.models import FileStatus
from modules.casefiles.services.errors import CasefilesCode, CasefilesError
from modules.casefiles.services.workspace import deadlines, file_page, files_page
from modules.casefiles.web.common import VIEW, WORK, page_number, status_of


@require_GET
@staff_page(VIEW)
def files_list(request):
    status = request.GET.get("trang-thai", "")
    year = request.GET.get("nam", "")
    result = files_page(status=status, year=object_id(year), page=page_number(request))
    kept = request.GET.copy()
    kept.pop("trang", None)
    return render(request, "casefiles/web/files.html", {
        "result": result, "deadlines": deadlines(), "statuses": FileStatus.choices, "status": status, "year": year,
        "query": kept.urlencode()})


def _render_file(request, file_id: int, status: int = 200, error: str = ""):
    try:
        page = file_page(file_id)
    except CasefilesError:
        return render(request, "web/refused.html", {"message": _("Không tìm thấy hồ sơ %(id)s.") % {"id": file_id}},
                      status=404)
    return render(request, "casefiles/web/file.html", {
        "page": page, "file": page.case_file, "error": error, "today": date.today(),
        "can_work": request.user.has_perm(WORK) and page.case_file.status == FileStatus.OPEN}, status=status)


@require_GET
@staff_page(VIEW)
def file_view(request, file_id: int):
    return _render_file(request, file_id)


def _document_by_number(user, text: str) -> int:
    """The one document with this number and symbol (modules.documents.services.with_number); a clear refusal
    otherwise."""
    from modules.documents.services import with_number

    text = text.strip()[:200]
    if not text:
        raise CasefilesError(CasefilesCode.REQUIRED, _("Cần nhập số, ký hiệu văn bản."), field="document")
    found = with_number(text, user)
    if len(found) != 1:
        raise CasefilesError(CasefilesCode.DOCUMENT_NOT_FOUND, _(
            "Không tìm thấy đúng một văn bản “%(text)s”: hãy nhập đủ số và ký hiệu.") % {"text": text},
            field="document")
    return found[0]


def _int(value, field: str) -> int | None:
    value = str(value or "").strip()
    if not value:
        return None
    if object_id(value) is None:
        raise CasefilesError(CasefilesCode.INVALID_DATA, _("Giá trị không hợp lệ: %(value)s.") % {"value": value},
                             field=field)
    return object_id(value)


def _date(value) -> date | None:
    value = str(value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CasefilesError(CasefilesCode.INVALID_DATA, _("Ngày không hợp lệ: %(value)s.") % {"value": value},
                             field="work_ended_on") from None


@require_POST
@staff_page(WORK)
def file_act(request, file_id: int):
    post, user = request.POST, request.user
    action = post.get("action", "")
    try:
        if action == "add_document":
            services.add_document(file_id, _document_by_number(user, post.get("document", "")), actor=user)
            done = _("Đã đưa văn bản vào hồ sơ.")
        elif action == "remove_document":
            services.remove_document(file_id, _int(post.get("document_id"), "document_id") or 0, actor=user)
            done = _("Đã rút văn bản khỏi hồ sơ.")
        elif action == "close":
            services.close_file(file_id, actor=user, work_ended_on=_date(post.get("work_ended_on")),
                                page_count=_int(post.get("page_count"), "page_count"), note=post.get("note", ""))
            done = _("Đã kết thúc hồ sơ.")
        else:
            raise CasefilesError(CasefilesCode.INVALID_DATA, _("Thao tác không hợp lệ."), field="action")
    except ServiceError as refused:
        return _render_file(request, file_id, status=status_of(refused), error=refused.message)
    messages.success(request, done)
    return HttpResponseRedirect(reverse("casefiles:file", args=[file_id]))
