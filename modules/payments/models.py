"""Fees of the unit's dossiers, the payments made for them and every callback the gateways sent. Per unit schema."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeeStatus(models.TextChoices):
    DUE = "due", _("Chưa nộp")
    PAID = "paid", _("Đã nộp")
    WAIVED = "waived", _("Miễn")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")


CATALOGUE = "catalogue"  # the fee the procedure version states for the dossier's channel


class Fee(models.Model):
    # No index of its own: payments_fee_once_per_source leads with it.
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64)
    source = models.CharField(_("nguồn"), max_length=40, default=CATALOGUE)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    description = models.TextField(_("mô tả"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=FeeStatus.choices, default=FeeStatus.DUE)
    paid_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    payment_reference = models.CharField(_("mã giao dịch thanh toán"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["dossier_code", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier_code", "source"], name="payments_fee_once_per_source")]
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self):
        return f"{self.dossier_code}: {self.amount} đ ({self.status})"


class Payment(models.Model):
    """One attempt at paying a fee through a gateway; the provider's reference is unique per gateway."""

    fee = models.ForeignKey(Fee, on_delete=models.PROTECT, related_name="payments", verbose_name=_("phí, lệ phí"))
    gateway = models.CharField(_("cổng thanh toán"), max_length=40)
    provider_ref = models.CharField(_("mã của nhà cung cấp"), max_length=200)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=PaymentStatus.choices,
                              default=PaymentStatus.PENDING)
    redirect_url = models.TextField(_("địa chỉ thanh toán"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    completed_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["gateway", "provider_ref"], name="payments_payment_ref")]
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")

    def __str__(self):
        return f"{self.gateway}:{self.provider_ref}"


class PaymentEvent(models.Model):
    """A verified callback, recorded once per provider transaction. Never updated or deleted."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="events")
    gateway = models.CharField(max_length=40)
    transaction_ref = models.CharField(max_length=200)
    status = models.CharField(max_length=10)
    amount = models.PositiveBigIntegerField()
    outcome = models.CharField(max_length=20)  # see services.callbacks
    data = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [models.UniqueConstraint(fields=["gateway", "transaction_ref"],
                                               name="payments_event_once_per_transaction")]
