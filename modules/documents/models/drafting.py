"""Drafts of an outgoing document: numbered versions and the comments of reviewers on them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.documents.models.document import _person


class DraftVersion(models.Model):
    # No index of its own: documents_version_once leads with it.
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="versions",
                                 db_index=False, verbose_name=_("văn bản"))
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    blob = models.ForeignKey("documents.Blob", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("tệp dự thảo"))
    note = models.TextField(_("ghi chú"), blank=True)
    author = _person(_("người soạn"))
    at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="documents_version_once")]
        verbose_name = _("dự thảo")
        verbose_name_plural = _("dự thảo")

    def __str__(self):
        return f"v{self.number}"


class DraftComment(models.Model):
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="comments",
                                verbose_name=_("dự thảo"))
    author = _person(_("người góp ý"))
    body = models.TextField(_("nội dung"))
    at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["version", "at", "id"]
        verbose_name = _("góp ý dự thảo")
        verbose_name_plural = _("góp ý dự thảo")

    def __str__(self):
        return self.body[:60]
