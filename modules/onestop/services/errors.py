"""Errors of the one-stop services: a machine-readable code, a message for people, the field concerned."""


class OnestopError(ValueError):
    def __init__(self, code: str, message: str, field: str = ""):
        super().__init__(message)
        self.code, self.field = code, field
