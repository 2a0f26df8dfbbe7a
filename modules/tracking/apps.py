from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "modules.tracking"
    label = "tracking"
    verbose_name = _("Tra cứu hồ sơ và đánh giá hài lòng")
