from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "egov_notify"
    label = "egov_notify"  # the package name: django-tenants' admin index knows an app by its last path part
    verbose_name = _("Thông báo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from egov_notify import conf

        conf.document()  # its variables appear in `egov config`
        if apps.is_installed("modules.notices"):  # dossier notices go out through this plug-in
            from egov_notify.notices import NotifyCarrier
            from modules.notices.services import register_carrier

            register_carrier(NotifyCarrier())
