"""The review queue of a reorganisation: the dossiers of an ended commune split between several new ones that no
address placed; the successor's administrator takes each one in (services/reorganisation.py)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from modules.onestop.services.reorganisation import assign, review_queue
from modules.onestop.web.access import staff_page


@require_http_methods(["GET", "POST"])
@staff_page("onestop.view_dossier")
def review_page(request):
    error, status = "", 200
    if request.method == "POST":
        code = request.POST.get("code", "").strip()
        try:
            assign(request.user, code)
        except ServiceError as refused:
            error, status = refused.message, refused.status
        else:
            messages.success(request, _("Đã nhận hồ sơ %(code)s về đơn vị.") % {"code": code})
            return HttpResponseRedirect(reverse("onestop:review"))
    try:
        items = review_queue(request.user)
    except ServiceError as refused:
        return render(request, "web/refused.html", {"message": refused.message}, status=refused.status)
    return render(request, "onestop/web/review.html", {"items": items, "error": error}, status=status)
