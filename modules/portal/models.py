"""The portal's rows in the unit's schema: files a citizen attached (the original bytes, never modified), the explicit
drafts of online forms and which form version each online form was submitted on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmittedFile(models.Model):
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, db_index=True)
    name = models.CharField(_("tên tệp"), max_length=255)  # as the citizen named it, cleaned
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)  # sniffed from the bytes
    size = models.PositiveIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    content = models.BinaryField(_("nội dung"))
    created_at = models.DateTimeField(_("nộp lúc"))

    class Meta:
        ordering = ["dossier_code", "id"]
        verbose_name = _("tệp nộp trực tuyến")
        verbose_name_plural = _("tệp nộp trực tuyến")

    def __str__(self):
        return self.name


class FormDraft(models.Model):
    """A signed-in citizen's explicit draft of a procedure's online form: the one place data may be half-valid. One
    per citizen and procedure; `form_id` is the published form version it was filled on (modules.forms)."""

    # No constraint into public (tenants.services.references): a deleted person's drafts are removed by the repair.
    # No index of its own: portal_one_draft leads with it.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False,
                              related_name="+", db_index=False, verbose_name=_("người khai"))
    procedure_code = models.CharField(_("mã thủ tục"), max_length=40)
    form_id = models.PositiveIntegerField(_("phiên bản biểu mẫu"))
    data = models.JSONField(_("dữ liệu đang khai"), default=dict)
    saved_at = models.DateTimeField(_("lưu lúc"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "procedure_code"], name="portal_one_draft")]
        verbose_name = _("bản nháp biểu mẫu")
        verbose_name_plural = _("bản nháp biểu mẫu")

    def __str__(self):
        return f"{self.procedure_code} ({self.owner_id})"


class FormSubmission(models.Model):
    """An online form submitted into a dossier: which published form version it was filled on and who submitted it
    (signed in; none when anonymous). The data itself, keyed by dictionary keys, is the dossier's (data.form_values)."""

    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    # No index of its own: portal_own_submissions leads with it.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                              db_constraint=False, related_name="+", db_index=False,
                              verbose_name=_("người nộp (đã đăng nhập)"))
    procedure_code = models.CharField(_("mã thủ tục"), max_length=40, db_index=True)
    form_id = models.PositiveIntegerField(_("phiên bản biểu mẫu"))
    submitted_at = models.DateTimeField(_("nộp lúc"))

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["owner", "-submitted_at"], name="portal_own_submissions")]
        verbose_name = _("biểu mẫu đã nộp")
        verbose_name_plural = _("biểu mẫu đã nộp")

    def __str__(self):
        return self.dossier_code
