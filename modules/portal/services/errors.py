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
    INVALID_FORM = "INVALID_FORM"            # an online form's data refused: `problems` lists each field's message
    INVALID_DATA = "INVALID_DATA"
    SIGN_IN_REQUIRED = "SIGN_IN_REQUIRED"    # drafts and prefill are a signed-in citizen's
    SIGN_IN_REFUSED = "SIGN_IN_REFUSED"


class PortalError(ServiceError):
    """A refused portal request: `code` is a PortalCode."""

    codes = PortalCode
