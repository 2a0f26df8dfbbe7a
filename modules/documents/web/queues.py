"""The work queues (what waits for me, the drafts I approve and sign, overdue work) and the search box over every
document the person may see (core.search through the documents search service)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.web.access import staff_page
from modules.documents.services.workspace import QUEUES, ListPage, late_by_assignee, queue_page, search_page

VIEW = "documents.view_document"
LABELS = {"waiting": _("Chờ tôi xử lý"), "to_sign": _("Chờ tôi duyệt, ký"), "overdue": _("Quá hạn")}


def _page_number(request) -> int:
    try:
        return int(request.GET.get("trang", "1"))
    except ValueError:
        return 1


@require_GET
@staff_page(VIEW)
def queue(request):
    name = request.GET.get("hang", "waiting")
    name = name if name in QUEUES else "waiting"
    result = queue_page(request.user, name, page=_page_number(request))
    return render(request, "documents/web/queue.html", {
        "late": late_by_assignee(request.user) if name == "overdue" else (),
        "result": result, "name": name, "label": LABELS[name], "queues": [(q, LABELS[q]) for q in QUEUES],
        "query": urlencode({"hang": name})})


@require_GET
@staff_page(VIEW)
def search(request):
    text = request.GET.get("q", "").strip()[:200]
    result = search_page(request.user, text, page=_page_number(request)) if text else ListPage([], 0, 1, 1)
    return render(request, "documents/web/search.html", {"result": result, "text": text,
                                                         "query": urlencode({"q": text})})
