"""Errors of the work-task services: a code from WorktasksCode, a message for people, the field concerned."""

from enum import StrEnum

from core.errors import ServiceError


class WorktasksCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    INVALID_DATA = "INVALID_DATA"
    DOCUMENT_NOT_FOUND = "DOCUMENT_NOT_FOUND"
    NOT_A_MEMBER = "NOT_A_MEMBER"
    NOT_INVOLVED = "NOT_INVOLVED"
    TASK_CLOSED = "TASK_CLOSED"


class WorktasksError(ServiceError, ValueError):
    codes = WorktasksCode
