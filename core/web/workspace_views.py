"""The workspace's kernel pages on a unit's address: the home (the navigation the unit's modules give the person)
and the unit's failed messages to other units, with retry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.accounts.services import role_codes
from core.web.access import may_follow_messages
from tenants.messaging.services import failed_here, retry_failed


def _unit_page(view):
    """A unit's page for its signed-in members (MembershipMiddleware already refused the others)."""
    def guarded(request, *args, **kwargs):
        if getattr(request, "unit", None) is None:
            return HttpResponseRedirect("/don-vi/")
        return view(request, *args, **kwargs)
    guarded.__name__ = view.__name__
    return login_required(guarded, login_url="/dang-nhap/")


@_unit_page
def home(request):
    return render(request, "web/home.html", {"roles": sorted(role_codes(request.user, request.unit))})


def _may_follow_messages(request) -> bool:
    return may_follow_messages(request.user, request.unit)


@_unit_page
def failed_messages(request):
    if not _may_follow_messages(request):
        return render(request, "web/refused.html", {"message": _("Bạn không có vai trò theo dõi thư liên thông.")},
                      status=403)
    return render(request, "web/failed_messages.html", {"failed": failed_here()})


@require_POST
@_unit_page
def retry_messages(request):
    if not _may_follow_messages(request):
        return render(request, "web/refused.html", {"message": _("Bạn không có vai trò theo dõi thư liên thông.")},
                      status=403)
    count = retry_failed(request.POST.getlist("id"))
    messages.success(request, _("Đã gửi lại %(n)d thư.") % {"n": count})
    return HttpResponseRedirect("/lam-viec/thu-loi/")
