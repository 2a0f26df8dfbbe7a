from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktasksConfig(AppConfig):
    name = "modules.worktasks"
    label = "worktasks"
    verbose_name = _("Điều hành công việc")
