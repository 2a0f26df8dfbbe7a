"""Errors of the case-file services: a code from CasefilesCode, a message for people, the field concerned."""

from enum import StrEnum

from core.errors import ServiceError


class CasefilesCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    INVALID_DATA = "INVALID_DATA"
    CODE_TAKEN = "CODE_TAKEN"
    DOCUMENT_NOT_FOUND = "DOCUMENT_NOT_FOUND"
    ALREADY_FILED = "ALREADY_FILED"
    NOT_IN_FILE = "NOT_IN_FILE"
    EMPTY_FILE = "EMPTY_FILE"
    FILE_CLOSED = "FILE_CLOSED"
    FILE_TRANSFERRED = "FILE_TRANSFERRED"
    NOT_CLOSED = "NOT_CLOSED"
    NOT_A_MEMBER = "NOT_A_MEMBER"


class CasefilesError(ServiceError, ValueError):
    codes = CasefilesCode


def check_length(value: str, limit: int, field: str) -> None:
    """INVALID_DATA before the database would refuse a text too long for its column."""
    from django.utils.translation import gettext as _

    if len(value) > limit:
        raise CasefilesError(CasefilesCode.INVALID_DATA, _("Tối đa %(n)s ký tự.") % {"n": limit}, field=field)
