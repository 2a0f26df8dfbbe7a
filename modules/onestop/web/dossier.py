"""A dossier's page (facts, steps, deadline clock, history, forms to print) and its buttons: one form per action the
rule book leaves to the reader (services.availability), posted to the same services as the API's
onestopPerformDossierAction and onestopTransferDossier, which check the roles again."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.accounts.services import role_names
from core.errors import ServiceError
from core.modules.services import is_enabled
from modules.onestop.services.action_data import clean_action_data
from modules.onestop.services.actions import perform
from modules.onestop.services.history_labels import history_label
from modules.onestop.services.stop_reasons import reasons_on
from modules.onestop.services.transfers import transfer
from modules.onestop.services.workspace import ACTION_LABELS, NEEDS_REASON
from modules.onestop.services.workspace import dossier_page as read_dossier
from modules.onestop.web.access import staff_page

# Printed forms (modules/printing, Circular 03/2025/TT-VPCP): form number and its name.
FORMS = (("01", gettext_lazy("Giấy tiếp nhận và hẹn trả kết quả")), ("02", gettext_lazy("Phiếu yêu cầu bổ sung")),
         ("03", gettext_lazy("Phiếu từ chối")), ("04", gettext_lazy("Phiếu xin lỗi và hẹn lại ngày trả")),
         ("05", gettext_lazy("Thông báo dừng giải quyết hồ sơ")),
         ("06", gettext_lazy("Phiếu kiểm soát quá trình giải quyết hồ sơ")))


def _render(request, code: str, status: int = 200, error: str = ""):
    page = read_dossier(request.user, code)
    if page is None:
        return render(request, "web/refused.html", {"message": _("Không có hồ sơ %(code)s.") % {"code": code}},
                      status=404)
    actions = [{"action": a, "label": ACTION_LABELS.get(a, a), "needs_reason": a in NEEDS_REASON}
               for a in page.actions if a != "transfer"]
    names = role_names(request.unit)  # each step shows who does it by the role's name, not its code
    steps = [{"step": s, "role": names.get(s.role_code, s.role_code)} for s in page.steps]
    history = [{"event": e, "label": history_label(e.action)} for e in page.events]  # words, not action codes
    return render(request, "onestop/web/dossier.html", {
        "page": page, "dossier": page.dossier, "steps": steps, "actions": actions, "history": history,
        "can_transfer": "transfer" in page.actions,
        "forms": FORMS if is_enabled(request.unit, "printing") else (), "error": error,
        "stop_reasons": reasons_on(timezone.localdate()) if "stop" in page.actions else ()}, status=status)


@staff_page("onestop.view_dossier")
def dossier_page(request, code: str):
    return _render(request, code)


def _data(request, action: str) -> dict | None:
    if action == "request_supplement":
        items = [line.strip() for line in request.POST.get("items", "").splitlines() if line.strip()]
        return {"items": items or [request.POST.get("reason", "").strip()]}
    if action == "extend" and request.POST.get("days"):
        return {"days": request.POST["days"]}
    if action == "stop":
        return {"stop_reason": request.POST.get("stop_reason", "")}
    return None


@require_POST
@staff_page("onestop.view_dossier")
def act(request, code: str):
    action = request.POST.get("action", "")
    try:
        if action == "transfer":
            raise ServiceError("USE_TRANSFER", _("Chuyển liên thông bằng mẫu chuyển."))
        data = clean_action_data(action, _data(request, action))
        perform(code, action, actor=request.user, reason=request.POST.get("reason", "").strip(), data=data)
    except ServiceError as refused:
        status = 403 if str(refused.code) == "FORBIDDEN_ROLE" else refused.status
        return _render(request, code, status=status, error=refused.message)
    messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": ACTION_LABELS.get(action, action)})
    return HttpResponseRedirect(reverse("onestop:dossier", args=[code]))


@require_POST
@staff_page("onestop.view_dossier")
def transfer_page(request, code: str):
    note = request.POST.get("note", "").strip()
    if not note:
        return _render(request, code, status=400, error=_("Cần nêu lý do chuyển hồ sơ."))
    try:
        transfer(code, actor=request.user, to_unit_code=request.POST.get("to_unit", "").strip() or None,
                 note=note)
    except ServiceError as refused:
        status = 403 if str(refused.code) == "FORBIDDEN_ROLE" else refused.status
        return _render(request, code, status=status, error=refused.message)
    messages.success(request, _("Đã chuyển hồ sơ %(code)s.") % {"code": code})
    return HttpResponseRedirect(reverse("onestop:dossier", args=[code]))
