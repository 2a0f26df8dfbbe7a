"""Messages between units. Each unit's schema holds its own outbox (what it sent) and inbox (what it received)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ gửi")
    DELIVERED = "delivered", _("Đã chuyển đến")
    FAILED = "failed", _("Gửi lỗi")
    # Its sender ended in a reorganisation first: a successor's outbox holds it now, under the same id.
    FORWARDED = "forwarded", _("Chuyển cho đơn vị kế thừa gửi")


class OutboxMessage(models.Model):
    """Written in the sender's transaction; delivered by a task; marked delivered with the receiver's reply."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    receiver_code = models.CharField(_("đơn vị nhận"), max_length=40, db_index=True)
    kind = models.CharField(_("loại"), max_length=80)
    payload = models.JSONField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=OutboxStatus.choices,
                              default=OutboxStatus.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    reply = models.JSONField(_("phản hồi của đơn vị nhận"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("lần gửi gần nhất"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("chuyển đến lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")


class InboxMessage(models.Model):
    """The same id as the sender's outbox row: a redelivered message finds its row and changes nothing."""

    id = models.UUIDField(primary_key=True, editable=False)
    sender_code = models.CharField(_("đơn vị gửi"), max_length=40, db_index=True)
    kind = models.CharField(_("loại"), max_length=80)
    payload = models.JSONField(_("nội dung"))
    result = models.JSONField(_("kết quả xử lý"), null=True, blank=True)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("thư đến")
        verbose_name_plural = _("thư đến")
