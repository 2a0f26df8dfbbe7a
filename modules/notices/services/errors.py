"""Errors of the notices services: a code from NoticesCode, a message for people, the field concerned."""

from enum import StrEnum

from core.errors import ServiceError


class NoticesCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    WRONG_CODE = "WRONG_CODE"
    CODE_EXPIRED = "CODE_EXPIRED"
    EXPIRED = "EXPIRED"
    RATE_LIMITED = "RATE_LIMITED"


class NoticesError(ServiceError, ValueError):
    codes = NoticesCode
