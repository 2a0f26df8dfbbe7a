from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "core.modules"
    label = "modules_core"
    verbose_name = _("Mô-đun và trình cắm")

    def ready(self):
        from core.modules import reorganisation  # noqa: F401  (declares the core's reorganisation hooks)
        from core.modules.registry import check_runtime

        check_runtime()
