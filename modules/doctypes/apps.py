from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoctypesConfig(AppConfig):
    name = "modules.doctypes"
    label = "doctypes"
    verbose_name = _("Danh mục loại văn bản")
