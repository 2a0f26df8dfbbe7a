"""Document types as versioned data: a type's abbreviation or name may change by a new decree, so each row holds one
version with its effective dates, and a document keeps the abbreviation it was numbered with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TypeKind(models.TextChoices):
    DOCUMENT = "document", _("Văn bản hành chính")
    NORMATIVE = "normative", _("Văn bản quy phạm pháp luật")
    COPY = "copy", _("Bản sao")


class DocumentType(models.Model):
    code = models.CharField(_("mã loại"), max_length=20)  # stable id ("QD"), ASCII
    abbreviation = models.CharField(_("chữ viết tắt"), max_length=20, blank=True)  # "QĐ"; none for the công văn
    name = models.CharField(_("tên loại văn bản"), max_length=200)
    kind = models.CharField(_("nhóm"), max_length=20, choices=TypeKind.choices, default=TypeKind.DOCUMENT)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)  # the first day it no longer applies
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)  # the text that defines it

    class Meta:
        ordering = ["position", "code", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="doctypes_code_from")]
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self):
        return f"{self.abbreviation or '-'} {self.name}"
