from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "modules.signatures"
    label = "signatures"
    verbose_name = _("Chữ ký số")

    def ready(self):
        # Read once at start so that `egov config` lists the signature settings with their help.
        from modules.signatures.services import settings, timestamps

        for read in (settings.keys_dir, settings.dev_passphrase, settings.remote_service, settings.trust_roots_dir,
                     settings.fetch_revocation, settings.pkcs11_library, settings.pkcs11_pin, timestamps.tsa_url, timestamps.dev_tsa):
            read()
