"""The payment-gateway extension point: what a gateway adapter does, and the registry plug-ins add theirs to.

A plug-in registers its adapter once the apps are ready, in its AppConfig:

    class MyPayConfig(AppConfig):
        def ready(self):
            from modules.payments.services.gateways import register_gateway
            from egov_mypay.gateway import MyPayGateway

            register_gateway("mypay", MyPayGateway, module_id="mypay")

A unit uses it when it enabled that module and chose the gateway (setting `gateway` of the payments module).
The adapter is built per unit, `factory(unit)`, so it may read the unit's own merchant settings. Its callbacks
arrive at `callback_path(gateway_id)` in the unit (/m/payments/callback/<gateway id>/).

It sits in the services package, the payments module's only public surface: plug-ins import it from here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

PAID = "paid"
FAILED = "failed"


@dataclass(frozen=True)
class PaymentRequest:
    """Where to send the payer, and the provider's reference of this payment (unique per gateway)."""

    redirect_url: str
    provider_ref: str


@dataclass(frozen=True)
class CallbackResult:
    """What a callback says, once read by the adapter. `status` is PAID or FAILED.

    `transaction_ref` is the provider's reference of this notification's transaction: the same callback sent
    again carries the same one, and is then recognised and ignored. Empty: (provider_ref, status) is used.
    """

    provider_ref: str
    amount: int
    status: str
    signature_ok: bool
    transaction_ref: str = ""


class MalformedCallback(ValueError):
    """The callback cannot be read at all (missing or ill-typed fields): answered 400."""


class GatewayError(Exception):
    """The provider could not be reached or refused to create the payment."""


@runtime_checkable
class Gateway(Protocol):
    def create_payment(self, fee, return_url: str) -> PaymentRequest:
        """Ask the provider for a payment of `fee.amount` VND (fee: modules.payments.models.Fee)."""
        ...

    def verify_callback(self, request_data: Mapping[str, Any], headers: Mapping[str, str]) -> CallbackResult:
        """Read a callback: request_data is the decoded body (JSON or form), headers the HTTP headers.

        Never trust anything unsigned: set signature_ok=False when the provider's signature does not match.
        Raise MalformedCallback when the data cannot be read.
        """
        ...


@dataclass(frozen=True)
class Registration:
    gateway_id: str
    factory: Callable[[Any], Gateway]
    module_id: str  # the module a unit must have enabled to use this gateway


_REGISTRY: dict[str, Registration] = {}


def register_gateway(gateway_id: str, factory: Callable[[Any], Gateway], *, module_id: str) -> None:
    """Make a gateway available (call it from AppConfig.ready()). Registering the same factory again is a no-op."""
    known = _REGISTRY.get(gateway_id)
    if known is not None and (known.factory, known.module_id) != (factory, module_id):
        raise ValueError(f"payment gateway {gateway_id!r} is already registered by module {known.module_id!r}")
    _REGISTRY[gateway_id] = Registration(gateway_id, factory, module_id)


def registered() -> dict[str, Registration]:
    return dict(_REGISTRY)


def registration(gateway_id: str) -> Registration | None:
    return _REGISTRY.get(gateway_id)


def callback_path(gateway_id: str) -> str:
    """The path, in the unit, where the provider sends this gateway's callbacks."""
    from django.urls import reverse

    return reverse("payments:callback", kwargs={"gateway_id": gateway_id})
