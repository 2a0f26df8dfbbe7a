from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectPermsConfig(AppConfig):
    name = "core.objectperms"
    label = "objectperms"
    verbose_name = _("Quyền trên từng đối tượng")

    def ready(self):
        from core.objectperms.services import connect_receivers

        connect_receivers()
