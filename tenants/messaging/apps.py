from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "tenants.messaging"
    label = "messaging"
    verbose_name = _("Liên thông giữa các đơn vị")
