"""The one error type services raise for a caller's mistake, and the one JSON answer views give for it.

Each module names its codes in an enum and subclasses ServiceError:

    class Code(StrEnum):
        NOT_FOUND = "NOT_FOUND"
        RATE_LIMITED = "RATE_LIMITED"

    class LookupRefused(ServiceError):
        codes = Code

    raise LookupRefused(Code.NOT_FOUND, _("Không tìm thấy hồ sơ."), field="code", status=404)

The GraphQL mutation base turns it into the payload's `errors` (code, message, field); a view answers it with
`error_response(exc)`: `{"error": {"code": ..., "message": ...}}` and the error's HTTP status.
"""

from enum import StrEnum

from django.http import JsonResponse


class ServiceError(Exception):
    """A refused operation: `code` (a member of the module's code enum, compared as a plain string), a message for
    people, the input field it is about ("" for the whole request), the HTTP status a view answers with, and
    details the message names."""

    codes: type[StrEnum] | None = None
    status = 400

    def __init__(self, code: str, message, field: str = "", *, status: int | None = None, **details):
        super().__init__(str(message))
        if self.codes is not None and not isinstance(code, self.codes):
            code = self.codes(code)  # ValueError for a code the module does not declare
        self.code, self.message, self.field, self.details = code, str(message), field, details
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return self.message


def error_response(code_or_error: str | ServiceError, message: str = "", status: int = 400,
                   **extra) -> JsonResponse:
    """The JSON error every view answers: `error_response(exc)` for a ServiceError, or
    `error_response("FORBIDDEN", _("..."), 403)`. `extra` adds fields beside code and message."""
    if isinstance(code_or_error, ServiceError):
        error = code_or_error
        code_or_error, message, status = error.code, error.message, error.status
        if error.field:
            extra.setdefault("field", error.field)
    body = {"code": str(code_or_error), "message": str(message), **extra}
    return JsonResponse({"error": body}, status=status)
