"""Work tasks: assigned on their own or from a document, deadlines in working days across a holiday, progress
reports by those involved, closing, and the leader's view of late work per person and per department in a number
of queries that does not grow with the tasks."""

from datetime import datetime

import pytest
from api_support import gql
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from documents_support import HN, incoming_meta, open_registry

from core.modules.services import enable
from modules.documents.services import actions
from modules.worktasks import services as worktasks
from modules.worktasks.models import Task

LATE = """{ worktasksLate { byPerson { key count oldestDueAt } byDepartment { key count } } }"""


@pytest.fixture
def office(unit_a):
    people = open_registry(unit_a)
    enable(unit_a, "worktasks")
    return unit_a, people


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_task_from_a_document_with_a_deadline_in_working_days(office):
    unit, people = office
    with tenant_context(unit):
        doc = actions.register_incoming(incoming_meta(), actor=people["clerk"])
        # Friday 5 February 2027, the eve of Tết: five working days end after the holiday.
        at = datetime(2027, 2, 5, 9, 0, tzinfo=HN)
        task = worktasks.assign("Báo cáo tình hình", people["specialist"].pk, actor=people["leader"], days=5,
                                coworker_ids=[people["specialist2"].pk], department="Văn phòng", document_id=doc.pk,
                                at=at)
        # Without the holiday five working days would end on Friday 12 February.
        assert task.document_id == doc.pk and task.due_at == datetime(2027, 2, 17, 17, 0, tzinfo=HN)
        with pytest.raises(worktasks.WorktasksError) as refused:
            worktasks.assign("x", people["specialist"].pk, actor=people["leader"], document_id=999999)
        assert refused.value.code == "DOCUMENT_NOT_FOUND"


def test_reports_and_closing_by_those_involved_only(office):
    unit, people = office
    with tenant_context(unit):
        task = worktasks.assign("Kiểm tra", people["specialist"].pk, actor=people["leader"], days=3,
                                coworker_ids=[people["specialist2"].pk])
        worktasks.report(task.pk, actor=people["specialist2"], body="Đã làm một nửa", progress=50)
        with pytest.raises(worktasks.WorktasksError) as outsider:
            worktasks.report(task.pk, actor=people["clerk"], body="x", progress=60)
        assert outsider.value.code == "NOT_INVOLVED"
        with pytest.raises(worktasks.WorktasksError) as coworker_closing:
            worktasks.close(task.pk, actor=people["specialist2"])
        assert coworker_closing.value.code == "NOT_INVOLVED"
        worktasks.close(task.pk, actor=people["specialist"], result="Xong")
        with pytest.raises(worktasks.WorktasksError) as closed:
            worktasks.report(task.pk, actor=people["specialist"], body="thêm", progress=100)
        assert closed.value.code == "TASK_CLOSED"
        assert closed.value.message == "Công việc \"Kiểm tra\" đã hoàn thành, không thể thay đổi."
        assert Task.objects.get().reports.count() == 1
        with pytest.raises(worktasks.WorktasksError) as stranger:
            worktasks.assign("y", 987654321, actor=people["leader"])
        assert stranger.value.code == "NOT_A_MEMBER"


def _late(unit, people, n: int, start: int) -> None:
    with tenant_context(unit):
        for i in range(n):
            who = people["specialist"] if i % 2 else people["specialist2"]
            worktasks.assign(f"Việc {start + i}", who.pk, actor=people["leader"], days=2,
                             department="Văn phòng" if i % 3 else "Tài chính",
                             at=datetime(2026, 10, 1, 9, 0, tzinfo=HN))


def _count(client, unit):
    with CaptureQueriesContext(connection) as captured:
        status, body = gql(client, LATE, unit=unit)
    assert status == 200 and "errors" not in body, body
    return len(captured.captured_queries), body["data"]["worktasksLate"]


def test_the_leaders_view_of_late_work_in_constant_queries(office):
    unit, people = office
    with tenant_context(unit):  # not late: done, or due later
        worktasks.close(worktasks.assign("Xong rồi", people["specialist"].pk, actor=people["leader"], days=1,
                                         at=datetime(2026, 10, 1, 9, 0, tzinfo=HN)).pk, actor=people["leader"])
        worktasks.assign("Còn hạn", people["specialist"].pk, actor=people["leader"], days=10)
    client = signed_in(people["leader"])
    _late(unit, people, 3, 0)
    _count(client, unit)
    few, view = _count(client, unit)
    assert sum(r["count"] for r in view["byPerson"]) == 3
    _late(unit, people, 27, 3)
    many, view = _count(client, unit)
    assert many == few
    assert {r["key"]: r["count"] for r in view["byPerson"]} == {
        str(people["specialist"].pk): 14, str(people["specialist2"].pk): 16}
    assert {r["key"]: r["count"] for r in view["byDepartment"]} == {"Văn phòng": 20, "Tài chính": 10}
