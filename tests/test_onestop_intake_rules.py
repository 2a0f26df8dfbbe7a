"""Intake rules as versioned data (Decree 118/2025/NĐ-CP has no general 15:00 cut-off): a procedure's cut-off hour,
calendar or working days per channel, the dossier code's format; each from its effective day, the most specific
rule in force on the receipt day applying."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, open_office, receive_at

from modules.onestop.models import CodeFormat, DayKind, Dossier, IntakeRule
from modules.onestop.services import deadlines
from modules.onestop.services.actions import perform

MONDAY = date(2026, 12, 7)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HN)


@pytest.fixture
def office(unit_a):
    return unit_a, open_office(unit_a)


def rule(unit, **fields):
    with tenant_context(unit):
        return IntakeRule.objects.create(**{"procedure_code": PROC, "effective_from": date(2025, 7, 1), **fields})


def started(unit, dossier) -> datetime:
    with tenant_context(unit):
        return deadlines.load(dossier).started_at


def test_a_dossier_after_the_procedures_cutoff_counts_from_the_next_working_day(office):
    unit, people = office
    rule(unit, cutoff=time(11, 0))
    before = receive_at(unit, people["receiving_officer"], at(MONDAY, 10, 45))
    after = receive_at(unit, people["receiving_officer"], at(MONDAY, 11, 15))
    assert started(unit, before) == at(MONDAY, 10, 45)
    assert started(unit, after) == at(date(2026, 12, 8), 7, 30)


def test_after_the_cutoff_before_a_holiday_counts_from_the_first_working_day_after_it(office):
    unit, people = office
    rule(unit, cutoff=time(11, 0))
    # Thursday 31 December 2026, 14:00; Friday 1 January is New Year's Day, then a weekend.
    dossier = receive_at(unit, people["receiving_officer"], at(date(2026, 12, 31), 14, 0))
    assert started(unit, dossier) == at(date(2027, 1, 4), 7, 30)


def test_without_a_rule_there_is_no_cutoff_only_office_hours(office):
    # Decree 118/2025/NĐ-CP has no general 15:00 cut-off: in office hours a dossier counts from its receipt, after
    # them (17:00 by the unit's calendar) or on a day off from the next working day's opening.
    unit, people = office
    clerk = people["receiving_officer"]
    assert started(unit, receive_at(unit, clerk, at(MONDAY, 16, 0))) == at(MONDAY, 16, 0)
    assert started(unit, receive_at(unit, clerk, at(MONDAY, 16, 59))) == at(MONDAY, 16, 59)
    assert started(unit, receive_at(unit, clerk, at(MONDAY, 17, 30))) == at(date(2026, 12, 8), 7, 30)
    assert started(unit, receive_at(unit, clerk, at(date(2026, 12, 12), 9, 0))) == at(MONDAY + timedelta(7), 7, 30)
    rule(unit, cutoff=None)  # a rule without an hour: the same
    assert started(unit, receive_at(unit, clerk, at(MONDAY, 16, 0))) == at(MONDAY, 16, 0)


def test_a_complete_supplement_restarts_the_clock_under_the_procedures_rule(office):
    unit, people = office
    clerk = people["receiving_officer"]
    plain = receive_at(unit, clerk, at(MONDAY, 9, 0))
    with tenant_context(unit):
        perform(plain.code, "request_supplement", actor=clerk, reason="Thiếu giấy", data={"items": ["Bản sao CCCD"]},
                at=at(MONDAY, 10, 0))
        perform(plain.code, "supplement_received", actor=clerk, at=at(date(2026, 12, 8), 16, 0))
        assert deadlines.load(Dossier.objects.get(code=plain.code)).started_at == at(date(2026, 12, 8), 16, 0)
    rule(unit, cutoff=time(15, 0), effective_from=date(2026, 12, 8))
    ruled = receive_at(unit, clerk, at(MONDAY, 11, 0))  # received before the rule took effect
    with tenant_context(unit):
        perform(ruled.code, "request_supplement", actor=clerk, reason="Thiếu giấy", data={"items": ["Bản sao CCCD"]},
                at=at(MONDAY, 11, 30))
        perform(ruled.code, "supplement_received", actor=clerk, at=at(date(2026, 12, 8), 16, 0))
        assert deadlines.load(Dossier.objects.get(code=ruled.code)).started_at == at(date(2026, 12, 9), 7, 30)


def test_the_rule_in_force_on_the_receipt_day_applies_the_most_specific_first(office):
    unit, people = office
    rule(unit, procedure_code="", cutoff=time(16, 30))                            # the whole unit
    rule(unit, channel="counter", cutoff=time(10, 0), effective_from=date(2026, 12, 8))  # later, more specific
    monday = receive_at(unit, people["receiving_officer"], at(MONDAY, 16, 0))
    tuesday = receive_at(unit, people["receiving_officer"], at(date(2026, 12, 8), 10, 30))
    assert started(unit, monday) == at(MONDAY, 16, 0)                    # unit rule: before its 16:30
    assert started(unit, tuesday) == at(date(2026, 12, 9), 7, 30)       # the procedure's counter rule: after 10:00


def test_a_channel_counted_in_calendar_days(office):
    unit, people = office
    rule(unit, channel="online", day_kind=DayKind.CALENDAR)
    thursday = date(2026, 12, 10)
    online = receive_at(unit, people["receiving_officer"], at(thursday, 9), channel="online")
    counter = receive_at(unit, people["receiving_officer"], at(thursday, 9), channel="counter")
    with tenant_context(unit):
        online_days, counter_days = deadlines.load(online).days, deadlines.load(counter).days
    assert online_days == counter_days == 3
    # Three calendar days (Civil Code Art. 147-148: from Friday) end on Sunday 13th, a day off: at the close of
    # Monday. Working days: Tuesday 15th at the receipt's hour.
    assert online.due_at == at(date(2026, 12, 14), 17, 0)
    assert counter.due_at == at(date(2026, 12, 15), 9, 0)


def test_the_code_format_is_the_2018_one_unless_the_unit_sets_another(office):
    unit, people = office
    first = receive_at(unit, people["receiving_officer"], at(MONDAY, 9))
    assert first.code == "91001-261207-0001"
    with tenant_context(unit):
        CodeFormat.objects.create(pattern="{unit}/{date:%Y%m%d}/{procedure}/{seq:05d}",
                                  effective_from=date(2026, 12, 8))
    same_day = receive_at(unit, people["receiving_officer"], at(MONDAY, 10))
    next_day = receive_at(unit, people["receiving_officer"], at(date(2026, 12, 8), 9))
    assert same_day.code == "91001-261207-0002"  # received before the new format took effect
    assert next_day.code == f"91001/20261208/{PROC}/00001"


@pytest.mark.parametrize("pattern", ["{agency}-{seq:04d}", "{agency}-{date:%y%m%d}", "{agency}-{date}-{seq}-{x}"])
def test_a_code_format_without_the_day_and_number_is_refused(pattern):
    with pytest.raises(ValidationError):
        CodeFormat(pattern=pattern, effective_from=MONDAY).clean()
