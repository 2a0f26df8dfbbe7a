"""Ratings given by citizens, in the unit's schema: one per dossier."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.Model):
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    score = models.PositiveSmallIntegerField(_("mức hài lòng"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("góp ý"), blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá hài lòng")
        verbose_name_plural = _("đánh giá hài lòng")
