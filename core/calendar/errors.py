"""Errors of the working-day clock. All are ValueErrors whose message is user-facing (Vietnamese, translatable)."""


class CalendarError(ValueError):
    """Base of every error raised by the working-day clock."""


class OutsideCalendarRange(CalendarError):
    """A computation left the years the calendar was built for; build it for a wider range."""


class DeadlineError(CalendarError):
    """An operation that the state of a deadline does not allow (resume when not paused, ...)."""


class ExtensionRefused(DeadlineError):
    """A second extension, or an extension that does not move the appointment later."""
