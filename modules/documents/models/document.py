"""Official documents, incoming and outgoing, with the metadata of Decree 30/2020/NĐ-CP Appendix VI. In each unit's
schema. Only the services change a document (services/actions.py), each change recorded by services/events.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Văn bản đến")
    OUTGOING = "outgoing", _("Văn bản đi")


class Status(models.TextChoices):
    # incoming
    REGISTERED = "registered", _("Đã vào sổ")
    PRESENTED = "presented", _("Đã trình lãnh đạo")
    DIRECTED = "directed", _("Đã có ý kiến chỉ đạo")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    COMPLETED = "completed", _("Đã hoàn thành")
    # outgoing
    DRAFTING = "drafting", _("Đang soạn thảo")
    CONTENT_REVIEW = "content_review", _("Chờ kiểm tra nội dung")
    FORMAT_REVIEW = "format_review", _("Chờ kiểm tra thể thức")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt, chờ ký")
    SIGNED = "signed", _("Đã ký")
    ISSUED = "issued", _("Đã ban hành")


class Urgency(models.TextChoices):
    NORMAL = "", _("Thường")
    URGENT = "khan", _("Khẩn")
    VERY_URGENT = "thuong_khan", _("Thượng khẩn")
    FLASH = "hoa_toc", _("Hỏa tốc")


class Confidentiality(models.TextChoices):
    NONE = "", _("Thường")
    SECRET = "mat", _("Mật")
    TOP_SECRET = "toi_mat", _("Tối mật")
    ABSOLUTE = "tuyet_mat", _("Tuyệt mật")


class AuthorityPrefix(models.TextChoices):
    NONE = "", _("Ký trực tiếp")
    TM = "TM.", _("TM. (thay mặt)")
    KT = "KT.", _("KT. (ký thay)")
    TL = "TL.", _("TL. (thừa lệnh)")
    TUQ = "TUQ.", _("TUQ. (thừa ủy quyền)")
    Q = "Q.", _("Q. (quyền)")


class Relation(models.TextChoices):
    NONE = "", _("Không")
    REVOKES = "revokes", _("Thu hồi")
    REPLACES = "replaces", _("Thay thế")
    CORRECTS = "corrects", _("Đính chính")


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã bị thu hồi")
    REPLACED = "replaced", _("Đã bị thay thế")
    CORRECTED = "corrected", _("Đã được đính chính")
    WITHDRAWN = "withdrawn", _("Đã được nơi gửi lấy lại")  # edXML status 13 accepted (15)


def _person(verbose_name):
    # People live in public: no constraint (tenants.services.references keeps the ids whole).
    return models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                             related_name="+", db_constraint=False, verbose_name=verbose_name)


class Document(models.Model):
    direction = models.CharField(_("văn bản đi/đến"), max_length=10, choices=Direction.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, db_index=True)
    # The type as it was in force when the document was registered (modules.doctypes keeps the versions).
    type_code = models.CharField(_("loại văn bản"), max_length=20)
    type_abbreviation = models.CharField(_("chữ viết tắt loại"), max_length=20, blank=True)
    type_name = models.CharField(_("tên loại"), max_length=200)
    # Number and symbol: "Số: 05/QĐ-UBND". Outgoing numbers come from a series; incoming ones are the issuer's.
    # No index of its own: documents_number_once leads with it.
    series = models.ForeignKey("documents.Series", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               db_index=False, verbose_name=_("sổ"))
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=100, blank=True)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=300, blank=True)
    issuer_code = models.CharField(_("mã cơ quan ban hành"), max_length=40, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    subject = models.TextField(_("trích yếu"))
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    authority_prefix = models.CharField(_("thẩm quyền ký"), max_length=5, choices=AuthorityPrefix.choices, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    page_count = models.PositiveSmallIntegerField(_("số trang"), null=True, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    urgency = models.CharField(_("độ khẩn"), max_length=12, choices=Urgency.choices, blank=True)
    confidentiality = models.CharField(_("độ mật"), max_length=10, choices=Confidentiality.choices, blank=True,
                                       db_index=True)
    is_copy = models.BooleanField(_("bản sao"), default=False)
    due_on = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    # Incoming: the unit's own consecutive number of the year and when it arrived.
    arrival_year = models.PositiveSmallIntegerField(_("năm đến"), null=True, blank=True)
    arrival_number = models.PositiveIntegerField(_("số đến"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("ngày đến"), null=True, blank=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("trùng số, ký hiệu với"))
    # Another unit of this installation that sent it, and the id there (one document per sending).
    source_unit_code = models.CharField(_("đơn vị gửi (mã)"), max_length=40, blank=True)
    source_document_id = models.BigIntegerField(_("mã văn bản tại đơn vị gửi"), null=True, blank=True)
    drafter = _person(_("người soạn thảo"))
    signing_authority = _person(_("người có thẩm quyền ký"))
    presented_to = _person(_("lãnh đạo được trình"))
    registered_by = _person(_("văn thư vào sổ"))
    related_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="related",
                                   verbose_name=_("văn bản liên quan"))
    relation = models.CharField(_("quan hệ với văn bản liên quan"), max_length=10, choices=Relation.choices,
                                blank=True)
    validity = models.CharField(_("hiệu lực"), max_length=10, choices=Validity.choices, default=Validity.IN_FORCE)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    # Set by the case-file module through services.reads.mark_filed.
    filed_in = models.CharField(_("thuộc hồ sơ (mã)"), max_length=100, blank=True)
    filed_at = models.DateTimeField(_("lập hồ sơ lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "number"], name="documents_number_once",
                                    condition=models.Q(direction="outgoing", number__isnull=False)),
            models.UniqueConstraint(fields=["arrival_year", "arrival_number"], name="documents_arrival_once",
                                    condition=models.Q(arrival_number__isnull=False)),
            models.UniqueConstraint(fields=["source_unit_code", "source_document_id"], name="documents_source_once",
                                    condition=models.Q(source_document_id__isnull=False)),
        ]
        indexes = [models.Index(fields=["direction", "status"]), models.Index(fields=["due_on"]),
                   models.Index(fields=["issued_on"]), models.Index(fields=["arrived_at"])]

    def __str__(self):
        return self.number_symbol or self.subject[:60]

    @property
    def number_text(self) -> str:
        """Zero-padded below 10 (Decree 30, Art. 15): 01 ... 09, 10, 11, ..."""
        return "" if self.number is None else f"{self.number:02d}"

    @property
    def number_symbol(self) -> str:
        if self.number is None:
            return self.symbol
        return f"{self.number_text}/{self.symbol}" if self.symbol else self.number_text
