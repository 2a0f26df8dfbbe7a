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


def unit_admin_page(permission: str):
    """staff_page on a unit's address only: the unit's administration pages act on `request.unit` (on the platform's
    address there is none, and a superuser there is sent to pick a unit)."""
    def decorate(view):
        checked = staff_page(permission)(view)

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if getattr(request, "unit", None) is None:
                from django.http import HttpResponseRedirect

                return HttpResponseRedirect("/don-vi/")
            return checked(request, *args, **kwargs)
        return guarded
    return decorate


# Who follows the unit's failed messages between units (the workspace's page and the API): the administrator and the
# one-stop and documents desks.
MESSAGE_ROLES = frozenset({"administrator", "receiving_officer", "clerk", "leader"})


def may_follow_messages(user, unit) -> bool:
    from core.accounts.services import role_codes

    return bool(getattr(user, "is_superuser", False) or role_codes(user, unit) & MESSAGE_ROLES)


def refused(request, message: str, status: int = 403):
    return render(request, "web/refused.html", {"message": message}, status=status)
