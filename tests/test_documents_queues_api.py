"""The workspace's queues and filters through GraphQL (issue 11, item 9): documentsQueue (waiting for me, to approve
and sign, overdue) and the list filters of the registers (date range, issuer with or without tone marks, urgency),
read by the same services as the screens, in a number of SQL queries that does not grow with the page; nothing of a
second unit."""

from datetime import date, datetime

import pytest
from api_support import gql
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from documents_support import HN, incoming_meta, open_registry

from modules.documents.services import actions

QUEUE = """query($q: DocumentQueue!, $f: DocumentFilter, $n: Int) {
  documentsQueue(queue: $q, filter: $f, first: $n) { totalCount edges { node { subject urgency } } } }"""
LIST = """query($f: DocumentFilter) { documents(filter: $f) { totalCount edges { node { subject } } } }"""


@pytest.fixture
def office(unit_a):
    return unit_a, open_registry(unit_a)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _subjects(body, field):
    return [e["node"]["subject"] for e in body["data"][field]["edges"]]


def test_the_queues_are_the_screens_queues(office):
    unit, people = office
    with tenant_context(unit):
        urgent = actions.register_incoming(incoming_meta(1, subject="Khẩn: phòng chống bão", urgency="khan"),
                                           actor=people["clerk"])
        plain = actions.register_incoming(incoming_meta(2, subject="Báo cáo tháng"), actor=people["clerk"])
        for doc in (urgent, plain):
            actions.present(doc.pk, actor=people["clerk"], leader_id=people["leader"].pk)
        actions.register_incoming(incoming_meta(3, subject="Hạn đã qua", due_on=date(2026, 11, 2)),
                                  actor=people["clerk"], at=datetime(2026, 10, 30, 9, tzinfo=HN))
        draft = actions.create_outgoing(incoming_meta(4, subject="Dự thảo chờ ký"), actor=people["specialist"],
                                        signing_authority_id=people["leader"].pk)
        actions.add_version(draft.pk, actor=people["specialist"], note="v1")
        actions.submit(draft.pk, actor=people["specialist"])
        actions.review_content(draft.pk, actor=people["leader"])
        actions.review_format(draft.pk, actor=people["clerk"])
    leader = _client(people["leader"])
    status, body = gql(leader, QUEUE, {"q": "WAITING"}, unit=unit)
    assert status == 200 and _subjects(body, "documentsQueue") == ["Khẩn: phòng chống bão", "Báo cáo tháng",
                                                                   "Dự thảo chờ ký"]
    _s, body = gql(leader, QUEUE, {"q": "TO_SIGN"}, unit=unit)
    assert _subjects(body, "documentsQueue") == ["Dự thảo chờ ký"]
    _s, body = gql(leader, QUEUE, {"q": "OVERDUE"}, unit=unit)
    assert _subjects(body, "documentsQueue") == ["Hạn đã qua"]
    _s, body = gql(leader, QUEUE, {"q": "WAITING", "f": {"urgency": "KHAN"}}, unit=unit)
    assert _subjects(body, "documentsQueue") == ["Khẩn: phòng chống bão"]
    # The clerk waits for none of these (presented, or drafts past her step); the specialist signs nothing.
    _s, body = gql(_client(people["clerk"]), QUEUE, {"q": "WAITING"}, unit=unit)
    assert "Hạn đã qua" in _subjects(body, "documentsQueue") and "Báo cáo tháng" not in _subjects(body, "documentsQueue")
    _s, body = gql(_client(people["specialist"]), QUEUE, {"q": "TO_SIGN"}, unit=unit)
    assert body["data"]["documentsQueue"]["totalCount"] == 0
    _s, body = gql(leader, "{ documentsQueue(queue: LATER) { totalCount } }", unit=unit)
    assert body.get("errors")  # an unknown queue is refused by the schema


def test_register_filters_by_date_issuer_without_tones_and_urgency(office):
    unit, people = office
    with tenant_context(unit):
        actions.register_incoming(incoming_meta(5, subject="Từ Sở Tư pháp", issuer="Sở Tư pháp tỉnh Nghệ An"),
                                  actor=people["clerk"], at=datetime(2026, 11, 2, 9, tzinfo=HN))
        actions.register_incoming(incoming_meta(6, subject="Từ Bộ Nội vụ", issuer="Bộ Nội vụ", urgency="hoa_toc"),
                                  actor=people["clerk"], at=datetime(2026, 11, 19, 9, tzinfo=HN))
    clerk = _client(people["clerk"])
    for flt, expected in (({"issuer": "so tu phap"}, ["Từ Sở Tư pháp"]),
                          ({"dateFrom": "2026-11-10", "dateTo": "2026-11-20"}, ["Từ Bộ Nội vụ"]),
                          ({"dateTo": "2026-11-10"}, ["Từ Sở Tư pháp"]),
                          ({"urgency": "HOA_TOC", "direction": "INCOMING"}, ["Từ Bộ Nội vụ"]),
                          ({"urgency": "NONE"}, ["Từ Sở Tư pháp"])):
        status, body = gql(clerk, LIST, {"f": flt}, unit=unit)
        assert status == 200 and _subjects(body, "documents") == expected, flt


def _sql(captured) -> int:
    return len([q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_a_queue_costs_the_same_sql_at_any_page_size(office):
    unit, people = office
    with tenant_context(unit):
        for n in range(30):
            doc = actions.register_incoming(incoming_meta(100 + n, subject=f"Văn bản {n}"), actor=people["clerk"])
            actions.present(doc.pk, actor=people["clerk"], leader_id=people["leader"].pk)
    leader = _client(people["leader"])
    gql(leader, QUEUE, {"q": "WAITING", "n": 5}, unit=unit)
    counts = []
    for n in (5, 30):
        with CaptureQueriesContext(connection) as captured:
            _s, body = gql(leader, QUEUE, {"q": "WAITING", "n": n}, unit=unit)
        assert len(body["data"]["documentsQueue"]["edges"]) == n
        counts.append(_sql(captured))
    assert counts[0] == counts[1]


def test_a_second_units_documents_are_in_no_queue(office, unit_b):
    unit, people = office
    people_b = open_registry(unit_b)
    with tenant_context(unit_b):
        doc = actions.register_incoming(incoming_meta(7, subject="Của đơn vị B"), actor=people_b["clerk"])
        actions.present(doc.pk, actor=people_b["clerk"], leader_id=people_b["leader"].pk)
    for user in (people["leader"], people_b["leader"]):
        _s, body = gql(_client(user), QUEUE, {"q": "WAITING"}, unit=unit)
        assert "Của đơn vị B" not in str(body)
