from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "modules.procedures"
    label = "procedures"
    verbose_name = _("Quy trình giải quyết thủ tục")
