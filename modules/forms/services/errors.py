"""The forms module's refusals: one error type with its codes (core.errors.ServiceError)."""

from enum import StrEnum

from core.errors import ServiceError


class FormsCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_FIELD = "INVALID_FIELD"          # a dictionary entry that cannot be saved as given
    KEY_TAKEN = "KEY_TAKEN"
    BREAKING_CHANGE = "BREAKING_CHANGE"      # would change the meaning of a key used by a published form
    NO_PENDING_CHANGE = "NO_PENDING_CHANGE"
    INVALID_FORM = "INVALID_FORM"            # a form definition that cannot be saved or published as given
    FORM_FROZEN = "FORM_FROZEN"              # a published or retired form never changes
    INVALID_CODE_LIST = "INVALID_CODE_LIST"
    INVALID_FILE = "INVALID_FILE"            # a spreadsheet of fields that cannot be imported


class FormsError(ServiceError, ValueError):
    codes = FormsCode

    def __init__(self, code, message, field="", *, problems=None, **details):
        # problems: [(where, message)], every problem found, for a report per field or per row.
        super().__init__(code, message, field, problems=list(problems or []), **details)
        self.problems = self.details["problems"]
