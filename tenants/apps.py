from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Đơn vị")

    def ready(self):
        # Every Django process (web, `egov` commands, workers) loads the platform's Celery app, so tasks queued from
        # the admin or the API go to the configured broker, not to Celery's unconfigured default app.
        import core.celery_app  # noqa: F401
        from tenants import archive_readers
        from tenants.services.references import connect_receivers

        connect_receivers()  # a deleted person or permission: its rows in units are removed after commit
        archive_readers.connect_receivers()  # an ended unit stays readable by its successors' administrators
