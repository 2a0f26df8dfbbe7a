"""Versions of a procedure: the full content as imported. A version never changes once written."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.catalogue.models.procedure import OnlineLevel, Procedure, Sector


class Channel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Bưu chính")
    OTHER = "other", _("Không xác định")


class TimeUnit(models.TextChoices):
    """The kind of time the catalogue states for a channel; the deadline clock counts it in that kind."""

    WORKING_DAY = "working_day", _("Ngày làm việc")
    DAY = "day", _("Ngày (theo lịch)")
    HOUR = "hour", _("Giờ")
    MONTH = "month", _("Tháng")


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions",
                                  verbose_name=_("thủ tục"))
    number = models.PositiveIntegerField(_("số phiên bản"))
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64)
    valid_from = models.DateTimeField(_("hiệu lực từ"))
    valid_until = models.DateTimeField(_("hết hiệu lực lúc"), null=True, blank=True)

    name = models.TextField(_("tên thủ tục"))
    so_quyet_dinh = models.CharField(_("số quyết định công bố"), max_length=255, blank=True)
    cap_thuc_hien = models.JSONField(_("cấp thực hiện"), default=list, blank=True)
    loai_thu_tuc = models.CharField(_("loại thủ tục"), max_length=255, blank=True)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("lĩnh vực"))
    doi_tuong_thuc_hien = models.JSONField(_("đối tượng thực hiện"), default=list, blank=True)
    co_quan_thuc_hien = models.JSONField(_("cơ quan thực hiện"), default=list, blank=True)
    trinh_tu_thuc_hien = models.JSONField(_("trình tự thực hiện"), default=list, blank=True)
    cach_thuc_raw = models.TextField(_("cách thức thực hiện (nguyên văn)"), blank=True)
    can_cu_phap_ly = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    yeu_cau_dieu_kien = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    ket_qua_xu_ly = models.TextField(_("kết quả xử lý"), blank=True)
    online_level = models.CharField(_("mức độ trực tuyến"), max_length=20, choices=OnlineLevel.choices,
                                    default=OnlineLevel.INFORMATION)
    source = models.JSONField(_("bản ghi gốc"), default=dict, blank=True)

    class Meta:
        ordering = ["procedure__code", "-number"]
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="catalogue_version_number")]
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")

    def __str__(self):
        return f"{self.procedure.code} v{self.number}"

    def processing_days(self, channel: str | None = None):
        """The shortest processing time (working days) over the channels that state one, or of one channel."""
        days = [c.processing_days for c in self.channels.all()
                if c.processing_days is not None and (channel is None or c.channel == channel)]
        return min(days) if days else None


class SubmissionChannel(models.Model):
    """One way of submitting (cách thức thực hiện) with its processing time and fees."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="channels",
                                verbose_name=_("phiên bản thủ tục"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    # The time as stated (value and unit); processing_days only when it converts to working days (days, hours).
    time_value = models.DecimalField(_("thời hạn giải quyết"), max_digits=10, decimal_places=3, null=True, blank=True)
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=12, choices=TimeUnit.choices, blank=True)
    processing_days = models.DecimalField(_("thời hạn giải quyết (ngày làm việc)"), max_digits=8, decimal_places=3,
                                          null=True, blank=True)
    # fee_amount: the first fee in đồng (0 free; null unknown or in another currency); fees: every fee as stated,
    # [{"amount": "50000", "currency": "VND"|"USD", "text": ...}], empty when unknown.
    fee_amount = models.PositiveBigIntegerField(_("phí, lệ phí (đồng)"), null=True, blank=True)
    fees = models.JSONField(_("các khoản phí, lệ phí"), default=list, blank=True)
    fee_description = models.TextField(_("mô tả phí, lệ phí"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    raw_text = models.TextField(_("nguyên văn"), blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")

    def __str__(self):
        return self.get_channel_display()


class DossierComponent(models.Model):
    """One paper of the dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="components",
                                verbose_name=_("phiên bản thủ tục"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    case_name = models.TextField(_("trường hợp"), blank=True)
    name = models.TextField(_("tên giấy tờ"))
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    template = models.CharField(_("mẫu đơn, tờ khai"), max_length=500, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self):
        return self.name[:80]
