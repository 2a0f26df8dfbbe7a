"""The archivist's screens (issue 11, item 5): the year's file plan (a new entry, opening its file), a file (a document
put in by its number and symbol, taken out, the file closed, then unchangeable), the transfer to the current archive
(archive numbers in order, the list as PDF and Excel), the deadlines 30 days ahead on the files page; bad input
refused in Vietnamese with nothing changed; roles that may not act are refused; nothing of a second unit."""

from datetime import date, timedelta

import pytest
from casefiles_support import file_with_documents, incoming, open_archive
from django_tenants.utils import tenant_context
from workspace_support import UnitClient

from modules.casefiles import services as casefiles
from modules.casefiles.models import CaseFile, FilePlanEntry, FileStatus


@pytest.fixture
def archive(unit_a):
    return unit_a, open_archive(unit_a)


def test_the_archivist_plans_opens_fills_closes_and_transfers_a_file(archive):
    unit, people = archive
    with tenant_context(unit):
        document_id = incoming(people, 31, subject="Về việc kiểm kê tài sản")
    archivist = UnitClient(unit, people["archivist"])
    assert archivist.get("/m/casefiles/danh-muc/?nam=2026").status_code == 200
    made = archivist.post("/m/casefiles/danh-muc/", {"year": "2026", "code": "02.01", "title": "Hồ sơ kiểm kê 2026",
                                                     "retention_years": "10", "keeper_department": "Văn phòng"})
    assert made.status_code == 302
    page = archivist.get("/m/casefiles/danh-muc/?nam=2026").content.decode()
    assert "Hồ sơ kiểm kê 2026" in page and 'data-action="open"' in page
    with tenant_context(unit):
        entry = FilePlanEntry.objects.get(code="02.01")
    opened = archivist.post("/m/casefiles/danh-muc/", {"action": "open", "entry": str(entry.pk), "year": "2026"})
    assert opened.status_code == 302
    file_url = opened["Location"]
    act = f"{file_url}thao-tac/"
    # Found by its number and symbol, typed without tone marks.
    assert archivist.post(act, {"action": "add_document", "document": "31/qd-ubnd"}).status_code == 302
    assert "Về việc kiểm kê tài sản" in archivist.get(file_url).content.decode()
    closed = archivist.post(act, {"action": "close", "work_ended_on": "2026-11-19", "page_count": "12"})
    assert closed.status_code == 302
    shown = archivist.get(file_url).content.decode()
    assert "Đã kết thúc" in shown and 'data-action="add_document"' not in shown
    # A closed file is kept as it was: a forged post is refused in Vietnamese and changes nothing.
    refused = archivist.post(act, {"action": "remove_document", "document_id": str(document_id)})
    assert refused.status_code == 400 and "đã kết thúc, không thể thay đổi" in refused.content.decode()
    with tenant_context(unit):
        case_file = CaseFile.objects.get(code="02.01")
        assert case_file.documents.count() == 1
    # Due within the year after the work ended (Law 33/2024): not yet within 30 days, so not on the files page.
    assert "02.01" not in archivist.get("/m/casefiles/").content.decode().split('id="due"')[1].split("</section>")[0]
    page = archivist.get("/m/casefiles/nop-luu/").content.decode()
    assert f'value="{case_file.pk}"' in page
    sent = archivist.post("/m/casefiles/nop-luu/", {"file": [str(case_file.pk)], "department": "Văn phòng"})
    assert sent.status_code == 302
    with tenant_context(unit):
        case_file.refresh_from_db()
        assert case_file.status == FileStatus.TRANSFERRED and case_file.archive_number == 1
    page = archivist.get("/m/casefiles/nop-luu/").content.decode()
    pdf = archivist.get(f"/m/casefiles/transfers/{case_file.transfer_id}.pdf")
    assert "Lần 1" in page and pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_deadline_within_thirty_days_is_shown_on_the_files_page(archive):
    unit, people = archive
    with tenant_context(unit):
        due_soon = file_with_documents(people, "01.01", numbers=(1,))
        casefiles.close_file(due_soon.pk, actor=people["archivist"], work_ended_on=date(2025, 6, 2))  # due 2026-06-02
        later = file_with_documents(people, "01.02", numbers=(2,))
        casefiles.close_file(later.pk, actor=people["archivist"], work_ended_on=date(2026, 11, 2))  # due 2027-12-31
        CaseFile.objects.filter(pk=due_soon.pk).update(transfer_due_on=date(2026, 11, 20) + timedelta(days=12))
        casefiles.record_notices(unit, today=date(2026, 11, 20))
    page = UnitClient(unit, people["archivist"]).get("/m/casefiles/").content.decode()
    due = page.split('id="due"')[1].split("</section>")[0]
    assert "2026/01.01" in due and "còn 12 ngày" in due and "01.02" not in due
    assert 'id="notices"' in page  # the notice the daily task recorded


def test_bad_input_and_roles_that_may_not_act_are_refused_and_change_nothing(archive):
    unit, people = archive
    with tenant_context(unit):
        case_file = file_with_documents(people, "01.05", numbers=(1,))
    archivist = UnitClient(unit, people["archivist"])
    act = f"/m/casefiles/ho-so/{case_file.pk}/thao-tac/"
    for post, message in (
            ({"action": "add_document", "document": "999/QĐ-UBND"}, "Không tìm thấy đúng một văn bản"),
            ({"action": "add_document", "document": ""}, "Cần nhập số, ký hiệu văn bản"),
            ({"action": "close", "work_ended_on": "2099-01-01"}, "không thể sau hôm nay"),
            ({"action": "close", "work_ended_on": "hôm qua"}, "Ngày không hợp lệ"),
            ({"action": "burn"}, "Thao tác không hợp lệ")):
        answer = archivist.post(act, post)
        assert answer.status_code == 400 and message in answer.content.decode(), post
    bad_plan = archivist.post("/m/casefiles/danh-muc/", {"year": "2026", "code": "", "title": "Không mã"})
    assert bad_plan.status_code == 400
    nothing = archivist.post("/m/casefiles/nop-luu/", {"department": "Văn phòng"})
    assert nothing.status_code == 400 and "Cần chọn ít nhất một hồ sơ" in nothing.content.decode()
    open_one = archivist.post("/m/casefiles/nop-luu/", {"file": [str(case_file.pk)]})
    assert open_one.status_code == 400 and "chưa kết thúc" in open_one.content.decode()
    # A leader reads and works on files, but neither plans nor transfers; a receiving officer sees nothing.
    leader = UnitClient(unit, people["leader"])
    assert leader.get("/m/casefiles/").status_code == 200
    assert leader.post("/m/casefiles/danh-muc/", {"year": "2026", "code": "09.09", "title": "X"}).status_code == 403
    assert leader.post("/m/casefiles/nop-luu/", {"file": [str(case_file.pk)]}).status_code == 403
    with tenant_context(unit):
        assert not FilePlanEntry.objects.filter(code__in=["", "09.09"]).exists()
        case_file.refresh_from_db()
        assert case_file.status == FileStatus.OPEN and case_file.documents.count() == 1


def test_a_second_units_files_are_not_reachable(archive, unit_b):
    unit, people = archive
    people_b = open_archive(unit_b)
    with tenant_context(unit_b):
        theirs = file_with_documents(people_b, "07.07", numbers=(7,))
    archivist = UnitClient(unit, people["archivist"])
    assert "07.07" not in archivist.get("/m/casefiles/").content.decode()
    assert archivist.get(f"/m/casefiles/ho-so/{theirs.pk}/").status_code == 404
    answer = archivist.post(f"/m/casefiles/ho-so/{theirs.pk}/thao-tac/", {"action": "close"})
    assert answer.status_code == 404
    # B's archivist is no member of A.
    assert UnitClient(unit, people_b["archivist"]).get("/m/casefiles/").status_code in (302, 403)
    with tenant_context(unit_b):
        theirs.refresh_from_db()
        assert theirs.status == FileStatus.OPEN
