"""A dossier's papers as received (scanned, exempt, looked up in a shared database, asked for on paper and why), each
scan opened as stored, the result digitised from the screen (the same service as onestopDigitiseResult), and data a
database gave rejected by the officer with a reason (the same service as onestopRejectLookedUpData)."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from modules.onestop.services import data_sources, digitisation, reads
from modules.onestop.services.digitisation import RESULT_EXEMPTIONS, Scan
from modules.onestop.web.access import staff_page


def _page(request, dossier, status: int = 200, error: str = ""):
    return render(request, "onestop/web/components.html", {
        "dossier": dossier, "components": digitisation.components_of(dossier), "error": error,
        "can_digitise": dossier.completed_at is not None and request.user.has_perm("onestop.change_dossier"),
        "can_reject": request.user.has_perm("onestop.change_dossier") and data_sources.may_reject(request.user, dossier),
        "reason_max": data_sources.REASON_MAX,
        "exemptions": [(e, e.label) for e in RESULT_EXEMPTIONS]}, status=status)


@staff_page("onestop.view_dossier")
def components_page(request, code: str):
    dossier = reads.dossier(code)
    if dossier is None:
        raise Http404
    if request.method != "POST":
        return _page(request, dossier)
    if not request.user.has_perm("onestop.change_dossier"):
        return _page(request, dossier, 403, _("Vai trò của bạn không được số hóa kết quả."))
    upload = request.FILES.get("scan")
    try:
        scan = Scan(upload.name, upload.read(digitisation.max_scan_bytes() + 1)) if upload else None
        with transaction.atomic():
            digitisation.record_result(dossier, scan=scan, exemption=request.POST.get("exemption", ""),
                                       actor=request.user)
    except ServiceError as refused:
        return _page(request, dossier, 400, refused.message)
    messages.success(request, _("Đã số hóa kết quả hồ sơ %(code)s.") % {"code": code})
    return HttpResponseRedirect(reverse("onestop:components", args=[code]))


@require_POST
@staff_page("onestop.change_dossier")
def reject_looked_up(request, code: str):
    """The officer finds the data a database gave for one component wrong: the paper is asked for instead."""
    dossier = reads.dossier(code)
    if dossier is None:
        raise Http404
    name = request.POST.get("component", "")
    try:
        with transaction.atomic():
            data_sources.reject(code, name, request.POST.get("reason", ""), actor=request.user)
    except ServiceError as refused:
        status = 403 if str(refused.code) == "FORBIDDEN_ROLE" else refused.status
        return _page(request, dossier, status, refused.message)
    messages.success(request, _("Đã từ chối dữ liệu khai thác cho “%(name)s”; yêu cầu nộp bản giấy.") % {"name": name})
    return HttpResponseRedirect(reverse("onestop:components", args=[code]))


@staff_page("onestop.view_dossier")
def scan_file(request, code: str, sha256: str):
    """A scan of this dossier, as stored (never another dossier's, even with its hash)."""
    dossier = reads.dossier(code)
    row = next((c for c in digitisation.components_of(dossier) if c.scan_id == sha256), None) if dossier else None
    if row is None:
        raise Http404
    response = HttpResponse(digitisation.scan_content(sha256), content_type=row.scan.content_type)
    response["Content-Disposition"] = f'inline; filename="{sha256[:16]}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
