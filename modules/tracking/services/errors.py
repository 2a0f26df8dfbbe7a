"""Refusals of the look-up and rating services."""

from enum import StrEnum

from core.errors import ServiceError


class TrackingCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    RATE_LIMITED = "RATE_LIMITED"
    CONFIRMATION_REQUIRED = "CONFIRMATION_REQUIRED"
    NOT_RETURNED = "NOT_RETURNED"
    ALREADY_RATED = "ALREADY_RATED"
    INVALID_SCORE = "INVALID_SCORE"


class LookupRefused(ServiceError):
    """A refused look-up or rating: `code` is a TrackingCode."""

    codes = TrackingCode
