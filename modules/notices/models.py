"""A unit's own notice templates and the log of the notices it sent. In each unit's schema."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.notices.events import Event, NoticeChannel


class NoticeTemplate(models.Model):
    """The unit's text for one event and channel, replacing the default shipped in code (defaults.py)."""

    event = models.CharField(_("sự kiện"), max_length=30, choices=Event.choices)
    channel = models.CharField(_("kênh"), max_length=20, choices=NoticeChannel.choices)
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True,
                               help_text=_("Tiêu đề thư; tin nhắn không có tiêu đề."))
    body = models.TextField(_("nội dung"))
    active = models.BooleanField(_("đang dùng"), default=True,
                                 help_text=_("Bỏ chọn để đơn vị không gửi thông báo này."))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["event", "channel"]
        constraints = [models.UniqueConstraint(fields=["event", "channel"], name="notices_template_once")]
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")

    def __str__(self):
        return f"{self.get_event_display()} / {self.get_channel_display()}"

    def clean(self):
        from modules.notices.services.templates import validate_template

        validate_template(self.event, self.channel, self.subject, self.body)

    def save(self, *args, **kwargs):
        self.full_clean()  # whatever saves it (admin, a script, the API): an invalid template is never stored
        super().save(*args, **kwargs)


class NoticeLog(models.Model):
    """One notice of one dossier event to one recipient; its delivery status is read from the notify message."""

    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, db_index=True)
    event = models.CharField(_("sự kiện"), max_length=30, choices=Event.choices)
    channel = models.CharField(_("kênh"), max_length=20, choices=NoticeChannel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    reference = models.CharField(_("tham chiếu"), max_length=100)
    message_id = models.BigIntegerField(_("mã thông báo đã xếp hàng"), null=True, blank=True)  # egov_notify Message
    error = models.TextField(_("lý do không gửi được"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["reference", "channel", "recipient"], name="notices_log_once")]
        verbose_name = _("nhật ký thông báo")
        verbose_name_plural = _("nhật ký thông báo")

    def __str__(self):
        return f"{self.dossier_code} {self.event} → {self.recipient}"


class NoticeOutbox(models.Model):
    """A dossier event to notify, written in the transaction that made the event (an outbox): nothing waits in memory
    for the commit. A task queues its notices once that transaction commits; the periodic sweep queues those whose
    task never ran. Queuing is idempotent (NoticeLog, and the carrier's reference), so running twice sends once."""

    key = models.CharField(_("khóa"), max_length=120, unique=True)  # "<dossier code>:<event id or event>"
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64)
    event = models.CharField(_("sự kiện"), max_length=30, choices=Event.choices)
    event_id = models.BigIntegerField(_("mã sự kiện hồ sơ"), null=True, blank=True)  # the one-stop DossierEvent
    attempts = models.PositiveSmallIntegerField(_("số lần xử lý"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    done_at = models.DateTimeField(_("đã xếp hàng lúc"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at"], condition=models.Q(done_at__isnull=True),
                                name="notices_outbox_pending")]
        verbose_name = _("sự kiện chờ thông báo")
        verbose_name_plural = _("sự kiện chờ thông báo")

    def __str__(self):
        return self.key


class ContactConfirmation(models.Model):
    """The applicant's phone (and e-mail) of a citizen's own online submission, until confirmed with the code sent
    to it: nothing else is sent about the dossier before one of them is (services/confirmation.py)."""

    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    phone = models.CharField(_("số điện thoại"), max_length=20)
    email = models.CharField(_("thư điện tử"), max_length=254, blank=True)
    phone_digest = models.CharField(max_length=64, blank=True)  # an HMAC of the code last sent, never the code
    email_digest = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(_("gửi mã lúc"), null=True, blank=True)
    codes_sent = models.PositiveSmallIntegerField(_("số lần gửi mã"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn xác nhận lúc"))
    phone_confirmed_at = models.DateTimeField(_("xác nhận số điện thoại lúc"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(_("xác nhận thư điện tử lúc"), null=True, blank=True)
    expired_at = models.DateTimeField(_("đã hết hạn lúc"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["expires_at"], condition=models.Q(phone_confirmed_at__isnull=True,
                                                                         email_confirmed_at__isnull=True,
                                                                         expired_at__isnull=True),
                                name="notices_confirm_pending")]
        verbose_name = _("xác nhận liên hệ")
        verbose_name_plural = _("xác nhận liên hệ")

    def __str__(self):
        return self.dossier_code

    @property
    def confirmed(self) -> bool:
        return self.phone_confirmed_at is not None or self.email_confirmed_at is not None
