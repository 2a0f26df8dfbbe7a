"""API tokens in the platform admin: seen and revoked there, issued only through the API (the token is shown once)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin_sites import platform_admin
from core.api.models import ApiToken
from core.api.tokens import revoke_token


@admin.register(ApiToken, site=platform_admin)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "kind", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("kind",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "name", "kind", "prefix", "units", "created_by", "created_at", "expires_at",
                       "last_used_at", "revoked_at")
    exclude = ("token_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Thu hồi các mã đã chọn"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(token, request.user)
        messages.success(request, _("Đã thu hồi."))
