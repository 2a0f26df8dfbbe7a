class LookupRefused(Exception):
    """A refused look-up or rating: `code` is NOT_FOUND, RATE_LIMITED, NOT_RETURNED, ALREADY_RATED or INVALID_SCORE."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
