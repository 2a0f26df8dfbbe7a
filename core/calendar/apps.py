from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "core.calendar"
    label = "calendar_core"
    verbose_name = _("Lịch làm việc")

    def ready(self):
        from core.calendar import signals  # noqa: F401 - connects the cache invalidation receivers
