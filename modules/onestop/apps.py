from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "modules.onestop"
    label = "onestop"
    verbose_name = _("Một cửa điện tử liên thông")

    def ready(self):
        from modules.onestop import handlers  # noqa: F401  (registers the inter-unit message handlers)
