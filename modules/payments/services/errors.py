"""Errors of the payment services: a stable code, a message for people, the field concerned, an HTTP status."""


class PaymentError(ValueError):
    def __init__(self, code: str, message: str, field: str = "", status: int = 400):
        super().__init__(message)
        self.code, self.field, self.status = code, field, status
