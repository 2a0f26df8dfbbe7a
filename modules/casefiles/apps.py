from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefilesConfig(AppConfig):
    name = "modules.casefiles"
    label = "casefiles"
    verbose_name = _("Hồ sơ công việc và lưu trữ")
