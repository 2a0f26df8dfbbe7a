"""Staff attaching files through the API as file parts of a multipart request (the Upload scalar) as well as base64:
the one-stop counter's scans (onestopReceiveDossier components, onestopDigitiseResult) and documents' originals
(documentsRegisterIncoming files), through the same checks (type sniffed, the unit's size limit), one of the two ways
per file, nothing of unit A's reachable from unit B."""

import base64
import hashlib
import json

import pytest
from api_support import headers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context
from documents_support import open_registry
from modules_support import enable_modules
from onestop_support import PROC, open_office

from core.modules.services import enable
from modules.documents.models import Document
from modules.onestop.models import Dossier, DossierComponent, ScanFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RECEIVE = """mutation($input: ReceiveDossierInput!) { onestopReceiveDossier(input: $input) {
  dossier { code components { name handling fileName sha256 } } errors { code field message } } }"""
RESULT = """mutation($c: String!, $s: Upload, $b: String) { onestopDigitiseResult(code: $c, scan: $s, scanBase64: $b) {
  component { isResult handling fileName sha256 } errors { code field } } }"""
REGISTER = """mutation($m: DocumentMetadataInput!, $f: [DocumentFileInput!]) {
  documentsRegisterIncoming(metadata: $m, files: $f) { document { id attachments { name sha256 } }
  errors { field code message } } }"""


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, unit, query, variables, files: dict):
    """A multipart request: each file part named by its path in the variables."""
    mapping = {str(i): [f"variables.{path}"] for i, path in enumerate(files)}
    data = {"operations": json.dumps({"query": query, "variables": variables}), "map": json.dumps(mapping),
            **{str(i): f for i, f in enumerate(files.values())}}
    response = client.post("/graphql/", data=data, **headers(unit))
    return response.status_code, response.json()


def pdf(name="don.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


@pytest.fixture
def office(unit_a, unit_b):
    people = open_office(unit_a)
    enable(unit_a, "onestop", {"max_scan_mb": 1})
    return {"a": unit_a, "b": unit_b, "people": people, "people_b": open_office(unit_b, catalogue=False)}


def test_the_counter_sends_scans_as_file_parts_beside_base64(office):
    clerk = signed_in(office["people"]["receiving_officer"])
    variables = {"input": {"procedureCode": PROC, "applicantName": "Nguyễn Văn An", "components": [
        {"name": "Giấy đề nghị", "scan": None},
        {"name": "Giấy ủy quyền", "scan": None, "fileName": "uy-quyen.pdf"},
        {"name": "Sổ hộ khẩu", "scanBase64": base64.b64encode(PDF + b"1").decode(), "fileName": "so.pdf"}]}}
    status, body = send(clerk, office["a"], RECEIVE, variables, {
        "input.components.0.scan": pdf("đơn.pdf"), "input.components.1.scan": pdf("x.pdf", PDF + b"2")})
    received = body["data"]["onestopReceiveDossier"]
    assert status == 200 and received["errors"] == [], body
    parts = {c["name"]: c for c in received["dossier"]["components"]}
    assert {n: (c["handling"], c["fileName"]) for n, c in parts.items()} == {
        "Giấy đề nghị": ("SCANNED", "đơn.pdf"), "Giấy ủy quyền": ("SCANNED", "uy-quyen.pdf"),
        "Sổ hộ khẩu": ("SCANNED", "so.pdf")}
    assert parts["Giấy đề nghị"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    with tenant_context(office["a"]):
        assert bytes(ScanFile.objects.get(sha256=hashlib.sha256(PDF + b"2").hexdigest()).content) == PDF + b"2"


def test_a_scan_refused_by_the_units_checks_records_nothing(office):
    clerk = signed_in(office["people"]["receiving_officer"])
    one = {"input": {"procedureCode": PROC, "applicantName": "B", "components": [{"name": "X", "scan": None}]}}
    for upload, code in ((pdf("lon.pdf", PDF + b"0" * (1024 * 1024)), "FILE_TOO_LARGE"),  # max_scan_mb 1
                         (SimpleUploadedFile("a.pdf", b"<html>not a scan</html>", "application/pdf"),
                          "FILE_TYPE_REFUSED")):
        status, body = send(clerk, office["a"], RECEIVE, one, {"input.components.0.scan": upload})
        errors = body["data"]["onestopReceiveDossier"]["errors"]
        assert status == 200 and [(e["field"], e["code"]) for e in errors] == [("components", code)], body
    both = {"input": {"procedureCode": PROC, "applicantName": "B", "components": [
        {"name": "X", "scan": None, "scanBase64": base64.b64encode(PDF).decode()}]}}
    status, body = send(clerk, office["a"], RECEIVE, both, {"input.components.0.scan": pdf()})
    assert body["data"]["onestopReceiveDossier"]["errors"][0]["code"] == "INVALID_DATA"
    with tenant_context(office["a"]):
        assert not Dossier.objects.exists() and not ScanFile.objects.exists()


def test_the_result_digitised_from_a_file_part_and_never_at_another_unit(office):
    clerk = signed_in(office["people"]["receiving_officer"])
    status, body = send(clerk, office["a"], RECEIVE, {"input": {"procedureCode": PROC, "applicantName": "An",
                                                                "components": [{"name": "Đơn", "scan": None}]}},
                        {"input.components.0.scan": pdf()})
    code = body["data"]["onestopReceiveDossier"]["dossier"]["code"]
    with tenant_context(office["a"]):
        Dossier.objects.filter(code=code).update(completed_at="2026-11-20T09:00:00+07:00")
    status, body = send(clerk, office["a"], RESULT, {"c": code, "s": None}, {"s": pdf("kq.pdf", PDF + b"kq")})
    done = body["data"]["onestopDigitiseResult"]
    assert done["errors"] == [] and (done["component"]["handling"], done["component"]["fileName"]) == (
        "SCANNED", "kq.pdf"), body
    other = signed_in(office["people_b"]["receiving_officer"])
    status, body = send(other, office["b"], RESULT, {"c": code, "s": None}, {"s": pdf("kq.pdf", PDF + b"b")})
    assert body["data"]["onestopDigitiseResult"]["errors"][0]["code"] == "NOT_FOUND"
    with tenant_context(office["b"]):
        assert not DossierComponent.objects.exists() and not ScanFile.objects.exists()


def test_documents_originals_as_file_parts_or_base64_one_way_per_file(unit_a, unit_b):
    enable_modules(unit_b, "documents")
    people = open_registry(unit_a)
    clerk = signed_in(people["clerk"])
    meta = {"typeCode": "quyet_dinh", "subject": "Về việc kiểm tra", "number": 12, "symbol": "QĐ-UBND",
            "issuerName": "UBND tỉnh", "issuedOn": "2026-11-18"}
    files = [{"name": "qd.pdf", "contentType": "application/pdf", "content": None},
             {"name": "pl.pdf", "contentType": "application/pdf", "contentBase64": base64.b64encode(PDF + b"p").decode()}]
    status, body = send(clerk, unit_a, REGISTER, {"m": meta, "f": files}, {"f.0.content": pdf("qd.pdf")})
    payload = body["data"]["documentsRegisterIncoming"]
    assert status == 200 and payload["errors"] == [], body
    assert [(a["name"], a["sha256"]) for a in payload["document"]["attachments"]] == [
        ("qd.pdf", hashlib.sha256(PDF).hexdigest()), ("pl.pdf", hashlib.sha256(PDF + b"p").hexdigest())]
    neither = [{"name": "x.pdf", "contentType": "application/pdf"}]
    status, body = send(clerk, unit_a, REGISTER, {"m": {**meta, "number": 13}, "f": neither}, {})
    assert body["data"]["documentsRegisterIncoming"]["errors"][0]["code"] == "INVALID_DATA"
    mismatch = [{"name": "x.png", "contentType": "image/png", "content": None}]
    status, body = send(clerk, unit_a, REGISTER, {"m": {**meta, "number": 14}, "f": mismatch}, {"f.0.content": pdf()})
    assert body["data"]["documentsRegisterIncoming"]["errors"][0]["code"] == "FILE_TYPE_MISMATCH"
    with tenant_context(unit_a):
        assert Document.objects.count() == 1
    with tenant_context(unit_b):
        assert not Document.objects.exists()
