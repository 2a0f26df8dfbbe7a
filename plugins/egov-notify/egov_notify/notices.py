"""The notify plug-in as the carrier of dossier notices (modules.notices.services.Carrier), registered in apps.py."""

from egov_notify.channels import normalise_recipient
from egov_notify.models import Message
from egov_notify.services import MODULE_ID, send_notification
from modules.notices.services import Delivery
from tenants.services import entered


class NotifyCarrier:
    module_id = MODULE_ID

    def normalise(self, channel: str, recipient: str) -> str:
        return normalise_recipient(channel, recipient)

    def queue(self, unit, channel: str, recipient: str, subject: str, body: str, *, reference: str) -> int:
        return send_notification(unit, channel, recipient, subject, body, reference=reference).pk

    def deliveries(self, unit, message_ids) -> dict[int, Delivery]:
        ids = [pk for pk in message_ids if pk]
        if not ids:
            return {}
        with entered(unit):
            rows = Message.objects.filter(pk__in=ids).values_list("pk", "status", "attempts", "last_error", "sent_at")
            return {pk: Delivery(str(status), attempts, error, sent_at) for pk, status, attempts, error, sent_at in rows}
