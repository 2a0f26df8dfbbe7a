"""Errors of the working-day clock: ServiceErrors (core.errors) whose message is user-facing (Vietnamese,
translatable) and whose code says which kind of refusal it is. They are also ValueErrors, as they always were."""

from enum import StrEnum

from core.errors import ServiceError


class CalendarCode(StrEnum):
    INVALID_CALENDAR = "INVALID_CALENDAR"
    OUTSIDE_CALENDAR_RANGE = "OUTSIDE_CALENDAR_RANGE"
    DEADLINE_REFUSED = "DEADLINE_REFUSED"
    EXTENSION_REFUSED = "EXTENSION_REFUSED"


class CalendarError(ServiceError, ValueError):
    """Base of every error raised by the working-day clock: `raise DeadlineError(_("..."))`."""

    codes = CalendarCode
    code_of_class = CalendarCode.INVALID_CALENDAR

    def __init__(self, message, code: str | None = None, field: str = "", **details):
        super().__init__(code or self.code_of_class, message, field, **details)


class OutsideCalendarRange(CalendarError):
    """A computation left the years the calendar was built for; build it for a wider range."""

    code_of_class = CalendarCode.OUTSIDE_CALENDAR_RANGE


class DeadlineError(CalendarError):
    """An operation that the state of a deadline does not allow (resume when not paused, ...)."""

    code_of_class = CalendarCode.DEADLINE_REFUSED


class ExtensionRefused(DeadlineError):
    """A second extension, or an extension that does not move the appointment later."""

    code_of_class = CalendarCode.EXTENSION_REFUSED
