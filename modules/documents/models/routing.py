"""Routing of a document: the leader's directive (bút phê) and its assignments, reports back, distribution of an
issued document, and who may see it (Access: one row per person and reason, so lists filter in one query)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.documents.models.document import _person


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    SUPPORT = "support", _("Phối hợp")
    INFO = "info", _("Để biết")


class Directive(models.Model):
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="directives",
                                 verbose_name=_("văn bản"))
    leader = _person(_("lãnh đạo"))
    text = models.TextField(_("ý kiến chỉ đạo"))
    at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["document", "at", "id"]
        verbose_name = _("ý kiến chỉ đạo")
        verbose_name_plural = _("ý kiến chỉ đạo")

    def __str__(self):
        return self.text[:60]


class Assignment(models.Model):
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="assignments",
                                 verbose_name=_("văn bản"))
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="assignments",
                                  verbose_name=_("ý kiến chỉ đạo"))
    role = models.CharField(_("vai trò"), max_length=10, choices=AssignmentRole.choices)
    person = _person(_("cá nhân"))
    department = models.CharField(_("phòng, ban"), max_length=200, blank=True)
    days = models.PositiveSmallIntegerField(_("số ngày làm việc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True, db_index=True)
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)

    class Meta:
        ordering = ["document", "id"]
        verbose_name = _("phân công xử lý")
        verbose_name_plural = _("phân công xử lý")

    def __str__(self):
        return f"{self.get_role_display()}: {self.department or self.person_id}"


class Report(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports",
                                   verbose_name=_("phân công"))
    author = _person(_("người báo cáo"))
    body = models.TextField(_("nội dung báo cáo"))
    final = models.BooleanField(_("báo cáo hoàn thành"), default=False)
    at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["assignment", "at", "id"]
        verbose_name = _("báo cáo xử lý")
        verbose_name_plural = _("báo cáo xử lý")

    def __str__(self):
        return self.body[:60]


class Distribution(models.Model):
    """One recipient of an issued document: a unit of this installation (delivered as a message, appears there as
    incoming) or an outside one (recorded; sent by the exchange of the inter-agency issue)."""

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="distributions",
                                 verbose_name=_("văn bản"))
    recipient_unit_code = models.CharField(_("đơn vị nhận (mã)"), max_length=40, blank=True)
    recipient_name = models.CharField(_("nơi nhận"), max_length=300)
    internal = models.BooleanField(_("trong hệ thống"), default=False)
    message_id = models.UUIDField(_("mã thông điệp"), null=True, blank=True)
    at = models.DateTimeField(_("gửi lúc"))
    # Why the message never reached the unit (refused, or undelivered after the last retry); empty otherwise.
    failure = models.TextField(_("lỗi gửi"), blank=True)
    # Outside the installation: the agency's code (Decision 20/2020/QĐ-TTg), sent through the document axis.
    organ_id = models.CharField(_("mã định danh nơi nhận"), max_length=40, blank=True)
    # The recipient's latest edXML status (QCVN 102:2016 Amendment 1:2022: 01 arrived ... 06 done, 13/15/16).
    status_code = models.CharField(_("trạng thái ở nơi nhận"), max_length=2, blank=True)
    status_at = models.DateTimeField(_("trạng thái lúc"), null=True, blank=True)
    status_note = models.TextField(_("ghi chú trạng thái"), blank=True)

    class Meta:
        ordering = ["document", "id"]
        verbose_name = _("nơi nhận văn bản")
        verbose_name_plural = _("nơi nhận văn bản")

    def __str__(self):
        return self.recipient_name


class Access(models.Model):
    """A person may see a document because of its routing (drafter, reviewer, leader, assignee, ...)."""

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="access",
                                 verbose_name=_("văn bản"))
    # No index of its own: documents_access_once leads with it.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                               db_index=False, verbose_name=_("người"))
    reason = models.CharField(_("lý do"), max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "document", "reason"], name="documents_access_once")]
        verbose_name = _("quyền xem văn bản")
        verbose_name_plural = _("quyền xem văn bản")

    def __str__(self):
        return f"{self.person_id}: {self.reason}"
