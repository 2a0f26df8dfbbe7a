from django.apps import AppConfig, apps
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
        # Documents' signing step signs digitally where this module is enabled (it checks per unit, per call).
        if apps.is_installed("modules.documents"):
            from modules.documents.services import use_signer
            from modules.signatures.services.document_signing import DigitalSigner

            use_signer(DigitalSigner())
