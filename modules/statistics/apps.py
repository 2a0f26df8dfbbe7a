from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "modules.statistics"
    label = "statistics"
    verbose_name = _("Thống kê, báo cáo tình hình giải quyết hồ sơ")
    default_auto_field = "django.db.models.BigAutoField"
