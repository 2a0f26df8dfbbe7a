"""Form definitions per procedure version (public schema): dictionary fields by reference, in sections.

A published or retired form never changes: the service refuses, and a trigger (migration 0002) refuses in the
database too; the only change a published form takes is being retired."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FormStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", pgettext_lazy("form status", "Đã ban hành")  # "issued" for a document
    RETIRED = "retired", _("Ngừng sử dụng")


class FormDefinition(models.Model):
    procedure_code = models.CharField(_("mã thủ tục"), max_length=40)
    version_label = models.CharField(_("phiên bản"), max_length=60)
    title_vi = models.CharField(_("tên biểu mẫu (tiếng Việt)"), max_length=500)
    title_en = models.CharField(_("tên biểu mẫu (tiếng Anh)"), max_length=500, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=FormStatus.choices, default=FormStatus.DRAFT)
    # The compiled artefact (JSON Schema + JSON-logic + messages), written once at publishing.
    artefact = models.JSONField(_("bản biên dịch"), null=True, blank=True)
    artefact_hash = models.CharField(_("mã băm bản biên dịch"), max_length=64, blank=True)
    # Whose draft it is: the schema of the unit whose administrators drafted it, empty for the platform (the ICT
    # department). Only they change or publish it (services.builder.check_may_change); once published it is shared.
    drafted_in = models.CharField(_("đơn vị soạn"), max_length=63, blank=True, default="")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    published_at = models.DateTimeField(pgettext_lazy("form publication", "ban hành lúc"), null=True, blank=True)
    retired_at = models.DateTimeField(_("ngừng lúc"), null=True, blank=True)

    class Meta:
        ordering = ["procedure_code", "version_label"]
        constraints = [models.UniqueConstraint(fields=["procedure_code", "version_label"],
                                               name="forms_form_procedure_version")]
        verbose_name = _("biểu mẫu")
        verbose_name_plural = _("biểu mẫu")

    def __str__(self):
        return f"{self.procedure_code} {self.version_label}"


class FormSection(models.Model):
    form = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="sections",
                             verbose_name=_("biểu mẫu"))
    key = models.SlugField(_("mã phần"), max_length=80)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title_vi = models.CharField(_("tiêu đề (tiếng Việt)"), max_length=255)
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=255, blank=True)
    visible_if = models.JSONField(_("hiện khi (JSON-logic)"), null=True, blank=True)
    # A repeatable section is a group: its data is a list under `key` (household members), min/max items.
    repeatable = models.BooleanField(_("lặp lại"), default=False)
    min_items = models.PositiveSmallIntegerField(_("tối thiểu"), null=True, blank=True)
    max_items = models.PositiveSmallIntegerField(_("tối đa"), null=True, blank=True)

    class Meta:
        ordering = ["form", "position"]
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="forms_section_key")]
        verbose_name = _("phần của biểu mẫu")
        verbose_name_plural = _("phần của biểu mẫu")

    def __str__(self):
        return self.key


class FormField(models.Model):
    form = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="fields",
                             verbose_name=_("biểu mẫu"))
    section = models.ForeignKey(FormSection, on_delete=models.CASCADE, related_name="fields",
                                verbose_name=_("phần"))
    field = models.ForeignKey("forms.DataField", on_delete=models.PROTECT, related_name="uses",
                              verbose_name=_("trường dữ liệu"))
    # The dictionary version used: pinned when the form is published; while a draft, the version in force.
    field_version = models.ForeignKey("forms.FieldVersion", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="uses", verbose_name=_("phiên bản trường"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label_vi = models.CharField(_("nhãn riêng (tiếng Việt)"), max_length=255, blank=True)
    label_en = models.CharField(_("nhãn riêng (tiếng Anh)"), max_length=255, blank=True)
    # Only narrower than the dictionary: {"required": true, "minimum", "maximum", "min_length", "max_length",
    # "min_date", "max_date", "choices": [a subset]}.
    overrides = models.JSONField(_("ràng buộc riêng"), default=dict, blank=True)
    visible_if = models.JSONField(_("hiện khi (JSON-logic)"), null=True, blank=True)
    computed = models.JSONField(_("giá trị tính (JSON-logic)"), null=True, blank=True)
    # Where the value goes on the paper form, for the filled PDF: {"page": 1, "x": 30, "y": 62, "width": 120} (mm).
    paper = models.JSONField(_("vị trí trên mẫu giấy"), null=True, blank=True)

    class Meta:
        ordering = ["form", "section__position", "position"]
        constraints = [models.UniqueConstraint(fields=["section", "field"], name="forms_field_once_per_section")]
        verbose_name = _("trường của biểu mẫu")
        verbose_name_plural = _("trường của biểu mẫu")

    def __str__(self):
        return f"{self.form_id}:{self.field_id}"


class FormRule(models.Model):
    """A rule across fields: JSON-logic true when the data is acceptable; otherwise `code` on `target` (a field key
    of the form, in `section` when the rule runs for each item of a repeatable section)."""

    form = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="rules",
                             verbose_name=_("biểu mẫu"))
    key = models.SlugField(_("mã quy tắc"), max_length=80)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    section = models.ForeignKey(FormSection, null=True, blank=True, on_delete=models.CASCADE, related_name="rules",
                                verbose_name=_("phần lặp lại"))
    logic = models.JSONField(_("điều kiện đúng (JSON-logic)"))
    target = models.CharField(_("trường báo lỗi"), max_length=80)
    message_vi = models.CharField(_("thông báo (tiếng Việt)"), max_length=500)
    message_en = models.CharField(_("thông báo (tiếng Anh)"), max_length=500, blank=True)

    class Meta:
        ordering = ["form", "position"]
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="forms_rule_key")]
        verbose_name = _("quy tắc của biểu mẫu")
        verbose_name_plural = _("quy tắc của biểu mẫu")

    def __str__(self):
        return self.key
