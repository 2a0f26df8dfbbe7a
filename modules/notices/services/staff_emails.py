"""E-mails to staff that another module records as rows of its own (a document's deadline reminder, a case file's
transfer notice): each row not yet queued is e-mailed to its recipients through the carrier, then marked queued.

The rows need `recipients` (a list of addresses) and `queued_at`; a row that cannot be queued is logged and tried
again on the next run."""

import logging
from collections.abc import Callable

from django.utils import timezone

from modules.notices.services.carriers import carrier

log = logging.getLogger(__name__)


def queue_staff_emails(unit, pending, message: Callable[[object], tuple[str, str]],
                       reference: Callable[[object], str]) -> int:
    """Queue the e-mails of the `pending` rows (a queryset); `message(row)` -> (subject, body). Returns how many rows
    were queued; 0 where the installation has no carrier or the unit has not enabled it."""
    from core.modules.errors import ModuleError
    from core.modules.services import is_enabled

    sender = carrier()
    if sender is None or not is_enabled(unit, sender.module_id):
        return 0
    queued = 0
    for row in pending:
        subject, body = message(row)
        try:
            for address in row.recipients:
                sender.queue(unit, "email", address, subject, body, reference=reference(row))
        except (ModuleError, ValueError) as exc:
            log.warning("%s not queued: %s", reference(row), exc)
            continue
        type(row).objects.filter(pk=row.pk).update(queued_at=timezone.now())
        queued += 1
    return queued
