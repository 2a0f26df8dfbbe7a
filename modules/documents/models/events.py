"""Every change of a document: who, when, what. Written by services/events.py only; never updated or deleted."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.documents.models.document import _person


class DocumentEvent(models.Model):
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="events",
                                 verbose_name=_("văn bản"))
    action = models.CharField(_("thao tác"), max_length=40)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, blank=True)
    actor = _person(_("người thực hiện"))
    data = models.JSONField(_("dữ liệu kèm theo"), default=dict, blank=True)
    at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["document", "at", "id"]
        verbose_name = _("lịch sử văn bản")
        verbose_name_plural = _("lịch sử văn bản")

    def __str__(self):
        return f"{self.action}: {self.from_status or '-'} → {self.to_status or '-'}"
