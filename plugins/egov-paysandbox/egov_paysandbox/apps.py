from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaySandboxConfig(AppConfig):
    name = "egov_paysandbox"
    label = "egov_paysandbox"  # the package name: django-tenants' admin index knows an app by its last path part
    verbose_name = _("Cổng thanh toán thử nghiệm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from egov_paysandbox.gateway import GATEWAY_ID, SandboxGateway
        from modules.payments.services.gateways import register_gateway

        register_gateway(GATEWAY_ID, SandboxGateway, module_id="paysandbox")
