"""People (one identity per person), their memberships in units and the roles they hold there. Public schema."""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """One identity per person across the installation; what they may do in a unit comes from their membership."""

    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        """Family name first, as Vietnamese names are written: Họ (last_name) then Tên (first_name)."""
        return f"{self.last_name} {self.first_name}".strip()


class Role(models.Model):
    """A role inside one unit (administrator, receiving officer, specialist, leader, result officer, ...)."""

    unit = models.ForeignKey("tenants.Unit", on_delete=models.CASCADE, related_name="roles", verbose_name=_("đơn vị"))
    code = models.SlugField(_("mã"), max_length=60)
    name = models.CharField(_("tên"), max_length=120)
    permissions = models.ManyToManyField(Permission, blank=True, verbose_name=_("quyền"))
    # The declared role (core.accounts.roles) whose permissions this role was last given, as a digest of their ids:
    # `egov migrate` tops up only roles whose declaration changed since (core.accounts.services.sync_roles).
    spec_signature = models.CharField(_("dấu kiểm quyền mặc định"), max_length=32, blank=True, default="",
                                      editable=False)

    class Meta:
        unique_together = [("unit", "code")]
        ordering = ["unit", "code"]
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person serving a unit, with the roles they hold there. A person may serve several units."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("người dùng"))
    unit = models.ForeignKey("tenants.Unit", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị"))
    roles = models.ManyToManyField(Role, blank=True, related_name="memberships", verbose_name=_("vai trò"))
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        unique_together = [("user", "unit")]
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")

    def __str__(self):
        return f"{self.user} @ {self.unit.code}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation to become a member of a unit with a role; every new unit gets one for its administrator."""

    unit = models.ForeignKey("tenants.Unit", on_delete=models.CASCADE, related_name="invitations",
                             verbose_name=_("đơn vị"))
    role = models.ForeignKey(Role, on_delete=models.CASCADE, verbose_name=_("vai trò"))
    email = models.EmailField(_("thư điện tử"), blank=True)
    token = models.CharField(_("mã mời"), max_length=64, unique=True, default=_invitation_token, editable=False)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    verbose_name=_("người nhận lời"))
    accepted_at = models.DateTimeField(_("nhận lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời")
        verbose_name_plural = _("lời mời")

    def __str__(self):
        return f"{self.role}: {self.email or '-'}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class SecondFactor(models.Model):
    """A person's authenticator app (TOTP, RFC 6238): after the password, sign-in asks for its current code
    (core.accounts.second_factor). The shared secret is kept encrypted with a key derived from SECRET_KEY."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factors",
                             verbose_name=_("người dùng"))
    secret = models.TextField(_("khoá bí mật (đã mã hoá)"), editable=False)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    last_step = models.BigIntegerField(_("bước thời gian dùng lần cuối"), default=0, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        # At most one app in use and one being set up (replacing it once confirmed).
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(confirmed_at__isnull=False),
                                    name="one_second_factor_in_use"),
            models.UniqueConstraint(fields=["user"], condition=models.Q(confirmed_at__isnull=True),
                                    name="one_second_factor_being_set_up"),
        ]
        verbose_name = _("xác thực hai lớp")
        verbose_name_plural = _("xác thực hai lớp")

    def __str__(self):
        return str(self.user)
