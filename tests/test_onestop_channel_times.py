"""The deadline clock counts each channel's time in the kind the national catalogue states for it: working days and
hours in office time (Vietnamese holidays from core.calendar), calendar days and months by Civil Code Art. 147-148,
with the procedure's own cut-off hour. Dates run across Tết 2027 (Thursday 4 to Wednesday 10 February off)."""

from datetime import date, datetime, time

import pytest
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, open_office

from core.calendar.deadlines import TimeKind
from modules.catalogue.services import import_records
from modules.onestop.models import DayKind, IntakeRule
from modules.onestop.services import deadlines, reads
from modules.onestop.services.actions import perform
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import forget_plans
from modules.procedures.services import adopt_procedure

DAYS_AND_MONTHS, HOURS = "9.900001", "9.900002"
HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
RECORDS = [  # the national portal's tables flattened into text, as the real exports come
    {"ma_thu_tuc": DAYS_AND_MONTHS, "ten_thu_tuc": "Thủ tục thử thời hạn theo ngày và tháng", "cap_thuc_hien": "Cấp Xã",
     "cach_thuc_thuc_hien": HEADER + "Trực tiếp10 NgàyMiễn phíTính cả ngày nghỉ.Trực tuyến15 Ngày làm việcMiễn phí"
                                     "Nộp trên Cổng.Dịch vụ bưu chính1 ThángKhông có thông tinGửi qua bưu chính."},
    {"ma_thu_tuc": HOURS, "ten_thu_tuc": "Thủ tục thử thời hạn theo giờ", "cap_thuc_hien": "Cấp Xã",
     "cach_thuc_thuc_hien": HEADER + "Trực tiếp1 Ngày làm việcMiễn phíNộp tại một cửa.Trực tuyến4 GiờMiễn phí"
                                     "Trả trong 4 giờ.Dịch vụ bưu chínhKhông có thông tinKhông có thông tinKhông rõ."},
]


def at(y: int, m: int, d: int, hour: int, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=HN)


@pytest.fixture
def office(unit_a):
    forget_plans()
    people = open_office(unit_a)
    report = import_records(RECORDS)
    assert not report.skipped
    adopt_procedure(unit_a, DAYS_AND_MONTHS, [{"name": "Thẩm định", "role": "specialist", "days": 2}])
    adopt_procedure(unit_a, HOURS, [{"name": "Thẩm định", "role": "specialist", "days": 0.25}])
    yield unit_a, people["receiving_officer"]
    forget_plans()


def take(office, procedure: str, channel: str, when: datetime):
    unit, clerk = office
    with tenant_context(unit):
        return receive(Application(procedure, channel, "Lê Thị Hoa", applicant_phone="0912345678"), actor=clerk,
                       received_at=when)


def clock_of(office, dossier):
    with tenant_context(office[0]):
        return deadlines.load(dossier)


def test_calendar_days_end_at_the_close_of_the_first_working_day_after_tet(office):
    # Tuesday 26 January 2027: ten days from the 27th end on Friday 5 February, Tết: the close of Thursday the 11th.
    dossier = take(office, DAYS_AND_MONTHS, "counter", at(2027, 1, 26, 9))
    assert clock_of(office, dossier).kind == TimeKind.CALENDAR_DAYS
    assert dossier.due_at == at(2027, 2, 11, 17, 0)


def test_working_days_skip_tet_whole(office):
    # Fifteen working days from Monday 25 January 2027, 09:00: seven before Tết, eight after it.
    dossier = take(office, DAYS_AND_MONTHS, "online", at(2027, 1, 25, 9))
    assert clock_of(office, dossier).kind == TimeKind.WORKING
    assert dossier.due_at == at(2027, 2, 22, 9, 0)


@pytest.mark.parametrize(("received", "due"), [
    (at(2027, 1, 5, 10), at(2027, 2, 11, 17, 0)),    # 5 February is Tết: the next working day
    (at(2027, 1, 29, 10), at(2027, 3, 1, 17, 0)),    # no 29 February in 2027: the 28th, a Sunday: Monday 1 March
    (at(2027, 3, 31, 10), at(2027, 5, 4, 17, 0)),
])
def test_a_month_ends_on_the_same_day_of_the_next_month_or_its_last_day(office, received, due):
    # 31 March + 1 month: 30 April (no 31st), Victory Day; 1 May is Labour Day, 2 May a Sunday, 3 May its day in
    # lieu: the close of Tuesday 4 May.
    dossier = take(office, DAYS_AND_MONTHS, "post", received)
    deadline = clock_of(office, dossier)
    assert (deadline.kind, deadline.months) == (TimeKind.MONTHS, 1)
    assert dossier.due_at == due


def test_hours_are_working_hours_across_tet_unless_the_unit_counts_them_elapsed(office):
    # Wednesday 3 February 2027, 14:00, four hours: three before the office closes for Tết, one on the 11th.
    dossier = take(office, HOURS, "online", at(2027, 2, 3, 14))
    assert clock_of(office, dossier).kind == TimeKind.WORKING
    assert dossier.due_at == at(2027, 2, 11, 8, 30)
    with tenant_context(office[0]):
        IntakeRule.objects.create(procedure_code=HOURS, channel="online", effective_from=date(2027, 1, 1),
                                  cutoff=None, day_kind=DayKind.CALENDAR)
    forget_plans()
    elapsed = take(office, HOURS, "online", at(2027, 2, 3, 14))
    # Four elapsed hours end at 18:00, after closing, with Tết ahead: when the office opens again.
    assert clock_of(office, elapsed).kind == TimeKind.HOURS
    assert elapsed.due_at == at(2027, 2, 11, 7, 30)


def test_the_procedures_own_cutoff_moves_the_start_past_tet_and_others_keep_theirs(office):
    with tenant_context(office[0]):
        IntakeRule.objects.create(procedure_code=DAYS_AND_MONTHS, effective_from=date(2027, 1, 1), cutoff=time(11, 0))
    late = take(office, DAYS_AND_MONTHS, "counter", at(2027, 2, 3, 11, 15))
    # Counted from Thursday 11 February: ten days end on Sunday the 21st, so at the close of Monday the 22nd.
    assert clock_of(office, late).started_at == at(2027, 2, 11, 7, 30)
    assert late.due_at == at(2027, 2, 22, 17, 0)
    other = take(office, PROC, "counter", at(2027, 2, 3, 11, 15))  # no rule of its own: no cut-off at all
    assert clock_of(office, other).started_at == at(2027, 2, 3, 11, 15)
    assert other.due_at == at(2027, 2, 15, 11, 15)  # three working days: 11, 12 and 15 February


def test_a_supplement_restarts_the_clock_in_the_same_kind(office):
    unit, clerk = office
    dossier = take(office, DAYS_AND_MONTHS, "post", at(2027, 1, 5, 10))
    with tenant_context(unit):
        perform(dossier.code, "request_supplement", actor=clerk, reason="Thiếu giấy tờ",
                data={"items": ["Bản sao giấy khai sinh"]}, at=at(2027, 1, 6, 9))
        again = perform(dossier.code, "supplement_received", actor=clerk, at=at(2027, 3, 2, 9))
    assert again.due_at == at(2027, 4, 2, 17, 0)  # a month from 2 March: Friday 2 April


def test_a_channel_without_a_stated_time_is_not_offered(office):
    with pytest.raises(OnestopError) as err:
        take(office, HOURS, "post", at(2027, 2, 1, 9))
    assert err.value.code == "CHANNEL_NOT_OFFERED"


def test_another_unit_sees_none_of_these_dossiers(office, unit_b):
    take(office, DAYS_AND_MONTHS, "counter", at(2027, 1, 26, 9))
    open_office(unit_b, catalogue=False)
    with tenant_context(unit_b):
        assert not reads.open_codes_received_here()
