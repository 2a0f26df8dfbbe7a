from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "modules.documents"
    label = "documents"
    verbose_name = _("Quản lý văn bản và điều hành")

    def ready(self):
        from modules.documents import handlers  # noqa: F401  (registers the inter-unit message handlers)
