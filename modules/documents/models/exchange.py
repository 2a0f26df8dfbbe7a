"""Every edXML message exchanged with agencies outside the installation (the national document axis or a provincial
LGSP, or a file), in or out, kept with its trace: what it was, to or from whom, each attempt and what came of it.
Messages between units of the installation travel through tenants.messaging (its outbox and inbox keep them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    AXIS = "axis", _("Trục liên thông văn bản")
    FILE = "file", _("Tệp edXML")


class Way(models.TextChoices):
    IN = "in", _("Đến")
    OUT = "out", _("Đi")


class Kind(models.TextChoices):
    ENVELOPE = "envelope", _("Gói tin văn bản")
    STATUS = "status", _("Gói tin trạng thái")


class State(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")
    ARRIVED = "arrived", _("Đã đến, chờ vào sổ")
    REGISTERED = "registered", _("Đã vào sổ")
    REFUSED = "refused", _("Đã từ chối")
    APPLIED = "applied", _("Đã ghi nhận")


class ExchangeMessage(models.Model):
    way = models.CharField(_("chiều"), max_length=3, choices=Way.choices)
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    kind = models.CharField(_("loại gói tin"), max_length=8, choices=Kind.choices)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, db_index=True)
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="exchange_messages", verbose_name=_("văn bản"))
    peer = models.CharField(_("cơ quan gửi hoặc nhận (mã định danh)"), max_length=200, db_index=True)
    peer_name = models.CharField(_("tên cơ quan"), max_length=300, blank=True)
    document_identifier = models.CharField(_("mã văn bản (DocumentId)"), max_length=300, db_index=True)
    code = models.CharField(_("số, ký hiệu"), max_length=200, blank=True)
    subject = models.TextField(_("trích yếu"), blank=True)
    business_type = models.PositiveSmallIntegerField(_("nghiệp vụ (BussinessDocType)"), null=True, blank=True)
    status_code = models.CharField(_("mã trạng thái (StatusCode)"), max_length=2, blank=True)
    content = models.ForeignKey("documents.Blob", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("gói tin"))
    external_id = models.CharField(_("mã gói tin trên trục"), max_length=200, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    trace = models.JSONField(_("vết xử lý"), default=list)  # [{"at", "event", ...}], oldest first
    created_at = models.DateTimeField(_("tạo lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("gói tin liên thông")
        verbose_name_plural = _("gói tin liên thông")
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], name="documents_exchange_once",
                                               condition=models.Q(way="in") & ~models.Q(external_id=""))]

    def __str__(self):
        return f"{self.get_way_display()} {self.peer} {self.code or self.document_identifier}"
