"""API tokens: bearer credentials for programs. Public schema; only a hash of each token is stored."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenKind(models.TextChoices):
    PERSONAL = "personal", _("Cá nhân")
    SERVICE = "service", _("Tài khoản dịch vụ")


class ApiToken(models.Model):
    """A token acts as its owner, only in units the owner is a member of, and only in `units` when that is set."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("chủ sở hữu"))
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=10, choices=TokenKind.choices, default=TokenKind.PERSONAL)
    prefix = models.CharField(_("tiền tố"), max_length=16, help_text=_("Đầu mã, để nhận ra mã mà không lưu mã."))
    token_hash = models.CharField(_("mã băm của khóa"), max_length=64, unique=True, editable=False)
    units = models.ManyToManyField("tenants.Unit", blank=True, related_name="+", verbose_name=_("chỉ dùng tại đơn vị"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("người cấp"))
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        permissions = [("issue_service_token", _("Cấp mã truy cập cho tài khoản dịch vụ"))]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
