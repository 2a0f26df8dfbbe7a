from django.contrib import admin

from core.admin_sites import unit_admin
from core.modules.services import is_enabled
from modules.payments.models import Fee, Payment


class _ReadOnlyWhereEnabled(admin.ModelAdmin):
    """The unit's own records (its schema), shown only where it enabled payments; what callbacks write is not edited."""

    def has_module_permission(self, request):
        return is_enabled(getattr(request, "unit", None), "payments") and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_enabled(getattr(request, "unit", None), "payments") and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Fee, site=unit_admin)
class FeeAdmin(_ReadOnlyWhereEnabled):
    list_display = ("dossier_code", "amount", "status", "paid_at", "payment_reference")
    list_filter = ("status",)
    search_fields = ("dossier_code", "payment_reference")


@admin.register(Payment, site=unit_admin)
class PaymentAdmin(_ReadOnlyWhereEnabled):
    list_display = ("created_at", "fee", "gateway", "provider_ref", "amount", "status", "completed_at")
    list_filter = ("status", "gateway")
    search_fields = ("provider_ref", "fee__dossier_code")
