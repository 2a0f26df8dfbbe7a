"""Errors the API answers, each with a stable `extensions.code` callers can branch on."""

import logging

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import GraphQLError

log = logging.getLogger("core.api")

# Request-level codes (HTTP 400, nothing executed)
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_REQUEST = "BAD_REQUEST"
BAD_USER_INPUT = "BAD_USER_INPUT"
QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
BATCH_TOO_LARGE = "BATCH_TOO_LARGE"
BATCH_REJECTED = "BATCH_REJECTED"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
PAGE_TOO_LARGE = "PAGE_TOO_LARGE"
TOO_MANY_SELECTIONS = "TOO_MANY_SELECTIONS"
REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
TOO_MANY_REPEATS = "TOO_MANY_REPEATS"
TOO_MANY_FRAGMENTS = "TOO_MANY_FRAGMENTS"
VALIDATION_TIME_LIMIT = "VALIDATION_TIME_LIMIT"
FIELD_ONCE_PER_REQUEST = "FIELD_ONCE_PER_REQUEST"
# Multipart requests (core.api.multipart): refused before anything runs
BAD_MULTIPART = "BAD_MULTIPART"
TOO_MANY_FILES = "TOO_MANY_FILES"
FILE_TOO_LARGE = "FILE_TOO_LARGE"
RATE_LIMITED = "RATE_LIMITED"
# Field-level codes
UNAUTHENTICATED = "UNAUTHENTICATED"
PERMISSION_DENIED = "PERMISSION_DENIED"
MODULE_NOT_ENABLED = "MODULE_NOT_ENABLED"
INVALID_ARGUMENT = "INVALID_ARGUMENT"
INVALID_CURSOR = "INVALID_CURSOR"
NOT_FOUND = "NOT_FOUND"
TIME_LIMIT_EXCEEDED = "TIME_LIMIT_EXCEEDED"
INTERNAL_ERROR = "INTERNAL_ERROR"


class ApiError(GraphQLError):
    """A GraphQL error with a code: `raise ApiError(NOT_FOUND, _("..."))` in a resolver."""

    def __init__(self, code: str, message: str, nodes=None, **extensions):
        super().__init__(str(message), nodes=nodes, extensions={"code": code, **extensions})
        self.code = code


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """The same error with `extensions.code` set, when it has none yet."""
    if (error.extensions or {}).get("code"):
        return error
    return GraphQLError(error.message, error.nodes, error.source, error.positions, error.path, error.original_error,
                        {**(error.extensions or {}), "code": code})


def is_query_canceled(exc: BaseException | None) -> bool:
    while exc is not None:
        if type(exc).__name__ == "QueryCanceled":
            return True
        exc = exc.__cause__
    return False


def format_error(error: Exception) -> dict:
    """The JSON of one error. Unexpected exceptions are logged and answered without their internals."""
    if not isinstance(error, GraphQLError):
        return {"message": str(error), "extensions": {"code": BAD_REQUEST}}
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        formatted = error.formatted
        formatted.setdefault("extensions", {}).setdefault("code", GRAPHQL_VALIDATION_FAILED)
        return formatted
    if is_query_canceled(original):
        formatted = error.formatted
        formatted["message"] = _("Truy vấn chạy quá thời gian cho phép.")
        formatted["extensions"] = {"code": TIME_LIMIT_EXCEEDED}
        return formatted
    log.error("GraphQL resolver failed at %s", error.path, exc_info=original)
    formatted = error.formatted
    formatted["message"] = str(original) if settings.DEBUG else _("Lỗi máy chủ; lỗi đã được ghi lại.")
    formatted["extensions"] = {"code": INTERNAL_ERROR}
    return formatted
