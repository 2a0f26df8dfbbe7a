"""The sandbox's adapter for the payments module: the same interface a real provider's adapter implements."""

import secrets
from collections.abc import Mapping
from urllib.parse import urlencode

from django.urls import reverse

from egov_paysandbox.signing import is_signed, signed, unit_secret
from modules.payments.services.gateways import FAILED, PAID, CallbackResult, MalformedCallback, PaymentRequest

GATEWAY_ID = "paysandbox"
CALLBACK_FIELDS = ("merchant", "provider_ref", "transaction_id", "amount", "status")


def order(unit, provider_ref: str, amount: int, description: str, return_url: str, secret: str) -> dict:
    """What the pay page is opened with: the payment's details, signed so the page can trust the amount."""
    return signed({"merchant": unit.code, "provider_ref": provider_ref, "amount": amount,
                   "description": " ".join(description.split())[:200], "return_url": return_url}, secret)


def callback_fields(order_fields: Mapping, status: str, secret: str) -> dict:
    """The signed report the provider sends once the payer paid (or gave up), one new transaction each time."""
    return signed({"merchant": order_fields["merchant"], "provider_ref": order_fields["provider_ref"],
                   "transaction_id": f"SBX-{secrets.token_hex(8)}", "amount": order_fields["amount"],
                   "status": status}, secret)


def read_callback(data: Mapping, merchant: str, secret: str) -> CallbackResult:
    """A callback's content, and whether it is signed with this unit's secret for this unit."""
    missing = [f for f in CALLBACK_FIELDS if not isinstance(data.get(f), str | int) or data.get(f) == ""]
    if missing:
        raise MalformedCallback(f"missing or ill-typed: {', '.join(missing)}")
    try:
        amount = int(data["amount"])
    except ValueError as exc:
        raise MalformedCallback("amount is not a whole number") from exc
    fields = {k: data[k] for k in (*CALLBACK_FIELDS, "signature") if k in data}
    ok = is_signed(fields, secret) and str(data["merchant"]) == merchant  # signed, and for this unit
    return CallbackResult(provider_ref=str(data["provider_ref"]), amount=amount, status=str(data["status"]),
                          signature_ok=ok, transaction_ref=str(data["transaction_id"]))


class SandboxGateway:
    """Built per unit by the payments module (`SandboxGateway(unit)`)."""

    def __init__(self, unit):
        self.unit = unit

    def create_payment(self, fee, return_url: str) -> PaymentRequest:
        provider_ref = f"SBX{secrets.token_hex(10).upper()}"
        description = f"{fee.dossier_code}: {fee.description}" if fee.description else fee.dossier_code
        fields = order(self.unit, provider_ref, fee.amount, description, return_url, unit_secret(self.unit))
        return PaymentRequest(redirect_url=f"{reverse('paysandbox:pay')}?{urlencode(fields)}", provider_ref=provider_ref)

    def verify_callback(self, request_data: Mapping, headers: Mapping) -> CallbackResult:
        return read_callback(request_data, self.unit.code, unit_secret(self.unit))


__all__ = ["FAILED", "GATEWAY_ID", "PAID", "SandboxGateway", "callback_fields", "order", "read_callback"]
