"""Deadlines: pauses, the supplement restart, the one extension, and the status of a deadline."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from core.calendar.deadlines import (
    Deadline,
    PauseReason,
    SupplementPolicy,
    deadline_status,
    extend_deadline,
    pause_deadline,
    receive_supplement,
    remaining_time,
    request_supplement,
    resume_deadline,
    start_deadline,
    step_due,
)
from core.calendar.errors import DeadlineError, ExtensionRefused
from core.calendar.public_holidays import public_holidays, swapped_working_days
from core.calendar.status import DeadlineStatus, classify
from core.calendar.working_calendar import VN_TZ, WorkingCalendar

CAL = WorkingCalendar(2025, 2028, holidays=public_holidays(2025, 2028), working_days=swapped_working_days(2025, 2028))


def vn(y, m, d, hh=0, mm=0, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=VN_TZ)


def five_days() -> Deadline:
    # Received Monday 2/11/2026 at 09:00 with 5 working days: due Monday 9/11 at 09:00.
    return start_deadline(CAL, vn(2026, 11, 2, 9), days=5)


def test_a_deadline_starts_in_office_hours_or_at_the_next_opening():
    d = five_days()
    assert d.started_at == vn(2026, 11, 2, 9) and d.due_at == vn(2026, 11, 9, 9)
    afternoon = start_deadline(CAL, vn(2026, 11, 2, 15, 30), days=5)  # no general 15:00 cut-off (Decree 118/2025)
    assert afternoon.started_at == vn(2026, 11, 2, 15, 30) and afternoon.due_at == vn(2026, 11, 9, 15, 30)
    late = start_deadline(CAL, vn(2026, 11, 2, 17, 30), days=5)  # after office hours
    assert late.started_at == vn(2026, 11, 3, 7, 30) and late.due_at == vn(2026, 11, 9, 17)
    own = start_deadline(CAL, vn(2026, 11, 2, 15, 30), days=5, cutoff=time(15))  # a procedure's own cut-off
    assert own.started_at == vn(2026, 11, 3, 7, 30)
    assert start_deadline(CAL, vn(2026, 11, 2, 9), days=Decimal("0.5")).due_at == vn(2026, 11, 2, 14, 45)
    with pytest.raises(DeadlineError):
        start_deadline(CAL, vn(2026, 11, 2, 9), days=-1)


def test_a_step_allotted_hours_or_half_a_day():
    assert step_due(CAL, vn(2026, 11, 16, 10), hours=4) == vn(2026, 11, 16, 16)
    assert step_due(CAL, vn(2026, 11, 16, 10), days=0.5) == vn(2026, 11, 16, 15, 45)
    assert step_due(CAL, vn(2026, 11, 16, 18), hours=8) == vn(2026, 11, 18, 8)  # starts Tuesday 07:30


def test_a_pause_moves_the_due_time_by_the_working_time_paused():
    d = pause_deadline(CAL, five_days(), vn(2026, 11, 3, 10), PauseReason.FINANCIAL_OBLIGATION)
    assert d.is_paused
    with pytest.raises(DeadlineError):
        pause_deadline(CAL, d, vn(2026, 11, 3, 11))
    resumed = resume_deadline(CAL, d, vn(2026, 11, 4, 10))
    assert resumed.due_at == vn(2026, 11, 10, 9) and resumed.paused_time == timedelta(hours=7, minutes=30)
    assert not resumed.is_paused
    with pytest.raises(DeadlineError):
        resume_deadline(CAL, resumed, vn(2026, 11, 5, 10))
    # a pause over the weekend costs only the working time in it
    over_weekend = resume_deadline(CAL, pause_deadline(CAL, five_days(), vn(2026, 11, 6, 16)), vn(2026, 11, 9, 8))
    assert over_weekend.due_at == vn(2026, 11, 9, 10, 30)
    # a pause with no working time in it leaves a due time at the close of a day where it was
    friday_close = start_deadline(CAL, vn(2026, 11, 2, 17, 30), days=4)  # after hours: from Tuesday
    assert friday_close.due_at == vn(2026, 11, 6, 17)
    weekend = resume_deadline(CAL, pause_deadline(CAL, friday_close, vn(2026, 11, 7, 9)), vn(2026, 11, 8, 9))
    assert weekend.due_at == vn(2026, 11, 6, 17)


def test_a_pause_when_already_late_does_not_make_the_dossier_on_time():
    d = pause_deadline(CAL, five_days(), vn(2026, 11, 10, 9))
    assert resume_deadline(CAL, d, vn(2026, 11, 12, 9)).due_at == vn(2026, 11, 9, 9)


def test_the_supplement_restarts_the_full_processing_time():
    d = request_supplement(CAL, five_days(), vn(2026, 11, 4, 10))
    assert d.pause_reason == PauseReason.SUPPLEMENT
    with pytest.raises(DeadlineError):
        resume_deadline(CAL, d, vn(2026, 11, 5, 10))
    # Supplement received Friday 6/11 after office hours: five full working days from Monday 9/11 07:30.
    restarted = receive_supplement(CAL, d, vn(2026, 11, 6, 17, 15))
    assert restarted.started_at == vn(2026, 11, 9, 7, 30) and restarted.due_at == vn(2026, 11, 13, 17)
    assert restarted.supplements == 1 and not restarted.is_paused
    assert restarted.received_at == vn(2026, 11, 2, 9)  # the first receipt is kept
    with pytest.raises(DeadlineError):
        receive_supplement(CAL, restarted, vn(2026, 11, 10, 9))
    # In office hours it counts from then, unless the procedure has its own cut-off.
    assert receive_supplement(CAL, d, vn(2026, 11, 6, 16)).started_at == vn(2026, 11, 6, 16)
    assert receive_supplement(CAL, d, vn(2026, 11, 6, 16), cutoff=time(15)).started_at == vn(2026, 11, 9, 7, 30)


def test_the_supplement_may_instead_resume_the_remaining_time():
    d = request_supplement(CAL, five_days(), vn(2026, 11, 4, 10))
    resumed = receive_supplement(CAL, d, vn(2026, 11, 6, 16), policy=SupplementPolicy.RESUME)
    # 19 working hours waited (Wed 10:00 -> Fri 16:00), the same working time was left before and after.
    assert resumed.paused_time == timedelta(hours=19)
    assert resumed.due_at == vn(2026, 11, 11, 15)
    assert (CAL.working_time_between(vn(2026, 11, 4, 10), vn(2026, 11, 9, 9))
            == CAL.working_time_between(vn(2026, 11, 6, 16), resumed.due_at))


def test_one_extension_and_a_second_is_refused():
    d = five_days()
    extended = extend_deadline(CAL, d, reason="Chờ ý kiến cơ quan phối hợp", at=vn(2026, 11, 6, 9), days=3)
    assert extended.due_at == vn(2026, 11, 12, 9)
    assert extended.extension.previous_due == vn(2026, 11, 9, 9) and extended.extension.new_due == extended.due_at
    with pytest.raises(ExtensionRefused) as refused:
        extend_deadline(CAL, extended, reason="Lần hai", at=vn(2026, 11, 11, 9), new_due=date(2026, 11, 20))
    assert "một lần" in str(refused.value) and "12/11/2026" in str(refused.value)
    with translation.override("en"), pytest.raises(ExtensionRefused, match="already been postponed once"):
        extend_deadline(CAL, extended, reason="Again", at=vn(2026, 11, 11, 9), days=1)
    on_a_date = extend_deadline(CAL, d, reason="Xác minh thực địa", at=vn(2026, 11, 6, 9), new_due=date(2026, 11, 13))
    assert on_a_date.due_at == vn(2026, 11, 13, 17)


def test_an_extension_must_move_the_appointment_to_a_later_working_day_with_a_reason():
    d = five_days()
    with pytest.raises(ExtensionRefused):
        extend_deadline(CAL, d, reason="x", at=vn(2026, 11, 6, 9), new_due=vn(2026, 11, 9, 8))
    with pytest.raises(ExtensionRefused):
        extend_deadline(CAL, d, reason="x", at=vn(2026, 11, 6, 9), new_due=date(2026, 11, 14))  # a Saturday
    with pytest.raises(DeadlineError):
        extend_deadline(CAL, d, reason=" ", at=vn(2026, 11, 6, 9), days=1)
    with pytest.raises(DeadlineError):
        extend_deadline(CAL, d, reason="x", at=vn(2026, 11, 6, 9))
    with pytest.raises(DeadlineError):
        extend_deadline(CAL, d, reason="x", at=vn(2026, 11, 6, 9), days=1, new_due=date(2026, 11, 13))


def test_status_of_finished_and_unfinished_dossiers():
    due = vn(2026, 11, 26, 10)
    assert classify(due, completed_at=vn(2026, 11, 25, 16)) == DeadlineStatus.EARLY
    assert classify(due, completed_at=vn(2026, 11, 21, 9)) == DeadlineStatus.EARLY  # on a Saturday before
    assert classify(due, completed_at=vn(2026, 11, 26, 8)) == DeadlineStatus.ON_TIME  # the due day, before the hour
    assert classify(due, completed_at=due) == DeadlineStatus.ON_TIME
    assert classify(due, completed_at=due + timedelta(seconds=1)) == DeadlineStatus.LATE
    assert classify(due, now=vn(2026, 11, 26, 9)) == DeadlineStatus.IN_PROGRESS_ON_TIME
    assert classify(due, now=due) == DeadlineStatus.IN_PROGRESS_ON_TIME
    assert classify(due, now=vn(2026, 11, 26, 10, 0, 1)) == DeadlineStatus.OVERDUE
    # 20:00 UTC on the 25th is 03:00 on the 26th in Vietnam: the due day, so on time, not early.
    assert classify(due, completed_at=datetime(2026, 11, 25, 20, tzinfo=UTC)) == DeadlineStatus.ON_TIME
    assert DeadlineStatus.LATE.is_finished and not DeadlineStatus.OVERDUE.is_finished
    assert str(DeadlineStatus.EARLY.label) == "Trước hạn"
    with translation.override("en"):
        assert str(DeadlineStatus.EARLY.label) == "Early"


def test_the_status_of_a_paused_deadline_is_read_when_it_stopped():
    d = request_supplement(CAL, five_days(), vn(2026, 11, 4, 10))
    assert deadline_status(d, now=vn(2026, 12, 1, 9)) == DeadlineStatus.IN_PROGRESS_ON_TIME
    assert remaining_time(CAL, d, vn(2026, 12, 1, 9)) == CAL.working_time_between(vn(2026, 11, 4, 10), d.due_at)
    assert deadline_status(five_days(), now=vn(2026, 11, 9, 10)) == DeadlineStatus.OVERDUE
    assert deadline_status(five_days(), completed_at=vn(2026, 11, 6, 10)) == DeadlineStatus.EARLY


def test_a_deadline_round_trips_through_json():
    d = extend_deadline(CAL, request_supplement(CAL, five_days(), vn(2026, 11, 4, 10)), reason="Lý do",
                        at=vn(2026, 11, 5, 9), days=1)
    assert Deadline.from_dict(d.to_dict()) == d
