"""The notices API: what other code calls (the receivers, the tasks, the admin, the GraphQL field, other modules),
and the carrier extension point a delivery plug-in registers with."""

from modules.notices.services.carriers import Carrier, Delivery, carrier, register_carrier
from modules.notices.services.confirmation import confirm as confirm_contact
from modules.notices.services.confirmation import expire as expire_confirmations
from modules.notices.services.confirmation import resend as resend_contact_code
from modules.notices.services.confirmation import state_of as contact_confirmation
from modules.notices.services.dispatch import deliver_outbox, deliver_pending, record_event, send_event
from modules.notices.services.errors import NoticesCode, NoticesError
from modules.notices.services.staff_emails import queue_staff_emails
from modules.notices.services.status import Notice, notices_for
from modules.notices.services.templates import SMS_MAX_LENGTH, VARIABLES, render, template_for, validate_template

__all__ = ["Carrier", "Delivery", "Notice", "NoticesCode", "NoticesError", "SMS_MAX_LENGTH", "VARIABLES", "carrier",
           "confirm_contact", "contact_confirmation", "deliver_outbox", "deliver_pending", "expire_confirmations",
           "notices_for", "queue_staff_emails", "record_event", "register_carrier", "render", "resend_contact_code",
           "send_event",
           "template_for", "validate_template"]
