"""The unit's outgoing notifications. Lives in each unit's schema: a unit sees only its own messages."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov_notify.choices import Channel, Status


class Message(models.Model):
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"))
    reference = models.CharField(_("tham chiếu"), max_length=100, blank=True,
                                 help_text=_("Ví dụ mã hồ sơ và sự kiện; cùng tham chiếu, kênh, người nhận: gửi một lần."))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_id = models.CharField(_("mã của nhà cung cấp"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "channel", "recipient"], condition=~Q(reference=""),
                                    name="egov_notify_message_once_per_reference"),
        ]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self):
        return f"{self.channel} → {self.recipient}: {self.subject or self.body[:40]}"
