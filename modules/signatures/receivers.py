"""Hooks this module receives (only in units where it is enabled)."""

from django.utils import timezone

from modules.signatures.services.document_signing import check_received


def on_document_changed(unit, *, document_id: int, event_id: int, action: str) -> None:
    """A document another unit of the installation sent has just been registered here: its PDFs are verified
    (Decree 30/2020 Art. 21), in the arrival's transaction; a failing file is flagged, never refused."""
    if action == "receive":
        check_received(document_id, timezone.now())
