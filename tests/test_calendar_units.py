"""Calendars built from the database: installation-wide days, per-unit overrides isolated between units, office
hours per unit, and the per-process cache that a change of calendar data invalidates."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from core.calendar import services
from core.calendar.models import CalendarDay, CalendarRevision, DayKind, UnitCalendarSettings
from core.calendar.services import (
    appointment_for,
    calendar_for,
    clear_calendar_day,
    declare_swap,
    open_deadline,
    set_calendar_day,
    set_office_hours,
)
from core.calendar.working_calendar import VN_TZ

YEARS = (2026, 2027)
MONDAY = date(2026, 12, 14)
SATURDAY = date(2026, 12, 19)


def vn(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def _fresh_process_cache():
    services.clear_process_cache()
    yield
    services.clear_process_cache()


def test_a_unit_override_does_not_touch_another_unit(unit_a, unit_b):
    set_calendar_day(MONDAY, DayKind.HOLIDAY, "Ngày truyền thống của xã", unit=unit_a)
    set_calendar_day(SATURDAY, DayKind.WORKING, "Làm bù", unit=unit_b)
    a, b, everyone = calendar_for(unit_a, years=YEARS), calendar_for(unit_b, years=YEARS), calendar_for(years=YEARS)
    assert not a.is_working_day(MONDAY) and a.holiday_name(MONDAY) == "Ngày truyền thống của xã"
    assert b.is_working_day(MONDAY) and everyone.is_working_day(MONDAY)
    assert b.is_working_day(SATURDAY) and not a.is_working_day(SATURDAY) and not everyone.is_working_day(SATURDAY)
    received = vn(2026, 12, 11, 9)  # Friday
    assert appointment_for(unit_a, received, days=1) == vn(2026, 12, 15, 9)
    assert appointment_for(unit_b, received, days=1) == vn(2026, 12, 14, 9)


def test_installation_wide_swap_applies_to_every_unit_and_a_unit_row_wins(unit_a, unit_b):
    declare_swap(date(2026, 12, 31), date(2026, 12, 26), "Hoán đổi ngày làm việc dịp Tết Dương lịch")
    for unit in (unit_a, unit_b, None):
        cal = calendar_for(unit, years=YEARS)
        assert not cal.is_working_day(date(2026, 12, 31)) and cal.is_working_day(date(2026, 12, 26))
    set_calendar_day(date(2026, 12, 31), DayKind.WORKING, "Đơn vị trực", unit=unit_a)
    assert calendar_for(unit_a, years=YEARS).is_working_day(date(2026, 12, 31))
    assert not calendar_for(unit_b, years=YEARS).is_working_day(date(2026, 12, 31))
    assert clear_calendar_day(date(2026, 12, 31), unit=unit_a)
    assert not calendar_for(unit_a, years=YEARS).is_working_day(date(2026, 12, 31))
    assert not clear_calendar_day(date(2026, 12, 31), unit=unit_a)


def test_a_national_holiday_can_be_cancelled_as_data(db):
    set_calendar_day(date(2026, 11, 24), DayKind.WORKING, "Không nghỉ")
    assert calendar_for(years=YEARS).is_working_day(date(2026, 11, 24))


def test_office_hours_are_per_unit(unit_a, unit_b):
    set_office_hours(unit_a, periods="07:00-11:30, 13:00-16:30")
    a, b = calendar_for(unit_a, years=YEARS), calendar_for(unit_b, years=YEARS)
    assert a.day_length == timedelta(hours=8) and b.day_length == timedelta(hours=7, minutes=30)
    # 16:45 is after A's office hours (next opening 07:00) and within B's (counts from then).
    assert a.counting_start(vn(2026, 12, 14, 16, 45)) == vn(2026, 12, 15, 7, 0)
    assert b.counting_start(vn(2026, 12, 14, 16, 45)) == vn(2026, 12, 14, 16, 45)
    set_office_hours(unit_a, appointment_rule="end_of_day")
    row = UnitCalendarSettings.objects.get(unit=unit_a)
    assert row.periods == "07:00-11:30, 13:00-16:30" and row.appointment_rule == "end_of_day"
    assert open_deadline(unit_a, vn(2026, 12, 14, 9), days=2).due_at == vn(2026, 12, 16, 16, 30)
    assert open_deadline(unit_b, vn(2026, 12, 14, 9), days=2).due_at == vn(2026, 12, 16, 9)


def test_office_hours_are_validated_like_in_the_admin(unit_a):
    row = UnitCalendarSettings(unit=unit_a, periods="17:00-07:30")
    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(ValueError):
        set_office_hours(unit_a, weekdays="0-4")


def test_one_installation_wide_row_and_one_row_per_unit_and_date(unit_a):
    set_calendar_day(MONDAY, DayKind.HOLIDAY)
    set_calendar_day(MONDAY, DayKind.WORKING)  # updates, does not add
    set_calendar_day(MONDAY, DayKind.HOLIDAY, unit=unit_a)
    assert CalendarDay.objects.filter(date=MONDAY).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=MONDAY, kind=DayKind.HOLIDAY)


def test_the_cache_is_per_unit_and_a_change_rebuilds(unit_a, unit_b):
    a = calendar_for(unit_a, years=YEARS)
    with CaptureQueriesContext(connection) as queries:
        assert calendar_for(unit_a, years=YEARS) is a
    calendar_sql = [q["sql"] for q in queries if "calendar_core" in q["sql"]]
    assert len(calendar_sql) == 1 and "calendarrevision" in calendar_sql[0]  # only the revision check
    assert calendar_for(unit_b, years=YEARS) is not a
    b = calendar_for(unit_b, years=YEARS)
    set_calendar_day(MONDAY, DayKind.HOLIDAY, unit=unit_a)
    assert calendar_for(unit_a, years=YEARS) is not a
    assert calendar_for(unit_b, years=YEARS) is b  # another unit's change leaves it alone
    set_calendar_day(MONDAY, DayKind.HOLIDAY)  # installation-wide: every unit rebuilds
    assert calendar_for(unit_b, years=YEARS) is not b


def test_a_change_made_by_another_process_is_seen(unit_a):
    cached = calendar_for(unit_a, years=YEARS)
    # Another process writes the row and the new token; this process's signals never ran.
    CalendarDay.objects.bulk_create([CalendarDay(unit=unit_a, date=MONDAY, kind=DayKind.HOLIDAY)])
    assert calendar_for(unit_a, years=YEARS) is cached
    CalendarRevision.objects.update_or_create(scope=str(unit_a.pk), defaults={"token": "from-another-process"})
    fresh = calendar_for(unit_a, years=YEARS)
    assert fresh is not cached and not fresh.is_working_day(MONDAY)


def test_a_rolled_back_change_leaves_no_stale_calendar(unit_a):
    before = calendar_for(unit_a, years=YEARS)
    assert before.is_working_day(MONDAY)
    with pytest.raises(RuntimeError), transaction.atomic():
        set_calendar_day(MONDAY, DayKind.HOLIDAY, unit=unit_a)
        assert not calendar_for(unit_a, years=YEARS).is_working_day(MONDAY)  # cached inside the transaction
        raise RuntimeError("rolled back")
    assert calendar_for(unit_a, years=YEARS).is_working_day(MONDAY)


def test_the_default_years_surround_the_date(unit_a):
    cal = calendar_for(unit_a, around=date(2026, 6, 1))
    assert (cal.first_year, cal.last_year) == (2025, 2028)


def test_calendars_are_built_the_same_inside_a_unit_schema(unit_a, unit_b):
    set_calendar_day(MONDAY, DayKind.HOLIDAY, unit=unit_a)
    with tenant_context(unit_b):
        assert not calendar_for(unit_a, years=YEARS).is_working_day(MONDAY)
        assert calendar_for(unit_b, years=YEARS).is_working_day(MONDAY)
