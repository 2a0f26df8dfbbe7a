"""Reminders of an incoming document's deadline (Decree 30/2020 Art. 24: following up and urging the handling of
incoming documents): one row per document, deadline and kind, written by the daily task in the unit, then e-mailed
through the notices' carrier where the unit has one (queued_at says when). The row is the outbox: a run again the
same day adds nothing and only retries what was not queued."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


class Reminder(models.Model):
    # No index of its own: documents_reminder_once leads with it.
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="reminders",
                                 db_index=False, verbose_name=_("văn bản"))
    kind = models.CharField(_("loại nhắc"), max_length=10, choices=ReminderKind.choices)
    due_on = models.DateField(_("hạn giải quyết"))
    person_ids = models.JSONField(_("người được nhắc"), default=list, blank=True)
    recipients = models.JSONField(_("địa chỉ thư điện tử"), default=list, blank=True)
    created_at = models.DateTimeField(_("nhắc lúc"))
    queued_at = models.DateTimeField(_("đã chuyển gửi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["document", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "due_on", "kind"], name="documents_reminder_once")]
        verbose_name = _("nhắc hạn văn bản đến")
        verbose_name_plural = _("nhắc hạn văn bản đến")

    def __str__(self):
        return f"{self.document_id} {self.kind} {self.due_on}"
