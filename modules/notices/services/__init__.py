"""The notices API: what other code calls (the receivers, the admin, the GraphQL field, other modules)."""

from modules.notices.services.dispatch import PendingNotices, send_event
from modules.notices.services.status import Notice, notices_for
from modules.notices.services.templates import SMS_MAX_LENGTH, VARIABLES, render, template_for, validate_template

__all__ = ["PendingNotices", "send_event", "Notice", "notices_for", "SMS_MAX_LENGTH", "VARIABLES", "render",
           "template_for", "validate_template"]
