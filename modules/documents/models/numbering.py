"""Number series of a unit (Decree 30, Art. 15): one for the unit's documents by default, separate ones where the
decree asks (each legal normative type, secret documents, copies) and one for incoming documents. The counter row of
(series, year) is locked by the numbering transaction: numbers are gap-free and restart each 1 January."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.documents.models.document import Direction


class Series(models.Model):
    code = models.CharField(_("mã sổ"), max_length=40, unique=True)
    name = models.CharField(_("tên sổ"), max_length=200)
    direction = models.CharField(_("văn bản đi/đến"), max_length=10, choices=Direction.choices)
    # Which outgoing documents it numbers: those of these types (empty: any type), secret ones only, copies only.
    type_codes = models.JSONField(_("loại văn bản"), default=list, blank=True)
    confidential = models.BooleanField(_("văn bản mật"), default=False)
    copies = models.BooleanField(_("bản sao"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự ưu tiên"), default=100)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["direction", "position", "code"]
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")

    def __str__(self):
        return self.name


class SeriesCounter(models.Model):
    # No index of its own: documents_counter_series_year leads with it.
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="counters", db_index=False,
                               verbose_name=_("sổ"))
    year = models.PositiveSmallIntegerField(_("năm"))
    last = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="documents_counter_series_year")]
        verbose_name = _("số đã cấp trong năm")
        verbose_name_plural = _("số đã cấp trong năm")

    def __str__(self):
        return f"{self.series_id}/{self.year}: {self.last}"
