"""Callbacks from payment gateways: verified, applied once, safe to replay.

A callback is read and checked by the gateway's adapter (signature), then matched with the payment it names and its
amount. Anything that does not check out changes nothing and raises PaymentError with a 4xx status. A verified
callback is recorded once per provider transaction (PaymentEvent): the same callback sent again finds its record
and changes nothing. A payment that settles a dossier's last due fee resumes the dossier if it was waiting for
payment, in the same transaction.

A unit ended in an administrative reorganisation still takes its gateways' callbacks (the provider knows only the
address it was given when the payment started): the signature is checked there, with that unit's gateway settings,
and the callback is then applied in the unit that holds the dossier now (its fees and payments moved with it,
modules/payments/reorganisation.py), once, as if it had arrived there.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.onestop.services import reads
from modules.onestop.services.actions import perform
from modules.onestop.services.reorganisation import KIND as MOVED_DOSSIER
from modules.payments.models import Fee, FeeStatus, Payment, PaymentEvent, PaymentStatus
from modules.payments.services.checkout import gateway_for
from modules.payments.services.errors import PaymentError
from modules.payments.services.gateways import FAILED, PAID, CallbackResult, MalformedCallback
from tenants.services import entered
from tenants.services.forwarding import follow
from tenants.services.units_over_time import is_ended

log = logging.getLogger(__name__)

# What a recorded callback did
APPLIED = "applied"            # the payment is paid and so is its fee
FAILED_RECORDED = "failed"     # the provider reports the payment failed; the fee stays due
ALREADY_PAID = "already_paid"  # money for a fee paid otherwise (another attempt): recorded, to be refunded
IGNORED = "ignored"            # a late failure report for a payment already settled
REPLAYED = "replayed"          # this transaction was recorded before: nothing changed


@dataclass(frozen=True)
class Outcome:
    outcome: str
    payment: Payment


def _refuse(code: str, message: str, status: int, gateway_id: str, detail: str = "") -> PaymentError:
    log.warning("payment callback refused in %s (%s): %s %s", connection.schema_name, gateway_id, code, detail)
    return PaymentError(code, message, status=status)


def _duplicate(gateway_id: str, transaction_ref: str) -> PaymentError:
    return _refuse("DUPLICATE_TRANSACTION", _("Giao dịch này đã được ghi nhận cho một thanh toán khác."), 409,
                   gateway_id, transaction_ref)


def _verified(gateway_id: str, data, headers) -> CallbackResult:
    gateway = gateway_for(connection.tenant, gateway_id)
    if gateway is None:
        raise _refuse("UNKNOWN_GATEWAY", _("Đơn vị không dùng cổng thanh toán này."), 404, gateway_id)
    try:
        result = gateway.verify_callback(data, headers)
    except MalformedCallback as exc:
        raise _refuse("MALFORMED_CALLBACK", _("Dữ liệu báo kết quả thanh toán không đọc được."), 400, gateway_id,
                      str(exc)) from exc
    if not result.signature_ok:
        raise _refuse("BAD_SIGNATURE", _("Chữ ký của báo kết quả thanh toán không hợp lệ."), 403, gateway_id)
    if result.status not in (PAID, FAILED):
        raise _refuse("MALFORMED_CALLBACK", _("Dữ liệu báo kết quả thanh toán không đọc được."), 400, gateway_id,
                      f"status {result.status!r}")
    return result


def _settle(payment: Payment, at) -> str:
    fee = Fee.objects.select_for_update().get(pk=payment.fee_id)
    payment.status, payment.completed_at = PaymentStatus.PAID, at
    payment.save(update_fields=["status", "completed_at"])
    if fee.status != FeeStatus.DUE:
        return ALREADY_PAID
    fee.status, fee.paid_at, fee.payment_reference = FeeStatus.PAID, at, f"{payment.gateway}:{payment.provider_ref}"
    fee.save(update_fields=["status", "paid_at", "payment_reference"])
    still_due = Fee.objects.filter(dossier_code=fee.dossier_code, status=FeeStatus.DUE).exists()
    waiting = reads.dossier_status(fee.dossier_code) == reads.Status.WAITING_PAYMENT
    if waiting and not still_due:
        perform(fee.dossier_code, "paid", actor=None, at=at, data={"payment": fee.payment_reference})
    return APPLIED


def _apply(payment: Payment, result: CallbackResult) -> str:
    if result.status == PAID:
        return ALREADY_PAID if payment.status == PaymentStatus.PAID else _settle(payment, timezone.now())
    if payment.status != PaymentStatus.PENDING:
        return IGNORED
    payment.status, payment.completed_at = PaymentStatus.FAILED, timezone.now()
    payment.save(update_fields=["status", "completed_at"])
    return FAILED_RECORDED


def handle_callback(gateway_id: str, data, headers) -> Outcome:
    """Verify and apply one callback in the current unit. Raises PaymentError (UNKNOWN_GATEWAY 404,
    MALFORMED_CALLBACK 400, BAD_SIGNATURE 403, UNKNOWN_PAYMENT 404, AMOUNT_MISMATCH 400, DUPLICATE_TRANSACTION 409)
    changing nothing."""
    result = _verified(gateway_id, data, headers)  # here, where the provider sent it: this unit's gateway settings
    holder = _holder(gateway_id, result.provider_ref)
    if holder is not None:
        log.info("payment callback for %s forwarded from ended unit %s to %s", result.provider_ref,
                 connection.tenant.code, holder.code)
        with entered(holder):
            return _record(gateway_id, result, data)
    return _record(gateway_id, result, data)


def _holder(gateway_id: str, provider_ref: str):
    """The unit holding the payment's dossier now, when this unit ended in a reorganisation and the dossier moved
    (followed through later reorganisations); None: the callback is this unit's own."""
    unit = connection.tenant
    if not is_ended(unit):
        return None
    code = (Payment.objects.filter(gateway=gateway_id, provider_ref=provider_ref)
            .values_list("fee__dossier_code", flat=True).first())
    holder = follow(MOVED_DOSSIER, code, unit) if code else unit
    return None if holder.pk == unit.pk else holder


def _record(gateway_id: str, result: CallbackResult, data) -> Outcome:
    """Match the verified callback with its payment in the current unit and apply it once."""
    transaction_ref = result.transaction_ref or f"{result.provider_ref}:{result.status}"
    with transaction.atomic():
        payment = (Payment.objects.select_for_update()
                   .filter(gateway=gateway_id, provider_ref=result.provider_ref).first())
        if payment is None:
            raise _refuse("UNKNOWN_PAYMENT", _("Không có giao dịch thanh toán này."), 404, gateway_id,
                          result.provider_ref)
        if result.amount != payment.amount:
            raise _refuse("AMOUNT_MISMATCH", _("Số tiền báo về không khớp với số tiền của giao dịch."), 400,
                          gateway_id, f"{result.amount} != {payment.amount}")
        seen = PaymentEvent.objects.filter(gateway=gateway_id, transaction_ref=transaction_ref).first()
        if seen is not None and seen.payment_id == payment.pk:
            return Outcome(REPLAYED, payment)
        if seen is not None:
            raise _duplicate(gateway_id, transaction_ref)
        outcome = _apply(payment, result)
        try:
            with transaction.atomic():
                PaymentEvent.objects.create(payment=payment, gateway=gateway_id, transaction_ref=transaction_ref,
                                            status=result.status, amount=result.amount, outcome=outcome,
                                            data=_jsonable(data))
        except IntegrityError:  # the same transaction, recorded meanwhile for another payment of this gateway
            raise _duplicate(gateway_id, transaction_ref) from None
    return Outcome(outcome, payment)


def _jsonable(data) -> dict:
    return {str(k): v if isinstance(v, str | int | float | bool | None) else str(v) for k, v in dict(data).items()}
