"""The carrier extension point: what takes a notice and delivers it (the notify plug-in registers one).

Notices never reaches into a carrier's models or channels. A carrier plug-in registers its adapter once the apps
are ready, in its AppConfig, as payment gateways do (modules.payments.services.gateways):

    class NotifyConfig(AppConfig):
        def ready(self):
            from modules.notices.services import register_carrier
            from egov_notify.notices import NotifyCarrier

            register_carrier(NotifyCarrier())

One carrier serves the installation; a unit uses it where it enabled the carrier's module (`module_id`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Delivery:
    """How far a queued message got: status is "pending", "sent" or "failed"."""

    status: str
    attempts: int
    error: str
    sent_at: datetime | None


@runtime_checkable
class Carrier(Protocol):
    module_id: str  # the module a unit must have enabled to send through this carrier

    def normalise(self, channel: str, recipient: str) -> str:
        """The recipient as the carrier stores it on `channel` ("email", "sms", "console"); ValueError if none."""
        ...

    def queue(self, unit, channel: str, recipient: str, subject: str, body: str, *, reference: str) -> int:
        """Queue one message in the unit and return its id; the same (reference, channel, recipient) queued again
        returns the first one's id. Raises ValueError for a malformed recipient, ModuleError where it is off."""
        ...

    def deliveries(self, unit, message_ids: Iterable[int]) -> dict[int, Delivery]:
        """The delivery of each of these messages of the unit that exists, by id (one query)."""
        ...


_CARRIER: list[Carrier] = []


def register_carrier(carrier: Carrier) -> None:
    """Make `carrier` the installation's carrier of notices (the last one registered wins)."""
    if not isinstance(carrier, Carrier):
        raise TypeError(f"{carrier!r} does not implement modules.notices.services.Carrier")
    _CARRIER[:] = [carrier]


def carrier() -> Carrier | None:
    """The registered carrier, or None when no carrier plug-in is loaded in this installation."""
    return _CARRIER[0] if _CARRIER else None
