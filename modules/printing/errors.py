"""Errors of the printing services: a machine-readable code and a message for people."""


class PrintingError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


NOT_FOUND = "NOT_FOUND"
UNKNOWN_FORM = "UNKNOWN_FORM"
NOT_APPLICABLE = "NOT_APPLICABLE"
INVALID_PERIOD = "INVALID_PERIOD"
