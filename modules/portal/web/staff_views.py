"""The staff's side of online submissions: the files citizens attached, listed per dossier and downloaded as sent.
Members who may read dossiers (onestop.view_dossier) only; the bytes are never rendered inline."""

import functools
from urllib.parse import quote

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from modules.portal.services import uploads

PERMISSION = "onestop.view_dossier"


def _staff(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "/dang-nhap/")
        if not request.user.has_perm(PERMISSION):
            return render(request, "web/refused.html", {"message": _("Vai trò của bạn không được dùng trang này.")},
                          status=403)
        return view(request, *args, **kwargs)
    return guarded


@require_GET
@_staff
def submitted_files(request):
    return render(request, "portal/staff_files.html", {"dossiers": uploads.latest_with_files()})


@require_GET
@_staff
def download(request, code: str, file_id: int):
    found = uploads.file_content(code, file_id)
    if found is None:
        raise Http404
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found.name, safe='')}"
    return response
