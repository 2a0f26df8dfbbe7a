"""The pure working calendar: weekends, public holidays, Tết, swapped days, office hours, when counting starts (no
general 15:00 cut-off: Decree 118/2025/NĐ-CP; a procedure's own cut-off is passed in)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from core.calendar.errors import CalendarError, OutsideCalendarRange
from core.calendar.office_hours import AppointmentRule, OfficeHours, parse_periods, parse_weekdays
from core.calendar.public_holidays import public_holidays, swapped_working_days
from core.calendar.working_calendar import VN_TZ, WorkingCalendar


def vn(y, m, d, hh=0, mm=0, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=VN_TZ)


def vietnam(first=2025, last=2028, **hours) -> WorkingCalendar:
    return WorkingCalendar(first, last, holidays=public_holidays(first, last),
                           working_days=swapped_working_days(first, last), office_hours=OfficeHours(**hours))


CAL = vietnam()


def test_the_package_covers_the_public_holidays_of_2025_to_2027():
    days = public_holidays(2025, 2027)
    for day in [date(2025, 1, 1), date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1), date(2025, 9, 1),
                date(2025, 9, 2),
                date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 20), date(2026, 4, 27), date(2026, 4, 30),
                date(2026, 5, 1), date(2026, 9, 1), date(2026, 9, 2), date(2026, 11, 24),
                date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 10), date(2027, 4, 16), date(2027, 5, 3),
                date(2027, 9, 2), date(2027, 9, 3)]:
        assert day in days, day
    assert days[date(2026, 2, 17)] == "Tết Nguyên Đán"  # Vietnamese names
    assert "Hùng Vương" in days[date(2026, 4, 26)]
    # The Government's swaps the package knows: 2/5/2025 off for Saturday 26/4, 31/8/2026 off for Saturday 22/8.
    assert {date(2025, 4, 26), date(2026, 8, 22)} <= swapped_working_days(2025, 2027)
    assert date(2025, 5, 2) in days and date(2026, 8, 31) in days


def test_weekends_are_skipped():
    friday = vn(2026, 11, 13, 9)
    assert CAL.add_working_days(friday, 1) == vn(2026, 11, 16, 9)
    assert CAL.add_working_days(friday, 5) == vn(2026, 11, 20, 9)
    assert not CAL.is_working_day(date(2026, 11, 14)) and not CAL.is_working_day(date(2026, 11, 15))
    assert CAL.next_working_day(date(2026, 11, 13)) == date(2026, 11, 16)


def test_tet_2026_is_monday_16_to_friday_20_february():
    assert [d.day for d in CAL.working_days(date(2026, 2, 9), date(2026, 2, 27))] == [9, 10, 11, 12, 13, 23, 24, 25, 26, 27]
    assert CAL.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert CAL.add_working_days(vn(2026, 2, 13, 10), 1) == vn(2026, 2, 23, 10)
    assert CAL.add_working_days(vn(2026, 2, 13, 10), 3) == vn(2026, 2, 25, 10)


def test_tet_2027_is_thursday_4_to_wednesday_10_february():
    # Mùng 1 Tết Đinh Mùi is Saturday 6/2/2027: the 5 days of Tết (5-9/2) are off, the two on the weekend are moved
    # to Thursday 4/2 and Wednesday 10/2.
    assert [d.day for d in CAL.working_days(date(2027, 2, 1), date(2027, 2, 12))] == [1, 2, 3, 11, 12]
    assert CAL.add_working_days(vn(2027, 2, 3, 9), 1) == vn(2027, 2, 11, 9)
    assert CAL.add_working_days(vn(2027, 2, 3, 9), 2) == vn(2027, 2, 12, 9)


def test_hung_kings_30_4_and_1_5_of_2026():
    # Giỗ Tổ on Sunday 26/4 is taken on Monday 27/4; Thursday 30/4 and Friday 1/5 are off.
    assert [d.day for d in CAL.working_days(date(2026, 4, 27), date(2026, 5, 4))] == [28, 29, 4]
    assert CAL.add_working_days(vn(2026, 4, 24, 10), 3) == vn(2026, 5, 4, 10)


def test_national_day_with_its_extra_day_and_the_swapped_saturday_of_2026():
    assert CAL.is_working_day(date(2026, 8, 22))  # Saturday worked in exchange for Monday 31/8
    assert not any(CAL.is_working_day(date(2026, m, d)) for m, d in [(8, 31), (9, 1), (9, 2)])
    assert CAL.add_working_days(vn(2026, 8, 21, 10), 1) == vn(2026, 8, 22, 10)
    assert CAL.add_working_days(vn(2026, 8, 28, 10), 1) == vn(2026, 9, 3, 10)
    assert not CAL.is_working_day(date(2027, 9, 3))  # 2027: 2/9 is a Thursday, the extra day the Friday


def test_vietnamese_culture_day_from_2026():
    assert CAL.is_working_day(date(2025, 11, 24))
    assert not CAL.is_working_day(date(2026, 11, 24))
    assert CAL.add_working_days(vn(2026, 11, 23, 10), 1) == vn(2026, 11, 25, 10)


def test_swapped_days_given_as_data():
    # A weekday off compensated by a Saturday worked.
    cal = WorkingCalendar(2026, 2026, holidays={date(2026, 12, 31): "Hoán đổi"}, working_days=[date(2026, 12, 19)])
    assert cal.is_working_day(date(2026, 12, 19)) and not cal.is_working_day(date(2026, 12, 31))
    assert cal.add_working_days(vn(2026, 12, 18, 9), 1) == vn(2026, 12, 19, 9)
    with pytest.raises(OutsideCalendarRange):  # the next working day is in 2027, outside the calendar
        cal.add_working_days(vn(2026, 12, 30, 9), 1)
    # working_days wins over holidays on the same date
    assert WorkingCalendar(2026, 2026, holidays=[date(2026, 6, 1)], working_days=[date(2026, 6, 1)]).is_working_day(
        date(2026, 6, 1))


def test_working_hours_skip_the_lunch_break_nights_and_weekends():
    monday = vn(2026, 11, 16, 10)
    assert CAL.add_working_hours(monday, 4) == vn(2026, 11, 16, 16)
    assert CAL.add_working_hours(monday, Decimal("0.5")) == vn(2026, 11, 16, 10, 30)
    assert CAL.add_working_hours(vn(2026, 11, 20, 15), 4) == vn(2026, 11, 23, 9, 30)  # Friday -> Monday
    assert CAL.add_working_hours(vn(2026, 11, 16, 8), 3.5) == vn(2026, 11, 16, 11, 30)  # ends at 11:30, not 13:30
    assert CAL.add_working_hours(vn(2026, 11, 16, 13, 30), timedelta(hours=3, minutes=30)) == vn(2026, 11, 16, 17)
    assert CAL.add_working_time(monday, days=Decimal("0.5")) == vn(2026, 11, 16, 15, 45)  # half of 7 h 30
    assert CAL.add_working_time(monday, days=1, hours=1) == vn(2026, 11, 17, 11)
    assert CAL.day_length == timedelta(hours=7, minutes=30)
    assert CAL.working_time_between(vn(2026, 11, 20, 15), vn(2026, 11, 23, 9)) == timedelta(hours=3, minutes=30)
    assert CAL.working_time_between(vn(2026, 11, 23, 9), vn(2026, 11, 20, 15)) == -timedelta(hours=3, minutes=30)
    assert CAL.working_days_between(vn(2026, 11, 16, 10), vn(2026, 11, 18, 10)) == 2


def test_a_start_outside_office_hours_counts_from_the_next_opening():
    assert CAL.next_working_start(vn(2026, 11, 16, 6, 45)) == vn(2026, 11, 16, 7, 30)
    assert CAL.next_working_start(vn(2026, 11, 16, 12)) == vn(2026, 11, 16, 13, 30)
    assert CAL.next_working_start(vn(2026, 11, 16, 11, 30)) == vn(2026, 11, 16, 13, 30)
    assert CAL.next_working_start(vn(2026, 11, 16, 17)) == vn(2026, 11, 17, 7, 30)
    assert CAL.next_working_start(vn(2026, 11, 14, 10)) == vn(2026, 11, 16, 7, 30)
    assert CAL.next_working_start(vn(2026, 11, 16, 9, 15)) == vn(2026, 11, 16, 9, 15)
    # From a Saturday, one working day is the whole Monday: due at its close, not Tuesday 07:30.
    assert CAL.add_working_days(vn(2026, 11, 14, 10), 1) == vn(2026, 11, 16, 17)
    assert CAL.add_working_days(vn(2026, 11, 14, 10), 0) == vn(2026, 11, 16, 7, 30)  # nothing added: the opening


def test_counting_starts_in_office_hours_without_a_general_cutoff():
    # Decree 118/2025/NĐ-CP: no "after 15:00" rule; only office hours and days off move the start.
    assert CAL.counting_start(vn(2026, 11, 16, 14, 59)) == vn(2026, 11, 16, 14, 59)
    assert CAL.counting_start(vn(2026, 11, 16, 15, 0, 1)) == vn(2026, 11, 16, 15, 0, 1)
    assert CAL.counting_start(vn(2026, 11, 16, 16, 59)) == vn(2026, 11, 16, 16, 59)
    assert CAL.counting_start(vn(2026, 11, 16, 17, 0, 1)) == vn(2026, 11, 17, 7, 30)  # after office hours
    assert CAL.counting_start(vn(2026, 11, 20, 17, 30)) == vn(2026, 11, 23, 7, 30)  # Friday evening -> Monday
    assert CAL.counting_start(vn(2026, 11, 21, 9)) == vn(2026, 11, 23, 7, 30)  # Saturday -> Monday
    assert CAL.counting_start(vn(2026, 2, 18, 9)) == vn(2026, 2, 23, 7, 30)  # during Tết
    assert CAL.counting_start(vn(2026, 11, 16, 7)) == vn(2026, 11, 16, 7, 30)
    assert CAL.counting_start(vn(2026, 11, 16, 12)) == vn(2026, 11, 16, 13, 30)


def test_a_procedures_own_cutoff():
    assert CAL.counting_start(vn(2026, 11, 16, 15), cutoff=time(15)) == vn(2026, 11, 16, 15)  # strictly after
    assert CAL.counting_start(vn(2026, 11, 16, 15, 0, 1), cutoff=time(15)) == vn(2026, 11, 17, 7, 30)
    assert CAL.counting_start(vn(2026, 11, 20, 16), cutoff=time(15)) == vn(2026, 11, 23, 7, 30)
    assert CAL.counting_start(vn(2026, 11, 16, 15, 30), cutoff=time(16)) == vn(2026, 11, 16, 15, 30)


def test_appointment_same_clock_time_n_working_days_later():
    assert CAL.appointment(vn(2026, 11, 16, 9), days=3) == vn(2026, 11, 19, 9)
    # At 15:30 (no general cut-off): three working days later at the same office-clock time.
    assert CAL.appointment(vn(2026, 11, 16, 15, 30), days=3) == vn(2026, 11, 19, 15, 30)
    # After office hours: counted from Tuesday's opening, three full working days -> Thursday 17:00.
    assert CAL.appointment(vn(2026, 11, 16, 17, 30), days=3) == vn(2026, 11, 19, 17)
    assert CAL.appointment(vn(2026, 2, 13, 18), days=3) == vn(2026, 2, 25, 17)  # Friday evening before Tết
    assert CAL.appointment(vn(2026, 11, 16, 9), hours=4) == vn(2026, 11, 16, 15)  # 2 h 30 + lunch + 1 h 30
    assert CAL.appointment(vn(2026, 11, 16, 9), days=0) == vn(2026, 11, 16, 9)


def test_appointment_at_the_end_of_the_day():
    cal = vietnam(appointment_rule=AppointmentRule.END_OF_DAY)
    assert cal.appointment(vn(2026, 11, 16, 9), days=3) == vn(2026, 11, 19, 17)
    assert cal.appointment(vn(2026, 11, 16, 15, 30), days=3) == vn(2026, 11, 19, 17)


def test_other_office_hours_change_the_day_length():
    cal = vietnam(periods=parse_periods("07:00-11:30, 13:00-16:30"))
    assert cal.day_length == timedelta(hours=8)
    assert cal.add_working_time(vn(2026, 11, 16, 7), days=Decimal("0.5")) == vn(2026, 11, 16, 11)
    assert cal.add_working_hours(vn(2026, 11, 16, 16), 1) == vn(2026, 11, 17, 7, 30)
    six_days = vietnam(weekdays=parse_weekdays("1-6"))
    assert six_days.add_working_days(vn(2026, 11, 13, 9), 1) == vn(2026, 11, 14, 9)


def test_aware_datetimes_in_any_zone_and_naive_ones_refused():
    utc = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
    assert CAL.add_working_days(utc, 1) == vn(2026, 11, 17, 9)
    assert CAL.add_working_days(utc, 1).tzinfo == VN_TZ
    with pytest.raises(CalendarError):
        CAL.add_working_days(datetime(2026, 11, 16, 9), 1)
    with pytest.raises(TypeError):
        CAL.add_working_days(utc, 1.5)
    with pytest.raises(OutsideCalendarRange):
        CAL.is_working_day(date(2030, 1, 1))


def test_office_hours_are_validated():
    assert parse_periods("07:30-11:30; 13:30-17:00") == ((time(7, 30), time(11, 30)), (time(13, 30), time(17)))
    assert parse_weekdays("1-5") == frozenset({1, 2, 3, 4, 5})
    for bad in ["07:30", "11:30-07:30", "07:30-12:00, 11:00-17:00", "7h30-11h30", ""]:
        with pytest.raises(CalendarError):
            parse_periods(bad)
    for bad in ["0-5", "x", "8"]:
        with pytest.raises(CalendarError):
            parse_weekdays(bad)
    assert OfficeHours.parse("", "").seconds_per_day == 27000
