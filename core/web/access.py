"""The one check in front of a module's workspace screens: a signed-in member holding the permission (the roles a
manifest gives); anyone else is sent to sign in or refused with a page that says why."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.translation import gettext as _


def staff_page(permission: str):
    def decorate(view):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "/dang-nhap/")
            if not request.user.has_perm(permission):
                return render(request, "web/refused.html",
                              {"message": _("Vai trò của bạn không được dùng trang này.")}, status=403)
            return view(request, *args, **kwargs)
        return guarded
    return decorate
