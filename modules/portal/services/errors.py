"""Refusals of the portal's services: a code from PortalCode, a message for people, the field concerned."""

from enum import StrEnum

from core.errors import ServiceError


class PortalCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    RATE_LIMITED = "RATE_LIMITED"
    TOO_MANY_FILES = "TOO_MANY_FILES"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_TYPE_REFUSED = "FILE_TYPE_REFUSED"
    FILE_INFECTED = "FILE_INFECTED"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"


class PortalError(ServiceError):
    """A refused portal request: `code` is a PortalCode."""

    codes = PortalCode
