"""Hooks this module receives (only in units where it is enabled)."""

from django.utils import timezone

from modules.signatures.services.document_signing import check_received


def on_document_changed(unit, *, document_id: int, event_id: int, action: str) -> None:
    """A document has just been registered here, sent by another unit of the installation or uploaded by the clerk:
    its PDFs are verified (Decree 30/2020 Art. 21), in the registration's transaction; a failing file is flagged,
    never refused."""
    if action in ("receive", "register"):
        check_received(document_id, timezone.now())
