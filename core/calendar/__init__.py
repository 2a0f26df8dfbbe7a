"""The working-day clock of one-stop administrative procedures.

A pure core (`working_calendar.WorkingCalendar`, `deadlines`, `status`) that knows nothing of the database, and a thin
service (`services.calendar_for`) that builds a unit's calendar from the public holidays, the calendar days entered as
data and the unit's office hours. See docs/calendar.md.
"""
