from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "modules.catalogue"
    label = "catalogue"
    verbose_name = _("Danh mục thủ tục hành chính")
