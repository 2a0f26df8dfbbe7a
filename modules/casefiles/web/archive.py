"""Transfer to the unit's current archive (nộp lưu, Law on Archives 33/2024/QH15): the closed files waiting, the
transfer of those chosen (an archive number each, Decree 113/2025/NĐ-CP), the transfers made with their list as PDF
and Excel (Decree 30/2020 Appendix V, served by views.transfer_list)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.ids import object_id
from core.web.access import staff_page
from modules.casefiles import services
from modules.casefiles.services.workspace import transfers_made, waiting_for_archive
from modules.casefiles.web.common import TRANSFER, VIEW


@staff_page(VIEW)
def transfer_view(request):
    error, status = "", 200
    if request.method == "POST":
        if not request.user.has_perm(TRANSFER):
            return render(request, "web/refused.html", {"message": _(
                "Chỉ lưu trữ viên, văn thư và quản trị đơn vị giao nộp hồ sơ vào lưu trữ.")}, status=403)
        try:
            ids = [i for i in map(object_id, request.POST.getlist("file")) if i is not None]
            made = services.transfer(ids, actor=request.user, department=request.POST.get("department", ""),
                                     note=request.POST.get("note", ""))
        except ServiceError as refused:
            error, status = refused.message, (404 if str(refused.code) == "NOT_FOUND" else 400)
        else:
            messages.success(request, _("Đã nộp lưu lần %(n)s.") % {"n": made.number})
            return HttpResponseRedirect(reverse("casefiles:transfer"))
    return render(request, "casefiles/web/transfer.html", {
        "waiting": waiting_for_archive(), "transfers": transfers_made(), "error": error,
        "can_transfer": request.user.has_perm(TRANSFER)}, status=status)
