"""Properties of the working calendar over 2025-2028 with Vietnam's holidays, on random instants."""

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.calendar.office_hours import AppointmentRule, OfficeHours
from core.calendar.public_holidays import public_holidays, swapped_working_days
from core.calendar.status import DeadlineStatus, classify
from core.calendar.working_calendar import VN_TZ, WorkingCalendar

CAL = WorkingCalendar(2025, 2028, holidays=public_holidays(2025, 2028), working_days=swapped_working_days(2025, 2028))
END_OF_DAY = WorkingCalendar(2025, 2028, holidays=public_holidays(2025, 2028),
                             working_days=swapped_working_days(2025, 2028),
                             office_hours=OfficeHours(appointment_rule=AppointmentRule.END_OF_DAY))

instants = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(VN_TZ))
days = st.integers(min_value=0, max_value=120)
minutes = st.integers(min_value=0, max_value=60 * 7 * 60)

checked = settings(max_examples=300, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])


def in_office(cal: WorkingCalendar, t: datetime) -> bool:
    """On a working day, inside an office period or at its end."""
    local = t.astimezone(VN_TZ)
    return cal.is_working_day(local.date()) and any(s <= local.time() <= e for s, e in cal.office_hours.periods)


@checked
@given(instants, st.integers(min_value=1, max_value=120))
def test_add_working_days_lands_in_office_hours_of_a_working_day(start, n):
    assert in_office(CAL, CAL.add_working_days(start, n))


@checked
@given(instants, days, days)
def test_add_working_days_is_monotonic_in_n(start, a, b):
    if a < b:
        assert CAL.add_working_days(start, a) < CAL.add_working_days(start, b)


@checked
@given(instants, days, days)
def test_adding_days_in_two_steps_is_adding_them_at_once(start, a, b):
    assert CAL.add_working_days(CAL.add_working_days(start, a), b) == CAL.add_working_days(start, a + b)


@checked
@given(instants, minutes)
def test_working_time_between_undoes_add_working_hours(start, m):
    end = CAL.add_working_hours(start, timedelta(minutes=m))
    assert CAL.working_time_between(start, end) == timedelta(minutes=m)
    assert end >= start or m == 0


@checked
@given(instants, st.integers(min_value=1, max_value=60))
def test_n_working_days_hold_n_day_lengths_of_office_time(start, n):
    assert CAL.working_time_between(start, CAL.add_working_days(start, n)) == n * CAL.day_length


@checked
@given(instants, days)
def test_an_appointment_is_after_receipt_in_office_hours(received, n):
    start = CAL.counting_start(received)
    assert start >= received and in_office(CAL, start)
    for cal in (CAL, END_OF_DAY):
        due = cal.appointment(received, days=n)
        assert due >= start and in_office(cal, due)
    assert END_OF_DAY.appointment(received, days=n) >= CAL.appointment(received, days=n)


@checked
@given(instants, instants)
def test_finishing_by_the_due_time_is_never_late(due, done):
    status = classify(due, completed_at=done)
    assert (status == DeadlineStatus.LATE) == (done > due)
    assert status != DeadlineStatus.EARLY or done.date() < due.date()
