from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaySandboxConfig(AppConfig):
    name = "egov_paysandbox"
    label = "egov_paysandbox"  # the package name: django-tenants' admin index knows an app by its last path part
    verbose_name = _("Cổng thanh toán thử nghiệm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        if settings.PRODUCTION:
            # Anyone can "pay" on the sandbox's page: it must never take a real fee.
            raise ImproperlyConfigured("The sandbox payment gateway (paysandbox) does not run with EGOV_PRODUCTION=1: "
                                       "remove it from EGOV_PLUGINS and use a real provider's gateway.")
        from egov_paysandbox.gateway import GATEWAY_ID, SandboxGateway
        from modules.payments.services.gateways import register_gateway

        register_gateway(GATEWAY_ID, SandboxGateway, module_id="paysandbox")
