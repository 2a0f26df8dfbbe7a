"""Errors of the printing services: a code from PrintingCode and a message for people."""

from enum import StrEnum

from core.errors import ServiceError


class PrintingCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    UNKNOWN_FORM = "UNKNOWN_FORM"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    INVALID_PERIOD = "INVALID_PERIOD"
    PRINTING_UNAVAILABLE = "PRINTING_UNAVAILABLE"


class PrintingError(ServiceError, ValueError):
    codes = PrintingCode


NOT_FOUND = PrintingCode.NOT_FOUND
UNKNOWN_FORM = PrintingCode.UNKNOWN_FORM
NOT_APPLICABLE = PrintingCode.NOT_APPLICABLE
INVALID_PERIOD = PrintingCode.INVALID_PERIOD
