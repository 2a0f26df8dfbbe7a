"""What the payments module does when other modules' hooks are sent in a unit where it is enabled."""

from modules.payments.services.fees import record_fees


def on_dossier_received(unit, *, dossier_code: str, channel: str) -> None:
    """A new dossier: record the fee its procedure version states for its channel (once, however often called).

    A dossier transferred in from another unit is not charged here: the unit that received it collects the fee.
    """
    if channel != "transfer":
        record_fees(dossier_code)
