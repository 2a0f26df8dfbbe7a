"""Signing in, out, and resetting a password by e-mail, on a unit's address or on the platform's.

On a unit's address a member signs in and lands in the workspace; on the platform's address a person picks among the
units they belong to and is handed over to that unit's address (core.web.handoff). Lock-out after repeated failures
is the accounts' (core.accounts.signin), through the same throttled form as the admin sign-in."""

from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.accounts.services import is_member, member_unit_ids
from core.accounts.signin_form import ThrottledSignIn
from core.web import handoff, second_factor_views
from core.web.addresses import policy_allowing_forms_to, unit_address

HOME = "/lam-viec/"


class SignInForm(ThrottledSignIn, AuthenticationForm):
    """Django's sign-in, throttled; on a unit's address only its members (and the platform's superusers) get in."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = gettext_lazy("Tên đăng nhập")
        self.fields["password"].label = gettext_lazy("Mật khẩu")

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        unit = getattr(self.request, "unit", None)
        if unit is not None and not user.is_superuser and not is_member(user, unit):
            raise ValidationError(_("Tài khoản này không thuộc đơn vị %(unit)s.") % {"unit": unit.name},
                                  code="not_a_member")


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return HOME if getattr(request, "unit", None) is not None else "/don-vi/"


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return second_factor_views.begin(request, form.get_user(), _next(request))
    return render(request, "web/sign_in.html", {"form": form, "next": _next(request),
                                                "single_sign_on": _single_sign_on(request)},
                  status=400 if request.method == "POST" else 200)


def _single_sign_on(request) -> dict | None:
    """The province's single sign-on button (core.accounts.oidc): always through the platform's address."""
    from django.conf import settings

    from core.accounts.oidc import is_configured
    from core.public_address import public_url

    if not is_configured():
        return None
    on_platform = getattr(request, "unit", None) is None
    return {"label": settings.EGOV_OIDC_LABEL, "failed": on_platform and "mot-lan" in request.GET,
            "address": "/dang-nhap/mot-lan/" if on_platform else public_url("/dang-nhap/mot-lan/")}


@require_POST
@csrf_protect
def sign_out(request):
    auth.logout(request)
    return HttpResponseRedirect("/dang-nhap/")


@never_cache
def units(request):
    """The platform's page after signing in: the units the person belongs to, each a button to work there."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect("/dang-nhap/?next=/don-vi/")
    from tenants.models import Unit

    mine = list(Unit.objects.filter(pk__in=member_unit_ids(request.user)).prefetch_related("domains").order_by("name"))
    response = render(request, "web/units.html", {"units": mine})
    origins = sorted({unit_address(request, unit, "") for unit in mine})
    if origins:
        response["Content-Security-Policy"] = policy_allowing_forms_to(origins)
    return response


@require_POST
@csrf_protect
def go_to_unit(request, code: str):
    """Hand the signed-in person over to a unit's address (a POST, so a link cannot hand anyone over)."""
    from tenants.models import Unit

    unit = Unit.objects.filter(code=code).first()
    if not request.user.is_authenticated or unit is None or not (
            request.user.is_superuser or is_member(request.user, unit)):
        return render(request, "web/refused.html", {"message": _("Bạn không thuộc đơn vị này.")}, status=403)
    return HttpResponseRedirect(unit_address(request, unit, f"/dang-nhap/ve/?t={handoff.ticket(request.user, unit)}"))


@never_cache
def arrive(request):
    """The unit's end of the hand-over: the ticket becomes this address's session."""
    unit = getattr(request, "unit", None)
    user = handoff.redeem(request.GET.get("t", ""), unit) if unit is not None else None
    if user is None:
        return render(request, "web/refused.html", {"message": _("Phiên chuyển đơn vị đã hết hạn hoặc không hợp lệ; "
                                                                 "vui lòng đăng nhập lại.")}, status=403)
    auth.login(request, user, backend="core.accounts.backends.PasswordBackend")
    return HttpResponseRedirect(HOME)


_reset = {"email_template_name": "web/password_reset_email.txt", "subject_template_name": "web/password_reset_subject.txt"}
password_reset = auth_views.PasswordResetView.as_view(
    template_name="web/password_reset.html", success_url=reverse_lazy("web:password_reset_done"), **_reset)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="web/password_reset_confirm.html", success_url=reverse_lazy("web:password_reset_complete"))
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(template_name="web/password_reset_complete.html")
