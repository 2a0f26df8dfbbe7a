from django.contrib import admin

from core.admin_sites import unit_admin
from core.modules.admin_mixins import OnlyWhereEnabled, ReadOnly
from modules.payments.models import Fee, Payment


class _ReadOnlyWhereEnabled(ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    """The unit's own records (its schema), shown only where it enabled payments; what callbacks write is not edited."""

    module_id = "payments"


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
