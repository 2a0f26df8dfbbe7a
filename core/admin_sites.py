"""Two admin sites: the platform's (ICT department) and each unit's (its administrators)."""

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.accounts.signin_form import ThrottledSignIn


class PlatformLoginForm(ThrottledSignIn, AdminAuthenticationForm):
    """Django's staff sign-in, throttled per account and per client."""


class PlatformAdminSite(AdminSite):
    login_form = PlatformLoginForm
    site_header = _("Quản trị nền tảng chính quyền điện tử")
    site_title = _("Nền tảng")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff and getattr(request, "unit", None) is None


class UnitAdminLoginForm(ThrottledSignIn, AuthenticationForm):
    """Unit staff sign in without Django's staff flag: what they may see comes from their membership and roles."""


class UnitAdminSite(AdminSite):
    site_header = _("Quản trị đơn vị")
    site_title = _("Đơn vị")
    login_form = UnitAdminLoginForm

    def has_permission(self, request):
        from core.accounts.services import is_member

        unit = getattr(request, "unit", None)
        user = request.user
        if unit is None or not user.is_active:
            return False
        return user.is_superuser or (is_member(user, unit) and user.has_perm("accounts.view_membership"))

    def each_context(self, request):
        context = super().each_context(request)
        unit = getattr(request, "unit", None)
        if unit is not None:
            context["site_header"] = f"{self.site_header}: {unit.name}"
        return context


platform_admin = PlatformAdminSite(name="platform_admin")
unit_admin = UnitAdminSite(name="unit_admin")
