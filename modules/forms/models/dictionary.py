"""The data-field dictionary (public schema): a field's key never changes meaning; its content lives in versions.

A version is `draft` while it is being edited (a pending change) and `published` once in force; published versions
never change, and a form pins the version it was published with."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FieldType(models.TextChoices):
    TEXT = "text", _("Văn bản ngắn")
    LONG_TEXT = "long_text", _("Văn bản dài")
    NUMBER = "number", _("Số")
    MONEY = "money", _("Số tiền (đồng)")
    DATE = "date", pgettext_lazy("field type", "Ngày")  # a date, not a day
    BOOLEAN = "boolean", _("Có/không")
    CHOICE = "choice", _("Chọn từ danh mục")
    CCCD = "cccd", _("Số định danh cá nhân (CCCD)")
    TAX_CODE = "tax_code", _("Mã số thuế")
    PHONE = "phone", _("Số điện thoại")
    EMAIL = "email", _("Thư điện tử")
    ADDRESS = "address", _("Địa chỉ")
    FILE = "file", pgettext_lazy("field type", "Tệp đính kèm")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Chờ ban hành")
    PUBLISHED = "published", _("Đang dùng")


class DataField(models.Model):
    key = models.SlugField(_("mã trường"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("trường dữ liệu")
        verbose_name_plural = _("từ điển trường dữ liệu")

    def __str__(self):
        return self.key


class FieldVersion(models.Model):
    field = models.ForeignKey(DataField, on_delete=models.PROTECT, related_name="versions",
                              verbose_name=_("trường dữ liệu"))
    number = models.PositiveIntegerField(_("số phiên bản"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=VersionStatus.choices,
                              default=VersionStatus.DRAFT)
    type = models.CharField(_("kiểu dữ liệu"), max_length=12, choices=FieldType.choices)
    label_vi = models.CharField(_("nhãn (tiếng Việt)"), max_length=255)
    label_en = models.CharField(_("nhãn (tiếng Anh)"), max_length=255, blank=True)
    help_vi = models.TextField(_("hướng dẫn (tiếng Việt)"), blank=True)
    help_en = models.TextField(_("hướng dẫn (tiếng Anh)"), blank=True)
    # {"required": bool, "min_length", "max_length", "pattern", "minimum", "maximum", "min_date", "max_date",
    #  "choices": [codes] (a subset of the list), "shape": "vn-2025"|"vn-2023", "accept": [types], "max_size_mb"}
    validation = models.JSONField(_("ràng buộc"), default=dict, blank=True)
    code_list = models.ForeignKey("forms.CodeList", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("danh mục"))
    personal_data = models.BooleanField(_("dữ liệu cá nhân"), default=False)
    prefill = models.CharField(_("ý nghĩa điền sẵn"), max_length=60, blank=True)
    note = models.CharField(_("lý do thay đổi"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    published_at = models.DateTimeField(pgettext_lazy("form publication", "ban hành lúc"), null=True, blank=True)

    class Meta:
        ordering = ["field", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["field", "number"], name="forms_field_version_number"),
            # One pending change at a time per field.
            models.UniqueConstraint(fields=["field"], condition=models.Q(status="draft"),
                                    name="forms_field_one_draft"),
        ]
        verbose_name = _("phiên bản trường dữ liệu")
        verbose_name_plural = _("phiên bản trường dữ liệu")

    def __str__(self):
        return f"{self.field.key} v{self.number}"
