"""A refused envelope: the element concerned and a message for people (Vietnamese, English through i18n)."""


class EdxmlError(ValueError):
    def __init__(self, element: str, message: str):
        super().__init__(message)
        self.element = element
