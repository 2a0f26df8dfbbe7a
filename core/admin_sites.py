"""Two admin sites: the platform's (ICT department) and each unit's (its administrators)."""

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.accounts.signin_form import ThrottledSignIn


class SecondFactorOnTheSignInPage:
    """The admin's own sign-in has no second step: a person who uses the second factor signs in on /dang-nhap/."""

    def confirm_login_allowed(self, user):
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext

        from core.accounts import second_factor

        super().confirm_login_allowed(user)
        if second_factor.asked_at_sign_in(user):
            raise ValidationError(gettext("Tài khoản này dùng xác thực hai lớp: hãy đăng nhập tại trang /dang-nhap/ "
                                          "rồi mở lại trang quản trị."), code="second_factor")


class PlatformLoginForm(ThrottledSignIn, SecondFactorOnTheSignInPage, AdminAuthenticationForm):
    """Django's staff sign-in, throttled per account and per client."""


class PlatformAdminSite(AdminSite):
    login_form = PlatformLoginForm
    site_header = _("Quản trị nền tảng chính quyền điện tử")
    site_title = _("Nền tảng")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[tuple[str, str, object, object]] = []

    def add_page(self, app_label: str, route: str, view, label) -> None:
        """A page of the platform admin that is not a model's list (e.g. the failed messages between units, read
        from every unit's schema), shown under `app_label` on the index; `view(request)` sees staff only."""
        self._pages.append((app_label, route, view, label))

    def get_urls(self):
        from django.urls import path

        pages = [path(f"{app}/{route}", self.admin_view(view), name=f"{app}_{route.strip('/').replace('/', '_')}")
                 for app, route, view, _label in self._pages]
        return pages + super().get_urls()

    def get_app_list(self, request, app_label=None):
        from django.apps import apps as registry
        from django.urls import reverse

        apps = super().get_app_list(request, app_label)
        by_label = {app["app_label"]: app for app in apps}
        for app, route, _view, label in self._pages:
            if app_label not in (None, app):
                continue
            url = reverse(f"{self.name}:{app}_{route.strip('/').replace('/', '_')}")
            if app not in by_label:
                by_label[app] = {"name": registry.get_app_config(app).verbose_name, "app_label": app,
                                 "app_url": url, "has_module_perms": True, "models": []}
                apps.append(by_label[app])
            by_label[app]["models"].append({"name": label, "object_name": route, "admin_url": url, "add_url": None,
                                            "view_only": True, "perms": {"view": True}})
        return apps

    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff and getattr(request, "unit", None) is None


class UnitAdminLoginForm(ThrottledSignIn, SecondFactorOnTheSignInPage, AuthenticationForm):
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
