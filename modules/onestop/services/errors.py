"""Errors of the one-stop services: a code from OnestopCode, a message for people, the field concerned."""

from enum import StrEnum

from core.errors import ServiceError


class OnestopCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    INVALID_DATA = "INVALID_DATA"
    DATA_TOO_LARGE = "DATA_TOO_LARGE"
    RATE_LIMITED = "RATE_LIMITED"
    INVALID_EMAIL = "INVALID_EMAIL"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_CHANNEL = "INVALID_CHANNEL"
    CHANNEL_NOT_OFFERED = "CHANNEL_NOT_OFFERED"
    PROCEDURE_NOT_HANDLED = "PROCEDURE_NOT_HANDLED"
    ALREADY_HELD = "ALREADY_HELD"
    ITEMS_REQUIRED = "ITEMS_REQUIRED"
    DEADLINE_REFUSED = "DEADLINE_REFUSED"
    SUPPLEMENT_ALREADY_REQUESTED = "SUPPLEMENT_ALREADY_REQUESTED"
    NO_NEXT_STEP = "NO_NEXT_STEP"
    NO_HANDOVER = "NO_HANDOVER"
    UNKNOWN_UNIT = "UNKNOWN_UNIT"
    RECEIVER_NOT_ENABLED = "RECEIVER_NOT_ENABLED"
    RECEIVER_NOT_HANDLING = "RECEIVER_NOT_HANDLING"
    # refused transitions (modules.onestop.services.transitions.TransitionError)
    UNKNOWN_ACTION = "UNKNOWN_ACTION"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    FORBIDDEN_ROLE = "FORBIDDEN_ROLE"
    REASON_REQUIRED = "REASON_REQUIRED"
    INVALID_STOP_REASON = "INVALID_STOP_REASON"
    # digitisation at receipt and data instead of paper (services/digitisation.py, services/data_sources.py)
    SCAN_REQUIRED = "SCAN_REQUIRED"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_REFUSED = "FILE_TYPE_REFUSED"
    UNKNOWN_DATABASE = "UNKNOWN_DATABASE"
    NO_RESULT = "NO_RESULT"
    NOT_LOOKED_UP = "NOT_LOOKED_UP"          # no component of that name taken from a database (data_sources.reject)
    DOSSIER_CLOSED = "DOSSIER_CLOSED"        # the dossier has ended: its components are as they were
    # administrative reorganisation (modules.onestop.services.reorganisation)
    FORBIDDEN = "FORBIDDEN"
    NOT_A_PREDECESSOR = "NOT_A_PREDECESSOR"
    ALREADY_MOVED = "ALREADY_MOVED"
    CANNOT_CARRY = "CANNOT_CARRY"


class OnestopError(ServiceError, ValueError):
    codes = OnestopCode
