"""The second step of signing in (a code from an authenticator app), setting the app up, and turning it off.

After a right password, a person who uses (or must use) the second factor is not signed in yet: the session holds
who they are for PENDING_SECONDS, and the code page (or, when they must and have not set it up, the set-up page)
finishes the sign-in. Five wrong codes drop the pending sign-in; each counts towards the account's lock-out.
The rules are the accounts' (core.accounts.second_factor); these views only ask and answer."""

import time
from urllib.parse import parse_qs, urlsplit

import segno
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from core.accounts import second_factor

PENDING = "signin.pending"
PENDING_SECONDS = 300
ATTEMPTS = 5
CODE_PAGE = "/dang-nhap/ma-xac-thuc/"
SET_UP_PAGE = "/dang-nhap/xac-thuc-hai-lop/"


def begin(request, user, next_url: str) -> HttpResponseRedirect:
    """Called by the sign-in page after a right password: sign in now, or ask for the second factor first."""
    if not second_factor.asked_at_sign_in(user):
        auth.login(request, user)
        return HttpResponseRedirect(next_url)
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "backend": user.backend, "next": next_url, "unit": _unit_id(request),
                                "until": time.time() + PENDING_SECONDS, "attempts": 0}
    return HttpResponseRedirect(CODE_PAGE if second_factor.is_enrolled(user) else SET_UP_PAGE)


def _unit_id(request):
    unit = getattr(request, "unit", None)
    return unit.pk if unit is not None else None


def _pending_user(request):
    """Who is signing in, on this address (a sign-in begun on one unit's address finishes there only)."""
    pending = request.session.get(PENDING)
    if not pending or pending["until"] < time.time() or pending.get("unit") != _unit_id(request):
        request.session.pop(PENDING, None)
        return None, None
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first(), pending


def _finish(request, user, pending) -> HttpResponseRedirect:
    request.session.pop(PENDING, None)
    auth.login(request, user, backend=pending["backend"])
    return HttpResponseRedirect(pending["next"])


def _wrong(request, user, pending) -> str:
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    pending["attempts"] += 1
    if pending["attempts"] >= ATTEMPTS:
        request.session.pop(PENDING, None)
        return ""
    request.session[PENDING] = pending
    return _("Mã không đúng hoặc đã được dùng; hãy nhập mã đang hiện trong ứng dụng.")


def _start_again(request):
    return render(request, "web/refused.html", {"message": _(
        "Phiên đăng nhập đã hết hạn hoặc nhập sai mã quá nhiều lần; vui lòng đăng nhập lại.")}, status=403)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def code(request):
    user, pending = _pending_user(request)
    if user is None:
        return _start_again(request)
    error = ""
    if request.method == "POST":
        if second_factor.verify(user, request.POST.get("code", "")):
            return _finish(request, user, pending)
        error = _wrong(request, user, pending)
        if not error:
            return _start_again(request)
    return render(request, "web/second_factor_code.html", {"error": error}, status=400 if error else 200)


def _qr_svg(address: str) -> str:
    return segno.make(address, error="m").svg_inline(scale=4, title=_("Mã QR thiết lập ứng dụng xác thực"))


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def set_up(request):
    """Set up the app: while signing in (pending, when required) or from the signed-in person's own page."""
    user, pending = _pending_user(request)
    if user is None and request.user.is_authenticated:
        user = request.user
    if user is None:
        return _start_again(request)
    if pending and second_factor.is_enrolled(user):  # a password alone never replaces the app in use
        return HttpResponseRedirect(CODE_PAGE)
    error = ""
    if request.method == "POST" and request.POST.get("action") == "turn_off" and pending is None:
        if second_factor.is_required(user):
            error = _("Vai trò của bạn bắt buộc xác thực hai lớp; không thể tắt.")
        elif second_factor.verify(user, request.POST.get("code", "")):
            second_factor.turn_off(user)
            return HttpResponseRedirect(SET_UP_PAGE)
        else:
            error = _("Mã không đúng hoặc đã được dùng; hãy nhập mã đang hiện trong ứng dụng.")
    elif request.method == "POST":
        if second_factor.confirm(user, request.POST.get("code", "")):
            return _finish(request, user, pending) if pending else HttpResponseRedirect(SET_UP_PAGE)
        error = _wrong(request, user, pending) if pending else _(
            "Mã không đúng; hãy nhập mã đang hiện trong ứng dụng vừa thiết lập.")
        if pending and not error:
            return _start_again(request)
    enrolled = pending is None and second_factor.is_enrolled(user)
    context = {"enrolled": enrolled, "required": second_factor.is_required(user), "error": error,
               "signing_in": pending is not None}
    if not enrolled:
        address = (request.method == "POST" and second_factor.pending_address(user)) or second_factor.start(user)
        context.update(qr=_qr_svg(address), secret=parse_qs(urlsplit(address).query)["secret"][0])
    return render(request, "web/second_factor_set_up.html", context, status=400 if error else 200)
