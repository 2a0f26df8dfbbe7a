"""The case-file API: the archivist's and the specialist's work through GraphQL with typed Vietnamese errors, the
list of files in a number of queries that does not grow with it, and the transfer list downloaded as PDF and Excel."""

import io

import pytest
from api_support import add_member, codes, gql
from casefiles_support import file_with_documents, incoming, open_archive
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.casefiles import services as casefiles
from modules.casefiles.models import CaseFile

PLAN = """mutation($code: String!, $r: Int) { casefilesAddPlanEntry(year: 2026, code: $code, title: "Hồ sơ thanh tra",
  retentionYears: $r, keeperDepartment: "Thanh tra") { entry { id code retentionYears } errors { field code message } } }"""
OPEN = """mutation($e: ID!) { casefilesOpen(planEntryId: $e) { caseFile { id status code } errors { code message } } }"""
ADD = """mutation($id: ID!, $d: ID!) { casefilesAddDocument(id: $id, documentId: $d) {
  caseFile { id documents { documentId numberSymbol } } errors { field code message } } }"""
CLOSE = """mutation($id: ID!) { casefilesClose(id: $id, pageCount: 4) {
  caseFile { status transferDueOn retentionEndsOn } errors { code message } } }"""
TRANSFER = """mutation($ids: [ID!]!) { casefilesTransfer(fileIds: $ids) {
  transfer { id number pdfUrl xlsxUrl } errors { field code message } } }"""
LIST = """{ casefiles(first: 100) { totalCount edges { node { id code status archiveNumber
  documents { documentId subject } } } } }"""


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(unit_a):
    return unit_a, open_archive(unit_a)


def test_the_whole_life_of_a_file_through_the_api(office):
    unit, people = office
    archivist, specialist = signed_in(people["archivist"]), signed_in(people["specialist"])
    with tenant_context(unit):
        doc = incoming(people, 5)
    entry = gql(archivist, PLAN, {"code": "03.01", "r": 20}, unit=unit)[1]["data"]["casefilesAddPlanEntry"]
    assert entry["errors"] == [] and entry["entry"]["retentionYears"] == 20
    refused = gql(archivist, PLAN, {"code": "03.02", "r": 0}, unit=unit)[1]["data"]["casefilesAddPlanEntry"]
    assert refused["errors"] == [{"field": "retentionYears", "code": "INVALID_DATA",
                                  "message": "Thời hạn bảo quản phải là vĩnh viễn hoặc từ 1 đến 100 năm."}]
    opened = gql(specialist, OPEN, {"e": entry["entry"]["id"]}, unit=unit)[1]["data"]["casefilesOpen"]["caseFile"]
    added = gql(specialist, ADD, {"id": opened["id"], "d": str(doc)}, unit=unit)[1]["data"]["casefilesAddDocument"]
    assert added["caseFile"]["documents"] == [{"documentId": str(doc), "numberSymbol": "05/QĐ-UBND"}]
    closed = gql(specialist, CLOSE, {"id": opened["id"]}, unit=unit)[1]["data"]["casefilesClose"]["caseFile"]
    assert closed == {"status": "CLOSED", "transferDueOn": "2027-12-31", "retentionEndsOn": "2046-11-20"}
    with tenant_context(unit):
        other = incoming(people, 6)
    late = gql(specialist, ADD, {"id": opened["id"], "d": str(other)}, unit=unit)[1]["data"]["casefilesAddDocument"]
    assert late == {"caseFile": None, "errors": [{"field": "id", "code": "FILE_CLOSED",
                                                   "message": "Hồ sơ 03.01 đã kết thúc, không thể thay đổi."}]}
    # Only the archive's people transfer.
    assert codes(gql(specialist, TRANSFER, {"ids": [opened["id"]]}, unit=unit)[1]) == ["PERMISSION_DENIED"]
    moved = gql(archivist, TRANSFER, {"ids": [opened["id"]]}, unit=unit)[1]["data"]["casefilesTransfer"]
    assert moved["errors"] == [] and moved["transfer"]["number"] == 1
    bad = gql(archivist, TRANSFER, {"ids": ["x1"]}, unit=unit)[1]["data"]["casefilesTransfer"]["errors"]
    assert [e["code"] for e in bad] == ["NOT_FOUND"]
    pdf = archivist.get(moved["transfer"]["pdfUrl"], HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = archivist.get(moved["transfer"]["xlsxUrl"], HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)
    assert load_workbook(io.BytesIO(xlsx.content)).active["B7"].value == "03.01"
    outsider = signed_in(add_member(unit, "no-role-casefiles", roles=()))
    denied = outsider.get(moved["transfer"]["pdfUrl"], HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)
    assert denied.status_code == 403
    with tenant_context(unit):
        assert CaseFile.objects.get().archive_number == 1


def _count(client, unit) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        status, body = gql(client, LIST, unit=unit)
    assert status == 200 and "errors" not in body, body
    return len(captured.captured_queries), body


def test_the_list_of_files_does_not_grow_in_queries(office):
    unit, people = office
    client = signed_in(people["archivist"])
    with tenant_context(unit):
        file_with_documents(people, "01.01", numbers=(1, 2))
    _count(client, unit)  # warm per-process caches
    few, _ = _count(client, unit)
    with tenant_context(unit):
        for i in range(2, 12):
            f = file_with_documents(people, f"01.{i:02d}", numbers=(10 * i, 10 * i + 1))
            casefiles.close_file(f.pk, actor=people["specialist"])
    many, body = _count(client, unit)
    assert body["data"]["casefiles"]["totalCount"] == 11
    assert sum(len(e["node"]["documents"]) for e in body["data"]["casefiles"]["edges"]) == 22
    assert many == few
