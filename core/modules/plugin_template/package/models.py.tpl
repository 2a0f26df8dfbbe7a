"""The plug-in's tables, in each unit's schema (manifest shared=False): a unit sees only its own rows.

Other code never imports this module: it calls ${package}.services."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Note(models.Model):
    text = models.CharField(_("nội dung"), max_length=500)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ghi chú")
        verbose_name_plural = _("ghi chú")

    def __str__(self):
        return self.text[:50]
