"""Dossiers of administrative procedures, their steps and the log of every transition. In each unit's schema."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Bưu chính")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_PROCESS = "in_process", _("Đang xử lý")
    WAITING_SUPPLEMENT = "waiting_supplement", _("Chờ bổ sung")
    PAUSED = "paused", _("Tạm dừng")
    TRANSFERRED = "transferred", _("Đã chuyển liên thông")
    WAITING_PAYMENT = "waiting_payment", _("Chờ thanh toán")
    RESULT_READY = "result_ready", _("Có kết quả")
    RETURNED = "returned", _("Đã trả kết quả")
    REFUSED = "refused", _("Từ chối")
    WITHDRAWN = "withdrawn", _("Đã rút")
    STOPPED = "stopped", _("Dừng giải quyết")  # Circular 03/2025/TT-VPCP form 05


FINAL_STATUSES = {Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}


class ResultDelivery(models.TextChoices):
    """Where the citizen gets the result (Decree 118/2025: receipt and return regardless of boundary)."""

    POINT = "point", _("Tại nơi nộp hồ sơ")
    POST = "post", _("Qua dịch vụ bưu chính")
    ONLINE = "online", _("Trực tuyến")


class DailySequence(models.Model):
    """The last dossier number given on a day; its row lock makes codes gap-free under concurrent intake."""

    day = models.DateField(_("ngày"), primary_key=True)
    last = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("số hồ sơ trong ngày")
        verbose_name_plural = _("số hồ sơ trong ngày")

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.last}"


class Dossier(models.Model):
    # Plain id of a shared row, checked by `egov check-references` (tenants.services.references).
    shared_references = {"procedure_version_id": "catalogue.ProcedureVersion"}

    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    procedure_code = models.CharField(_("mã thủ tục"), max_length=40, db_index=True)
    procedure_version_id = models.BigIntegerField(_("phiên bản thủ tục"), null=True, blank=True)
    procedure_name = models.CharField(_("tên thủ tục"), max_length=500)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    applicant_name = models.CharField(_("người nộp"), max_length=200)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_id_number = models.CharField(_("số định danh"), max_length=20, blank=True)
    data = models.JSONField(_("dữ liệu hồ sơ"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    step_index = models.PositiveSmallIntegerField(_("bước hiện tại"), default=0)
    # The current step's role, kept with step_index by services/current_step.py ("" without a step): the work queues
    # select on it without reading the step rows.
    current_step_role = models.CharField(_("vai trò của bước hiện tại"), max_length=60, blank=True, default="")
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    counted_from = models.DateTimeField(_("tính thời hạn từ"))
    due_at = models.DateTimeField(_("hẹn trả"), db_index=True)
    deadline = models.JSONField(_("thời hạn (tạm dừng, bổ sung, gia hạn)"), default=dict)  # core.calendar Deadline: pauses, supplements, the one extension
    supplement_requested = models.BooleanField(_("đã yêu cầu bổ sung"), default=False)
    supplement_items = models.JSONField(_("giấy tờ cần bổ sung"), default=list, blank=True)
    completed_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    reason = models.TextField(_("lý do (từ chối, rút)"), blank=True)
    # Inter-unit work: the unit that first received it (one code across units) and where it is now.
    origin_unit_code = models.CharField(_("đơn vị tiếp nhận đầu tiên (mã)"), max_length=40, blank=True)
    holder_unit_code = models.CharField(_("đơn vị đang giữ (mã)"), max_length=40, blank=True)
    # the unit that sent it here, if any
    transferred_from = models.CharField(_("nhận liên thông từ đơn vị (mã)"), max_length=40, blank=True)
    # its status at the unit it was sent to; progress messages may arrive out of order
    remote_status = models.CharField(_("trạng thái tại đơn vị nhận"), max_length=20, blank=True)
    remote_updated_at = models.DateTimeField(_("đơn vị nhận cập nhật lúc"), null=True, blank=True)
    # Receipt regardless of boundary: the unit that decides, when not the one that received it (origin_unit_code); the
    # receiving point hands it over and returns the result where the citizen chose.
    competent_unit_code = models.CharField(_("cơ quan có thẩm quyền giải quyết (mã)"), max_length=40, blank=True,
                                           db_index=True)
    result_delivery = models.CharField(_("nơi nhận kết quả"), max_length=10, choices=ResultDelivery.choices,
                                       blank=True)
    # Why the last transfer never reached the unit it was sent to (the dossier came back); cleared by the next one.
    transfer_failure = models.TextField(_("lỗi chuyển liên thông"), blank=True)
    # Administrative reorganisation: the ended unit this dossier was carried from, and when (services/reorganisation).
    # Its receipt was counted there; from `carried_at` on it is this unit's own (statistics count it once).
    carried_from = models.CharField(_("chuyển từ đơn vị cũ khi sắp xếp (mã)"), max_length=40, blank=True)
    carried_at = models.DateTimeField(_("chuyển khi sắp xếp lúc"), null=True, blank=True)
    # A citizen's own online submission whose phone or e-mail is not confirmed yet (services/unconfirmed.py): kept
    # out of the staff's queues and lists, so that submissions nobody can be reached at do not flood them.
    awaiting_confirmation = models.BooleanField(_("chờ người nộp xác nhận liên hệ"), default=False)
    # Such a submission is received for the statistics when it is confirmed (`confirmed_at`), never if the
    # confirmation expired (`confirmation_expired`): until then it is no dossier the unit has received.
    confirmed_at = models.DateTimeField(_("người nộp xác nhận lúc"), null=True, blank=True)
    confirmation_expired = models.BooleanField(_("hết hạn xác nhận"), default=False)
    # People live in public: no constraint, and a deleted person's id is cleared by tenants.services.references.
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                                 related_name="+", db_constraint=False, verbose_name=_("người được giao"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        indexes = [models.Index(fields=["status", "due_at"]),
                   models.Index(fields=["current_step_role", "status", "due_at"], name="onestop_dossier_step_role")]

    def __str__(self):
        return self.code


class DossierStep(models.Model):
    """One step of the unit's process for this dossier, with its own due time."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps", verbose_name=_("hồ sơ"))
    index = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=200)
    role_code = models.CharField(_("vai trò thực hiện"), max_length=60)
    days = models.DecimalField(_("số ngày làm việc"), max_digits=7, decimal_places=3)  # working days allotted
    handover_unit_code = models.CharField(_("chuyển cho đơn vị (mã)"), max_length=40, blank=True)
    handover_unit_kind = models.CharField(_("chuyển cho cấp (loại đơn vị)"), max_length=40, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "index"]
        unique_together = [("dossier", "index")]
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")

    def __str__(self):
        return f"{self.index + 1}. {self.name}"


class DossierEvent(models.Model):
    """Every transition: who, when, why. Never updated or deleted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events", verbose_name=_("hồ sơ"))
    action = models.CharField(_("thao tác"), max_length=40)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                              related_name="+", db_constraint=False, verbose_name=_("người thực hiện"))
    actor_unit_code = models.CharField(_("đơn vị thực hiện (mã)"), max_length=40, blank=True)
    role_code = models.CharField(_("vai trò"), max_length=60, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    data = models.JSONField(_("dữ liệu kèm theo"), default=dict, blank=True)
    at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["dossier", "at", "id"]
        verbose_name = _("lịch sử xử lý hồ sơ")
        verbose_name_plural = _("lịch sử xử lý hồ sơ")

    def __str__(self):
        return f"{self.action}: {self.from_status or '-'} → {self.to_status}"


class DayKind(models.TextChoices):
    WORKING = "working", _("Ngày làm việc")
    CALENDAR = "calendar", _("Ngày theo lịch")


class IntakeRule(models.Model):
    """How a procedure's dossiers start their clock, per channel, from a day on (rules as versioned data).

    Decree 118/2025/NĐ-CP sets no general cut-off hour: a procedure (or the whole unit, procedure left blank) may have
    one, after which a dossier counts as received the next working day; its time counts in the kind the catalogue
    states for the channel unless the rule says otherwise.
    The most specific rule in force on the receipt day applies; without any there is no cut-off (received after
    office hours or on a day off: from the next working day) and the catalogue's kind of time."""

    procedure_code = models.CharField(_("mã thủ tục"), max_length=40, blank=True,
                                      help_text=_("Để trống: mọi thủ tục của đơn vị."))
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices, blank=True,
                               help_text=_("Để trống: mọi hình thức nộp."))
    effective_from = models.DateField(_("áp dụng từ ngày"))
    cutoff = models.TimeField(_("giờ chốt tiếp nhận"), null=True, blank=True,
                              help_text=_("Nhận sau giờ này: tính từ ngày làm việc tiếp theo. Để trống: không có."))
    # Blank: the kind the catalogue states for the channel (working days, calendar days, hours, months); a value
    # reads the channel's days or hours that way instead (months stay months).
    day_kind = models.CharField(_("loại ngày của thời hạn"), max_length=10, choices=DayKind.choices, blank=True,
                                default="", help_text=_("Để trống: theo danh mục thủ tục (ngày làm việc, ngày theo "
                                                        "lịch, giờ, tháng)."))
    note = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quy tắc tiếp nhận")
        verbose_name_plural = _("quy tắc tiếp nhận")
        constraints = [models.UniqueConstraint(fields=["procedure_code", "channel", "effective_from"],
                                               name="onestop_intake_rule_once_per_day")]

    def __str__(self):
        return f"{self.procedure_code or '*'}/{self.channel or '*'} {self.effective_from:%d/%m/%Y}"


class CodeFormat(models.Model):
    """The dossier code's format from a day on. Fields: {agency} (the unit's OrganId or code), {unit} (its code),
    {date:%y%m%d} (the receipt day, any strftime), {seq:04d} (the day's number), {procedure} (its code)."""

    DEFAULT = "{agency}-{date:%y%m%d}-{seq:04d}"  # the 2018 format (Decree 61/2018, Circular 01/2018)

    pattern = models.CharField(_("mẫu mã hồ sơ"), max_length=120, default=DEFAULT)
    effective_from = models.DateField(_("áp dụng từ ngày"), unique=True)

    class Meta:
        verbose_name = _("mẫu mã hồ sơ")
        verbose_name_plural = _("mẫu mã hồ sơ")

    def clean(self):
        from django.core.exceptions import ValidationError

        # Numbers restart each day: a code without the day and the number would not be unique.
        if "{seq" not in self.pattern or "{date" not in self.pattern:
            raise ValidationError({"pattern": _("Mẫu phải có {date:...} và {seq:...}.")})
        try:
            self.pattern.format(agency="A", unit="U", date=date(2025, 1, 1), seq=1, procedure="P")
        except (KeyError, ValueError, IndexError, AttributeError) as exc:
            raise ValidationError({"pattern": _("Mẫu không hợp lệ: %(e)s") % {"e": exc}}) from exc

    def __str__(self):
        return f"{self.pattern} ({self.effective_from:%d/%m/%Y})"


# --- Digitisation at receipt (Circular 03/2025/TT-VPCP Art. 5, Decree 118/2025/NĐ-CP) and data instead of paper ---

class Handling(models.TextChoices):
    """What became of one paper component (or of the result) of a dossier."""

    SCANNED = "scanned", _("Đã số hóa (quét bản giấy)")
    EXEMPT = "exempt", _("Không phải số hóa")
    DATABASE = "database", _("Khai thác từ cơ sở dữ liệu")  # looked up instead of asked for
    PAPER = "paper", _("Yêu cầu nộp bản giấy")  # the look-up found nothing usable: the paper is asked for


class Exemption(models.TextChoices):
    """The cases Circular 03/2025/TT-VPCP Art. 5 leaves out of scanning at receipt."""

    ONLINE = "online", _("Hồ sơ nộp trực tuyến")
    SHOWN_ONLY = "shown_only", _("Giấy tờ chỉ xuất trình để đối chiếu")
    PROCESSING_RESULT = "processing_result", _("Kết quả giải quyết trong quá trình xử lý")
    CONFIDENTIAL = "confidential", _("Giấy tờ có nội dung bí mật nhà nước")


class ScanFile(models.Model):
    """A scan's bytes, stored once per unit under their SHA-256 and never modified (as documents' originals)."""

    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)  # sniffed from the bytes
    content = models.BinaryField(_("nội dung"))
    created_at = models.DateTimeField(_("lưu lúc"))

    class Meta:
        verbose_name = _("bản quét")
        verbose_name_plural = _("bản quét")

    def __str__(self):
        return self.sha256


class DossierComponent(models.Model):
    """One component of a dossier as received (or its result): scanned, exempt, taken from a shared database, or
    asked for on paper when the database could not give it (the fallback and its reason kept)."""

    COMPONENT, RESULT = "component", "result"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components",
                                verbose_name=_("hồ sơ"))
    kind = models.CharField(_("loại"), max_length=10, default=COMPONENT,
                            choices=[(COMPONENT, _("thành phần hồ sơ")), (RESULT, _("kết quả giải quyết"))])
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    handling = models.CharField(_("xử lý"), max_length=10, choices=Handling.choices)
    exemption = models.CharField(_("lý do không số hóa"), max_length=20, choices=Exemption.choices, blank=True)
    scan = models.ForeignKey(ScanFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("bản quét"))
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    database_code = models.CharField(_("cơ sở dữ liệu"), max_length=40, blank=True)
    lookup_reference = models.CharField(_("mã bản ghi đã khai thác"), max_length=200, blank=True)
    lookup_data = models.JSONField(_("dữ liệu đã khai thác"), default=dict, blank=True)
    fallback_reason = models.TextField(_("lý do phải nộp bản giấy"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                              related_name="+", db_constraint=False, verbose_name=_("người thực hiện"))
    created_at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["dossier", "id"]
        verbose_name = _("thành phần hồ sơ đã số hóa")
        verbose_name_plural = _("thành phần hồ sơ đã số hóa")

    def __str__(self):
        return f"{self.dossier_id} {self.name}"


# --- The national public service portal (Cổng Dịch vụ công quốc gia): online dossiers in, statuses out ---

class NationalLink(models.Model):
    """A dossier filed on the national portal: its id there. Unique: a dossier delivered twice is one dossier."""

    national_id = models.CharField(_("mã hồ sơ trên Cổng DVC quốc gia"), max_length=64, unique=True)
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="national_link",
                                   verbose_name=_("hồ sơ"))
    received_at = models.DateTimeField(_("nhận lúc"))
    deliveries = models.PositiveIntegerField(_("số lần cổng gửi"), default=1)
    last_delivered_at = models.DateTimeField(_("cổng gửi lần cuối lúc"))

    class Meta:
        verbose_name = _("hồ sơ từ Cổng DVC quốc gia")
        verbose_name_plural = _("hồ sơ từ Cổng DVC quốc gia")

    def __str__(self):
        return self.national_id


class NationalUpdate(models.Model):
    """A status change (or the result) to send back to the national portal: an outbox row written in the dossier's
    transaction, sent in order per dossier, retried with a growing delay, kept with its trace."""

    link = models.ForeignKey(NationalLink, on_delete=models.CASCADE, related_name="updates", verbose_name=_("hồ sơ"))
    action = models.CharField(_("thao tác"), max_length=40)
    status = models.CharField(_("trạng thái"), max_length=20)
    at = models.DateTimeField(_("lúc"))
    result_sha256 = models.CharField(_("kết quả (mã băm bản số hóa)"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), db_index=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("cập nhật gửi Cổng DVC quốc gia")
        verbose_name_plural = _("cập nhật gửi Cổng DVC quốc gia")

    def __str__(self):
        return f"{self.link_id} {self.status}"
