"""A document's page (metadata, files with their signature verdicts, drafts, directive, history, tasks, case file)
and its buttons: one form per action the rule book leaves to the reader (services.workspace.available_actions),
posted to the same action services as the GraphQL mutations, which check the roles and the routing again."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.errors import ServiceError
from core.web.access import staff_page
from modules.documents.models import AssignmentRole
from modules.documents.services import access, actions, recipient_status
from modules.documents.services.errors import DocumentsCode, DocumentsError
from modules.documents.services.inputs import AssignmentInput, RecipientInput, ReportInput
from modules.documents.services.transitions import LABELS
from modules.documents.services.workspace import assignable, attachment_file, document_page, draft_file, leaders
from modules.documents.web.forms import file_input

VIEW = "documents.view_document"
# The buttons' wording (the rule book's LABELS are verbs inside sentences).
_l = gettext_lazy
BUTTONS = {
    "present": _l("Trình lãnh đạo"), "direct": _l("Cho ý kiến chỉ đạo"), "report": _l("Báo cáo kết quả"),
    "complete": _l("Hoàn thành xử lý"), "add_version": _l("Thêm phiên bản dự thảo"), "comment": _l("Góp ý dự thảo"),
    "submit": _l("Trình kiểm tra"), "review_content": _l("Đạt nội dung"), "review_format": _l("Đạt thể thức"),
    "return_draft": _l("Trả lại dự thảo"), "approve": _l("Duyệt"), "sign": _l("Ký"), "issue": _l("Cấp số và ban hành"),
    "share": _l("Chuyển cho người khác xử lý"),
}
# Actions taken with one click; the others open a small form (their inputs).
PLAIN = ("submit", "review_content", "review_format", "approve", "sign", "complete")
REFUSED_STATUS = {DocumentsCode.FORBIDDEN_ROLE: 403, DocumentsCode.NOT_ROUTED: 403}


def _not_found(request, document_id):
    return render(request, "web/refused.html", {"message": _("Không có văn bản %(id)s, hoặc bạn không được xem.") % {
        "id": document_id}}, status=404)


def _render(request, document_id: int, status: int = 200, error: str = ""):
    page = document_page(request.user, document_id)
    if page is None:
        return _not_found(request, document_id)
    buttons = [{"action": a, "label": BUTTONS.get(a, a)} for a in page.actions if a in PLAIN]
    forms = {a for a in page.actions if a not in PLAIN}
    return render(request, "documents/web/document.html", {
        "page": page, "document": page.document, "buttons": buttons, "forms": forms, "error": error,
        "leaders": leaders() if "present" in forms else (),
        "people": assignable() if forms & {"direct", "share"} else (),
        # The clerk asks a unit of the installation to give back a document sent by mistake (edXML status 13).
        "can_take_back": "clerk" in access.roles_of(request.user), "roles": AssignmentRole.choices}, status=status)


@require_GET
@staff_page(VIEW)
def document_view(request, document_id: int):
    return _render(request, document_id)


def _int(value) -> int | None:
    try:
        return int(value) if str(value or "").strip() else None
    except ValueError:
        raise DocumentsError(DocumentsCode.INVALID_DATA, _("Giá trị không hợp lệ: %(value)s.") % {"value": value}) from None


def _assignments(post) -> list[AssignmentInput]:
    """The directive's parts: one lead (a person or a department) and any supporting and information-only people,
    each with the same number of working days."""
    days = _int(post.get("days"))
    parts = []
    if post.get("lead_person") or post.get("lead_department", "").strip():
        parts.append(AssignmentInput(AssignmentRole.LEAD, _int(post.get("lead_person")),
                                     post.get("lead_department", "").strip(), days))
    for role, key in ((AssignmentRole.SUPPORT, "support"), (AssignmentRole.INFO, "info")):
        for person in post.getlist(key):
            if _int(person):
                parts.append(AssignmentInput(role, _int(person), "", days if role == AssignmentRole.SUPPORT else None))
    return parts


def _recipients(post) -> list[RecipientInput]:
    """Units of this installation by code (delivered as incoming there at once) and outside recipients, one a line:
    a name, or "name | agency code" for one the document axis reaches (Decision 20/2020 codes)."""
    codes = post.get("unit_codes", "").replace(",", " ").split()
    outside = []
    for line in post.get("outside", "").splitlines():
        name, _bar, organ = (part.strip() for part in line.partition("|"))
        if name or organ:
            outside.append(RecipientInput(name, organ_id=organ))
    return [RecipientInput("", code) for code in codes] + outside


def _take(request, document_id: int, action: str) -> None:
    post, user = request.POST, request.user
    upload = request.FILES.get("file")
    if action == "present":
        leader = _int(post.get("leader"))
        if leader is None:
            raise DocumentsError(DocumentsCode.REQUIRED, _("Cần chọn lãnh đạo để trình."), field="leader")
        actions.present(document_id, actor=user, leader_id=leader)
    elif action == "direct":
        actions.direct(document_id, actor=user, text=post.get("text", ""), assignments=_assignments(post))
    elif action == "report":
        files = (file_input(upload),) if upload else ()
        actions.report(document_id, actor=user, body=ReportInput(post.get("body", ""), bool(post.get("final")), files))
    elif action == "add_version":
        actions.add_version(document_id, actor=user, note=post.get("note", ""),
                            file=file_input(upload) if upload else None)
    elif action == "comment":
        actions.comment(document_id, actor=user, body=post.get("body", ""))
    elif action == "return_draft":
        actions.return_draft(document_id, actor=user, reason=post.get("reason", ""))
    elif action == "issue":
        actions.issue(document_id, actor=user, recipients=_recipients(post), place=post.get("place", "").strip())
    elif action == "share":
        actions.share(document_id, actor=user, person_id=_int(post.get("person")))
    elif action == "take_back":
        with transaction.atomic():
            recipient_status.take_back(document_id, post.get("unit_code", "").strip(), actor=user,
                                       reason=post.get("reason", ""))
    elif action in PLAIN:
        getattr(actions, action)(document_id, actor=user)
    else:
        raise DocumentsError(DocumentsCode.INVALID_DATA, _("Thao tác không hợp lệ."), field="action")


@require_POST
@staff_page(VIEW)
def act(request, document_id: int):
    action = request.POST.get("action", "")
    if not access.can_see(request.user, document_id):
        return _not_found(request, document_id)
    try:
        _take(request, document_id, action)
    except ServiceError as refused:
        status = REFUSED_STATUS.get(str(refused.code), refused.status)
        return _render(request, document_id, status=status, error=refused.message)
    messages.success(request, _("Đã %(action)s.") % {"action": LABELS.get(action, action)})
    return HttpResponseRedirect(reverse("documents:document", args=[document_id]))


def _download(found):
    answer = HttpResponse(found.content, content_type=found.content_type)
    answer["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(found.name)}"
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


@require_GET
@staff_page(VIEW)
def attachment(request, document_id: int, attachment_id: int):
    found = attachment_file(request.user, document_id, attachment_id)
    return _download(found) if found else _not_found(request, document_id)


@require_GET
@staff_page(VIEW)
def draft(request, document_id: int, number: int):
    found = draft_file(request.user, document_id, number)
    return _download(found) if found else _not_found(request, document_id)
