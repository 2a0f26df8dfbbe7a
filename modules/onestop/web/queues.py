"""The work queues: mine, due today, overdue, waiting for me, all open; filtered by the current step's role."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from modules.onestop.services.queues import QUEUES
from modules.onestop.services.workspace import QUEUE_LABELS
from modules.onestop.services.workspace import queue_page as read_queue
from modules.onestop.web.access import staff_page

STEP_ROLES = ("receiving_officer", "specialist", "leader", "result_officer")


@require_GET
@staff_page("onestop.view_dossier")
def queue_page(request):
    try:
        page = int(request.GET.get("trang", "1"))
    except ValueError:
        page = 1
    role = request.GET.get("vai-tro") if request.GET.get("vai-tro") in STEP_ROLES else None
    result = read_queue(request.user, request.GET.get("hang", "waiting_for_me"), page=page, step_role=role)
    return render(request, "onestop/web/queue.html", {
        "result": result, "queues": [(q, QUEUE_LABELS[q]) for q in QUEUES], "step_roles": STEP_ROLES,
        "label": QUEUE_LABELS[result.name]})
