from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "core.accounts"
    label = "accounts"
    verbose_name = _("Người dùng và vai trò")

    def ready(self):
        from core.accounts.receivers import give_new_unit_roles_and_invitation
        from tenants.signals import unit_provisioned

        unit_provisioned.connect(give_new_unit_roles_and_invitation, dispatch_uid="accounts.unit_provisioned")
        import core.accounts.signin  # noqa: F401 - its receivers count failed sign-ins
