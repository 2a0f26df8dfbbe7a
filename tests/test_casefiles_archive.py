"""Case files: the plan's retention, closing, transfer to the current archive with archive numbers, a closed or
transferred file that refuses every change (nothing written), the transfer list, the 30-day deadline notice."""

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from casefiles_support import OPENED, file_with_documents, incoming, open_archive
from django_tenants.utils import tenant_context
from documents_support import HN
from openpyxl import load_workbook

from modules.casefiles import services as casefiles
from modules.casefiles.models import CaseFile, CaseFileDocument, CaseFileEvent, TransferNotice
from modules.documents.services import get_document

CLOSED = datetime(2026, 11, 16, 9, 0, tzinfo=HN)


@pytest.fixture
def office(unit_a):
    return unit_a, open_archive(unit_a)


def _snapshot(file_id: int):
    f = CaseFile.objects.get(pk=file_id)
    return (f.status, f.title, f.archive_number, f.transfer_id, f.work_ended_on,
            list(CaseFileDocument.objects.filter(case_file_id=file_id).values_list("document_id", flat=True)),
            CaseFileEvent.objects.filter(case_file_id=file_id).count())


def test_retention_is_permanent_or_a_number_of_years(office):
    unit, people = office
    with tenant_context(unit):
        with pytest.raises(casefiles.CasefilesError) as refused:
            casefiles.add_plan_entry(2026, "02.01", "Báo cáo", 0)
        assert refused.value.code == "INVALID_DATA" and refused.value.field == "retention_years"
        assert "vĩnh viễn hoặc từ 1 đến 100 năm" in refused.value.message
        kept_ten = file_with_documents(people, "01.05", retention_years=10)
        permanent = file_with_documents(people, "01.06", retention_years=None, numbers=(3,))
        for f in (kept_ten, permanent):
            casefiles.close_file(f.pk, actor=people["specialist"], work_ended_on=date(2026, 11, 13), at=CLOSED)
        assert casefiles.retention_ends_on(date(2026, 11, 13), 10) == date(2036, 11, 13)
        assert casefiles.retention_ends_on(date(2026, 11, 13), None) is None
        assert casefiles.retention_ends_on(date(2028, 2, 29), 5) == date(2033, 2, 28)
        with pytest.raises(casefiles.CasefilesError) as taken:
            casefiles.add_plan_entry(2026, "01.05", "Trùng", 5)
        assert taken.value.code == "CODE_TAKEN"
        assert casefiles.add_plan_entry(2027, "01.05", "Năm sau", 5).year == 2027  # a new year's plan


def test_closing_sets_the_transfer_deadline_of_the_law_in_force(office):
    unit, people = office
    with tenant_context(unit):
        f = file_with_documents(people)
        closed = casefiles.close_file(f.pk, actor=people["specialist"], work_ended_on=date(2026, 11, 13), at=CLOSED)
        assert closed.status == "closed" and closed.work_started_on == date(2026, 3, 2)
        # Law on Archives 2024: at most one year counted from the year the work ended.
        assert closed.transfer_due_on == date(2027, 12, 31)
        # Work that ended under the 2011 law: one year from the day.
        assert casefiles.transfer_due_on(date(2025, 3, 10)) == date(2026, 3, 10)
        for doc_id in CaseFileDocument.objects.filter(case_file=f).values_list("document_id", flat=True):
            assert get_document(doc_id).filed_in == "2026/01.05"


def test_an_empty_file_cannot_be_closed(office):
    unit, people = office
    with tenant_context(unit):
        f = file_with_documents(people, numbers=())
        with pytest.raises(casefiles.CasefilesError) as refused:
            casefiles.close_file(f.pk, actor=people["specialist"], at=CLOSED)
        assert refused.value.code == "EMPTY_FILE"
        assert CaseFile.objects.get(pk=f.pk).status == "open"


def test_a_closed_file_cannot_change_and_nothing_is_written(office):
    unit, people = office
    with tenant_context(unit):
        f = file_with_documents(people)
        casefiles.close_file(f.pk, actor=people["specialist"], at=CLOSED)
        spare = incoming(people, 9)
        before = _snapshot(f.pk)
        attempts = (lambda: casefiles.add_document(f.pk, spare, actor=people["specialist"]),
                    lambda: casefiles.remove_document(f.pk, before[5][0], actor=people["specialist"]),
                    lambda: casefiles.close_file(f.pk, actor=people["specialist"]))
        for attempt in attempts:
            with pytest.raises(casefiles.CasefilesError) as refused:
                attempt()
            assert refused.value.code == "FILE_CLOSED"
            assert refused.value.message == "Hồ sơ 01.05 đã kết thúc, không thể thay đổi."
        assert _snapshot(f.pk) == before
        assert get_document(spare).filed_in == ""


def test_transfer_numbers_files_in_order_and_freezes_them(office):
    unit, people = office
    with tenant_context(unit):
        first = file_with_documents(people, "01.01", numbers=(1,))
        second = file_with_documents(people, "01.02", numbers=(2,))
        third = file_with_documents(people, "01.03", numbers=(3,))
        for f in (first, second):
            casefiles.close_file(f.pk, actor=people["specialist"], at=CLOSED)
        with pytest.raises(casefiles.CasefilesError) as refused:  # one file still open: nothing transferred
            casefiles.transfer([second.pk, third.pk, first.pk], actor=people["specialist"], at=CLOSED)
        assert refused.value.code == "NOT_CLOSED" and "01.03 chưa kết thúc" in refused.value.message
        assert set(CaseFile.objects.values_list("status", flat=True)) == {"closed", "open"}
        made = casefiles.transfer([second.pk, first.pk], actor=people["archivist"],
                                  received_by_id=people["archivist"].pk, at=CLOSED)
        assert made.number == 1
        assert dict(CaseFile.objects.filter(transfer=made).values_list("code", "archive_number")) == {
            "01.02": 1, "01.01": 2}
        before = _snapshot(first.pk)
        with pytest.raises(casefiles.CasefilesError) as again:
            casefiles.transfer([first.pk], actor=people["archivist"], at=CLOSED)
        assert again.value.code == "FILE_TRANSFERRED"
        assert again.value.message == "Hồ sơ 01.01 đã nộp lưu vào lưu trữ cơ quan (số lưu trữ 2), không thể thay đổi."
        with pytest.raises(casefiles.CasefilesError) as edit:
            casefiles.add_document(first.pk, incoming(people, 8), actor=people["specialist"])
        assert edit.value.code == "FILE_TRANSFERRED"
        assert _snapshot(first.pk) == before
        # The refused transfers took no number: the next one continues without a gap.
        casefiles.close_file(third.pk, actor=people["specialist"], at=CLOSED)
        later = casefiles.transfer([third.pk], actor=people["archivist"], at=CLOSED)
        assert later.number == 2 and CaseFile.objects.get(pk=third.pk).archive_number == 3


def test_the_transfer_list_as_pdf_and_excel(office):
    unit, people = office
    with tenant_context(unit):
        f = file_with_documents(people, "01.01", numbers=(1, 2, 3))
        permanent = file_with_documents(people, "01.02", retention_years=None, numbers=(4,))
        for one in (f, permanent):
            casefiles.close_file(one.pk, actor=people["specialist"], page_count=12, at=CLOSED)
        made = casefiles.transfer([f.pk, permanent.pk], actor=people["archivist"], at=CLOSED)
        listed = casefiles.transfer_list(made.pk)
        assert listed.rows[0][:3] == ("1", "01.01", "Hồ sơ 01.01 về kiểm tra")
        assert listed.rows[0][3:7] == ("02/03/2026 - 16/11/2026", "10 năm", "12", "3")
        assert listed.rows[1][4] == "Vĩnh viễn"
        pdf = casefiles.transfer_pdf(listed)
        assert pdf.startswith(b"%PDF")
        sheet = load_workbook(io.BytesIO(casefiles.transfer_xlsx(listed))).active
        assert sheet["A2"].value == "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU"
        assert [c.value for c in sheet[7]][:3] == ["1", "01.01", "Hồ sơ 01.01 về kiểm tra"]


def test_a_notice_thirty_days_before_the_transfer_deadline(office):
    unit, people = office
    with tenant_context(unit):
        f = file_with_documents(people)
        casefiles.close_file(f.pk, actor=people["specialist"], work_ended_on=date(2026, 11, 13), at=CLOSED)
        deadline = date(2027, 12, 31)
        with time_machine.travel(datetime(2027, 11, 30, 7, 0, tzinfo=HN)):  # 31 days before
            assert casefiles.notify_deadlines(unit) == 0
        with time_machine.travel(datetime(2027, 12, 1, 7, 0, tzinfo=HN)):  # 30 days before
            assert casefiles.notify_deadlines(unit) == 1
            assert casefiles.notify_deadlines(unit) == 0  # the task running twice sends nothing more
        with time_machine.travel(datetime(2027, 12, 2, 7, 0, tzinfo=HN)):
            assert casefiles.notify_deadlines(unit) == 0
        notice = TransferNotice.objects.get()
        assert (notice.case_file_id, notice.due_on) == (f.pk, deadline)
        assert notice.recipients == [people["archivist"].email]
        # A file transferred in time is no longer reminded of.
        casefiles.transfer([f.pk], actor=people["archivist"], at=datetime(2027, 12, 3, 9, 0, tzinfo=HN))
        assert casefiles.record_notices(unit, date(2027, 12, 20)) == []


def test_a_document_is_in_one_file_at_a_time(office):
    unit, people = office
    with tenant_context(unit):
        f = file_with_documents(people, "01.01", numbers=(1,))
        other = file_with_documents(people, "01.02", numbers=())
        doc_id = CaseFileDocument.objects.get(case_file=f).document_id
        with pytest.raises(casefiles.CasefilesError) as refused:
            casefiles.add_document(other.pk, doc_id, actor=people["specialist"])
        assert refused.value.code == "ALREADY_FILED"
        casefiles.remove_document(f.pk, doc_id, actor=people["specialist"], at=OPENED + timedelta(days=1))
        assert get_document(doc_id).filed_in == ""
        casefiles.add_document(other.pk, doc_id, actor=people["specialist"])
        assert get_document(doc_id).filed_in == "2026/01.02"
        with pytest.raises(casefiles.CasefilesError) as unknown:
            casefiles.add_document(other.pk, 999999, actor=people["specialist"])
        assert unknown.value.code == "DOCUMENT_NOT_FOUND"


def test_the_notice_is_mailed_once_to_the_keeper_and_the_archivists(office):
    from egov_notify.models import Message

    from core.modules.services import enable

    unit, people = office
    enable(unit, "notify")
    people["specialist"].email = "keeper@example.org"
    people["specialist"].save(update_fields=["email"])
    with tenant_context(unit):
        f = file_with_documents(people)
        casefiles.close_file(f.pk, actor=people["specialist"], work_ended_on=date(2026, 11, 13), at=CLOSED)
        with time_machine.travel(datetime(2027, 12, 5, 7, 0, tzinfo=HN)):
            assert casefiles.notify_deadlines(unit) == 1
            assert casefiles.notify_deadlines(unit) == 0
        mails = list(Message.objects.order_by("recipient").values_list("channel", "recipient", "subject"))
        assert mails == [
            ("email", people["archivist"].email, "Hồ sơ 01.05 phải nộp lưu trước ngày 31/12/2027"),
            ("email", "keeper@example.org", "Hồ sơ 01.05 phải nộp lưu trước ngày 31/12/2027")]
        assert TransferNotice.objects.get().queued_at is not None


def test_the_deadline_notices_run_daily_in_each_unit_with_the_module():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["casefiles.deadlines"]
    assert entry["args"] == ("modules.casefiles.tasks.notify_deadlines",)
    assert entry["kwargs"] == {"module": "casefiles"}


def test_the_command_transfers_files_and_writes_their_list(office, tmp_path):
    from django.core.management import call_command

    unit, people = office
    with tenant_context(unit):
        for code in ("01.01", "01.02"):
            f = file_with_documents(people, code, numbers=(int(code[-1]),))
            casefiles.close_file(f.pk, actor=people["specialist"], at=CLOSED)
    out = io.StringIO()
    call_command("casefiles", "transfer", "--unit", unit.code, "--year", "2026", "01.02", "01.01", stdout=out)
    assert out.getvalue().strip() == "Lần nộp lưu số 1: 01.02 → 1, 01.01 → 2"
    target = tmp_path / "list.xlsx"
    call_command("casefiles", "transfer-list", "--unit", unit.code, "--number", "1", "--format", "xlsx",
                 "--out", str(target), stdout=io.StringIO())
    assert [c.value for c in load_workbook(target).active[7]][:2] == ["1", "01.02"]
