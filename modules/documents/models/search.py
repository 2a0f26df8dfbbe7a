"""What search reads, kept apart from the documents and their originals: the text extracted from an attachment
(once per stored file) and each document's weighted search vector (core.search), rewritten in the transaction of
every change, so a document is findable the moment the change commits."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class BlobText(models.Model):
    blob = models.OneToOneField("documents.Blob", primary_key=True, on_delete=models.CASCADE, related_name="text",
                                verbose_name=_("tệp gốc"))
    text = models.TextField(_("nội dung trích xuất"), blank=True)
    extracted_at = models.DateTimeField(_("trích xuất lúc"))

    class Meta:
        verbose_name = _("nội dung trích xuất của tệp")
        verbose_name_plural = _("nội dung trích xuất của tệp")

    def __str__(self):
        return self.blob_id


class DocumentSearchIndex(models.Model):
    document = models.OneToOneField("documents.Document", primary_key=True, on_delete=models.CASCADE,
                                    related_name="search_index", verbose_name=_("văn bản"))
    vector = SearchVectorField(_("chỉ mục tìm kiếm"))

    class Meta:
        indexes = [GinIndex(fields=["vector"], name="documents_search_vector")]
        verbose_name = _("chỉ mục tìm kiếm văn bản")
        verbose_name_plural = _("chỉ mục tìm kiếm văn bản")

    def __str__(self):
        return str(self.document_id)
