"""The file plan (danh mục hồ sơ) of a year: its entries with the file opened from each, a new entry (archivists,
clerks, administrators), and opening the file of an entry."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.ids import object_id
from core.web.access import staff_page
from modules.casefiles import services
from modules.casefiles.services.errors import CasefilesCode, CasefilesError
from modules.casefiles.services.workspace import plan_page
from modules.casefiles.web.common import PLAN, VIEW, WORK


def _year(value) -> int:
    value = str(value or "").strip()
    return year if (year := object_id(value)) is not None and 1900 < year < 3000 else timezone.localdate().year


def _retention(value) -> int | None:
    value = str(value or "").strip()
    if value in ("", "0"):
        return None  # permanent (vĩnh viễn)
    if object_id(value) is None:
        raise CasefilesError(CasefilesCode.INVALID_DATA, _("Thời hạn bảo quản là số năm, hoặc để trống là vĩnh viễn."),
                             field="retention_years")
    return object_id(value)


@staff_page(VIEW)
def plan_view(request):
    year = _year(request.GET.get("nam") or request.POST.get("year"))
    error, status = "", 200
    if request.method == "POST":
        post, user = request.POST, request.user
        try:
            if post.get("action") == "open":
                if not user.has_perm(WORK):
                    raise CasefilesError(CasefilesCode.INVALID_DATA, _("Vai trò của bạn không được mở hồ sơ."))
                made = services.open_file(int(post.get("entry", "0") or 0), actor=user)
                messages.success(request, _("Đã mở hồ sơ %(code)s.") % {"code": made.code})
                return HttpResponseRedirect(reverse("casefiles:file", args=[made.pk]))
            if not user.has_perm(PLAN):
                return render(request, "web/refused.html", {"message": _(
                    "Chỉ lưu trữ viên, văn thư và quản trị đơn vị lập danh mục hồ sơ.")}, status=403)
            services.add_plan_entry(year, post.get("code", ""), post.get("title", ""),
                                    _retention(post.get("retention_years")),
                                    keeper_department=post.get("keeper_department", ""), basis=post.get("basis", ""))
            messages.success(request, _("Đã thêm vào danh mục hồ sơ năm %(year)s.") % {"year": year})
            return HttpResponseRedirect(f"{reverse('casefiles:plan')}?nam={year}")
        except (ServiceError, ValueError) as refused:
            error = getattr(refused, "message", "") or _("Giá trị không hợp lệ.")
            status = 404 if str(getattr(refused, "code", "")) == "NOT_FOUND" else 400
    return render(request, "casefiles/web/plan.html", {
        "year": year, "entries": plan_page(year), "error": error, "can_plan": request.user.has_perm(PLAN),
        "can_open": request.user.has_perm(WORK), "form": request.POST if error else {}}, status=status)
