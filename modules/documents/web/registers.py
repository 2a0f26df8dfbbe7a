"""The registers on screen: incoming and outgoing documents with their filters and search, registering an arriving
document (the clerk's morning), starting an outgoing draft, and the registers printed as Decree 30 Appendix IV's
tables (PDF, Excel) for a period."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import ServiceError
from core.web.access import staff_page
from modules.documents.models import Direction
from modules.documents.services import access, registers
from modules.documents.services.workspace import leaders, register_and_present, register_page, start_draft
from modules.documents.web.forms import DraftForm, IncomingForm, file_input, filters_from, statuses_of, urgencies

VIEW = "documents.view_document"
SLUGS = registers.SLUGS


def _page_number(request) -> int:
    try:
        return int(request.GET.get("trang", "1"))
    except ValueError:
        return 1


def _list(request, direction: str):
    filters = filters_from(request.GET, direction)
    result = register_page(request.user, filters, page=_page_number(request))
    kept = request.GET.copy()
    kept.pop("trang", None)
    roles = access.roles_of(request.user)
    return render(request, "documents/web/list.html", {
        "result": result, "filters": filters, "incoming": direction == Direction.INCOMING,
        "statuses": statuses_of(direction), "urgencies": urgencies(), "query": kept.urlencode(),
        "slug": "den" if direction == Direction.INCOMING else "di", "can_export": registers.may_print(request.user),
        "can_register": "clerk" in roles, "today": timezone.localdate()})


@require_GET
@staff_page(VIEW)
def incoming_list(request):
    return _list(request, Direction.INCOMING)


@require_GET
@staff_page(VIEW)
def outgoing_list(request):
    return _list(request, Direction.OUTGOING)


def _refused(form, refused: ServiceError) -> None:
    where = {"attachments": "file", "type_code": "type_code", "number": "number", "subject": "subject",
             "person_id": None, "recipients": "recipients"}.get(refused.field, refused.field)
    form.add_error(where if where in form.fields else None, refused.message)


@staff_page(VIEW)
def register_incoming(request):
    form = IncomingForm(leaders(), request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = request.FILES.get("file")
            files = (file_input(upload),) if upload else ()
            document = register_and_present(form.metadata(), actor=request.user, files=files,
                                            leader_id=form.cleaned_data.get("leader"))
        except ServiceError as refused:
            _refused(form, refused)
            status = 403 if str(refused.code) == "FORBIDDEN_ROLE" else 400
            return render(request, "documents/web/register_form.html", {"form": form}, status=status)
        messages.success(request, _("Đã vào sổ văn bản đến, số đến %(n)s.") % {"n": document.arrival_number})
        return HttpResponseRedirect(reverse("documents:document", args=[document.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/web/register_form.html", {"form": form}, status=status)


@staff_page(VIEW)
def new_draft(request):
    form = DraftForm(leaders(), request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = request.FILES.get("file")
            document = start_draft(form.metadata(), actor=request.user,
                                   signing_authority_id=form.cleaned_data["signing_authority"],
                                   file=file_input(upload) if upload else None, note=form.cleaned_data["note"])
        except ServiceError as refused:
            _refused(form, refused)
            status = 403 if str(refused.code) == "FORBIDDEN_ROLE" else 400
            return render(request, "documents/web/draft_form.html", {"form": form}, status=status)
        messages.success(request, _("Đã tạo dự thảo văn bản đi."))
        return HttpResponseRedirect(reverse("documents:document", args=[document.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/web/draft_form.html", {"form": form}, status=status)


@require_GET
@staff_page(VIEW)
def export_register(request, slug: str, extension: str):
    """Appendix IV's register of the period (?tu=YYYY-MM-DD&den=YYYY-MM-DD; this year so far by default; &so=<code>:
    one outgoing series, as `egov documents register --series`)."""
    if not registers.may_print(request.user):
        return render(request, "web/refused.html", {"message": _("Chỉ văn thư và lãnh đạo in sổ đăng ký văn bản.")},
                      status=403)
    filters = filters_from(request.GET, SLUGS[slug])
    today = timezone.localdate()
    try:
        reg = registers.register(SLUGS[slug], filters.first or date(today.year, 1, 1), filters.last or today,
                                 request.GET.get("so", "").strip()[:40] or None)
    except ServiceError as refused:
        return render(request, "web/refused.html", {"message": refused.message}, status=refused.status)
    if extension == "pdf":
        body, content_type = registers.register_pdf(reg), "application/pdf"
    else:
        body = registers.register_xlsx(reg)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    answer = HttpResponse(body, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="{registers.filename(reg, extension)}"'
    return answer
