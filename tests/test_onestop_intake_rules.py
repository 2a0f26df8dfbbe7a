"""Intake rules as versioned data (Decree 118/2025/NĐ-CP has no general 15:00 cut-off): a procedure's cut-off hour,
calendar or working days per channel, the dossier code's format; each from its effective day, the most specific
rule in force on the receipt day applying."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, open_office, receive_at

from modules.onestop.models import CodeFormat, DayKind, IntakeRule
from modules.onestop.services import deadlines

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


def test_a_procedure_without_cutoff_counts_from_receipt_even_late_in_the_day(office):
    unit, people = office
    unruled = receive_at(unit, people["receiving_officer"], at(MONDAY, 16, 0))
    assert started(unit, unruled) == at(date(2026, 12, 8), 7, 30)  # no rule: the unit's office hours (15:00)
    rule(unit, cutoff=None)  # Decree 118: no cut-off for this procedure
    dossier = receive_at(unit, people["receiving_officer"], at(MONDAY, 16, 0))
    assert started(unit, dossier) == at(MONDAY, 16, 0)


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
