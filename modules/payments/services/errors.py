"""Errors of the payment services: a code from PaymentCode, a message for people, the field, an HTTP status."""

from enum import StrEnum

from core.errors import ServiceError


class PaymentCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    DOSSIER_CLOSED = "DOSSIER_CLOSED"
    NOTHING_DUE = "NOTHING_DUE"
    GATEWAY_NOT_CONFIGURED = "GATEWAY_NOT_CONFIGURED"
    GATEWAY_UNAVAILABLE = "GATEWAY_UNAVAILABLE"
    UNKNOWN_GATEWAY = "UNKNOWN_GATEWAY"
    MALFORMED_CALLBACK = "MALFORMED_CALLBACK"
    BAD_SIGNATURE = "BAD_SIGNATURE"
    UNKNOWN_PAYMENT = "UNKNOWN_PAYMENT"
    AMOUNT_MISMATCH = "AMOUNT_MISMATCH"
    DUPLICATE_TRANSACTION = "DUPLICATE_TRANSACTION"


class PaymentError(ServiceError, ValueError):
    codes = PaymentCode
