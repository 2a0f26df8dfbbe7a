from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "egov_notify"
    label = "egov_notify"  # the package name: django-tenants' admin index knows an app by its last path part
    verbose_name = _("Thông báo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from egov_notify import conf

        conf.document()  # its variables appear in `egov config`
