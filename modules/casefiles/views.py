"""The transfer list (Mục lục hồ sơ nộp lưu) as PDF or Excel, for the unit's members who may see its files."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.accounts.services import is_member
from core.errors import error_response
from modules.casefiles import services

_TYPES = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@require_GET
def transfer_list(request, transfer_id: str, extension: str):
    user = request.user
    if not (user.is_authenticated and is_member(user, request.unit) and user.has_perm("casefiles.view_casefile")):
        return error_response("FORBIDDEN", _("Chỉ cán bộ của đơn vị được xem mục lục hồ sơ nộp lưu."), 403)
    try:
        listed = services.transfer_list(int(transfer_id))
    except services.CasefilesError as exc:
        return error_response(exc)
    content = services.transfer_pdf(listed) if extension == "pdf" else services.transfer_xlsx(listed)
    response = HttpResponse(content, content_type=_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="muc-luc-nop-luu-{listed.number:03d}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response
