"""Errors of the signature services: a code from SignaturesCode, a message for people, the field concerned."""

from enum import StrEnum

from core.errors import ServiceError


class SignaturesCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    NOT_ALLOWED = "NOT_ALLOWED"
    NOT_A_PDF = "NOT_A_PDF"
    KEY_UNAVAILABLE = "KEY_UNAVAILABLE"
    TSA_UNAVAILABLE = "TSA_UNAVAILABLE"
    NOT_CONFIGURED = "NOT_CONFIGURED"
    SIGNING_FAILED = "SIGNING_FAILED"


class SignaturesError(ServiceError, ValueError):
    codes = SignaturesCode
