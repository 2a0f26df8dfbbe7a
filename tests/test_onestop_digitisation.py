"""Digitisation at receipt (Circular 03/2025/TT-VPCP Art. 5) and data instead of paper: paper components scanned into
the dossier (stored once, type sniffed, size limited), the exemptions, a refused receipt recording nothing, the result
digitised; a component looked up in a shared database through a real HTTP stand-in, and the paper asked for (the
reason kept) when the data is missing or wrong; what was digitised counted for the Decision 766 indicators; another
unit sees nothing."""

import base64
import json
import re
import threading
from datetime import date, datetime
from html import unescape as html_unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from api_support import gql
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, open_office

from core.modules.services import enable
from modules.onestop.models import DailySequence, Dossier, DossierComponent, Handling, ScanFile
from modules.onestop.services import data_sources, digitisation
from modules.onestop.services.actions import perform
from modules.onestop.services.digitisation import Part, Scan
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.intake import Application, receive
from modules.statistics.models import DailyFact
from modules.statistics.services import refresh_day

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MON = date(2026, 10, 5)
AT = datetime(2026, 10, 5, 9, 0, tzinfo=HN)
RECORDS = {  # the stand-in's population database
    "001090000001": {"reference": "DC-0001", "data": {"id_number": "001090000001", "full_name": "Nguyễn Văn An",
                                                      "residence": "Xã Thử Nghiệm A"}},
    "001090000009": {"reference": "DC-0009", "data": {"id_number": "001099999999", "full_name": "Người khác"}},
}


class StandIn(BaseHTTPRequestHandler):
    """The national data platform's REST protocol (data_sources.RestDataPlatform), over real HTTP."""

    calls: list = []

    def do_GET(self):  # noqa: N802 - http.server's name
        _empty, database, key = self.path.split("/", 2)
        StandIn.calls.append((database, key))
        record = RECORDS.get(key) if database == "population" else None
        body = json.dumps(record).encode() if record else b'{"error": "not found"}'
        self.send_response(200 if record else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def platform():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    StandIn.calls = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def office(unit_a, unit_b, platform):
    people = open_office(unit_a)
    enable(unit_a, "onestop", {"data_platform_url": platform, "max_scan_mb": 1})
    people_b = open_office(unit_b, catalogue=False)
    return {"a": unit_a, "b": unit_b, "people": people, "people_b": people_b}


def _receive(office, parts, channel="counter", id_number="001090000001"):
    with tenant_context(office["a"]):
        return receive(Application(PROC, channel, "Nguyễn Văn An", applicant_phone="0912345678",
                                   applicant_id_number=id_number, parts=tuple(parts)),
                       actor=office["people"]["receiving_officer"], received_at=AT)


def _rows(office, code):
    with tenant_context(office["a"]):
        return {c.name: c for c in DossierComponent.objects.filter(dossier__code=code).select_related("scan")}


def test_paper_components_are_scanned_at_receipt_and_stored_once(office):
    first = _receive(office, [Part("Giấy đề nghị", Scan("don.pdf", PDF)),
                              Part("Căn cước", exemption="shown_only")])
    rows = _rows(office, first.code)
    assert rows["Giấy đề nghị"].handling == Handling.SCANNED and rows["Giấy đề nghị"].scan.content_type == \
        "application/pdf" and rows["Giấy đề nghị"].file_name == "don.pdf"
    assert (rows["Căn cước"].handling, rows["Căn cước"].exemption) == (Handling.EXEMPT, "shown_only")
    second = _receive(office, [Part("Giấy đề nghị", Scan("lai.pdf", PDF))])  # the same bytes again
    with tenant_context(office["a"]):
        assert ScanFile.objects.count() == 1
        assert digitisation.scan_content(rows["Giấy đề nghị"].scan_id) == PDF
    assert _rows(office, second.code)["Giấy đề nghị"].scan_id == rows["Giấy đề nghị"].scan_id
    online = _receive(office, [Part("Giấy đề nghị")], channel="online")  # filed online: already electronic
    assert _rows(office, online.code)["Giấy đề nghị"].exemption == "online"


@pytest.mark.parametrize(("part", "code"), [
    (Part("Giấy đề nghị"), "SCAN_REQUIRED"),
    (Part("Giấy đề nghị", Scan("a.txt", b"just text")), "FILE_TYPE_REFUSED"),
    (Part("Giấy đề nghị", Scan("big.pdf", PDF + b"0" * (1024 * 1024))), "FILE_TOO_LARGE"),  # the unit's 1 MB
    (Part("Giấy đề nghị", exemption="processing_result"), "INVALID_DATA"),  # only for results
    (Part(" "), "REQUIRED"),
])
def test_a_refused_part_refuses_the_receipt_and_records_nothing(office, part, code):
    with pytest.raises(OnestopError) as refused:
        _receive(office, [Part("Căn cước", exemption="shown_only"), part])
    assert refused.value.code == code and refused.value.message and refused.value.field == "components"
    with tenant_context(office["a"]):
        assert not Dossier.objects.exists() and not DossierComponent.objects.exists()
        assert not ScanFile.objects.exists() and not DailySequence.objects.exists()  # no number used up


def test_the_result_is_digitised_too(office):
    clerk = office["people"]["receiving_officer"]
    dossier = _receive(office, [Part("Giấy đề nghị", Scan("don.pdf", PDF))])
    with tenant_context(office["a"]):
        with pytest.raises(OnestopError) as early:
            digitisation.record_result(dossier, scan=Scan("kq.png", PNG))
        assert early.value.code == "NO_RESULT"
        Dossier.objects.filter(pk=dossier.pk).update(completed_at=AT)
        dossier.refresh_from_db()
        with pytest.raises(OnestopError) as bare:
            digitisation.record_result(dossier)
        assert bare.value.code == "SCAN_REQUIRED"
        digitisation.record_result(dossier, exemption="processing_result", actor=clerk)
        row = digitisation.record_result(dossier, scan=Scan("kq.png", PNG), actor=clerk)  # replaces the first
        results = DossierComponent.objects.filter(dossier=dossier, kind=DossierComponent.RESULT)
        assert list(results) == [row] and row.handling == Handling.SCANNED and row.scan.content_type == "image/png"


def test_data_instead_of_paper_through_the_platform_and_its_fallbacks(office, platform):
    looked = data_sources.look_up("population", "001090000001", data_sources.RestDataPlatform(platform))
    assert looked.usable and looked.reference == "DC-0001" and looked.data["residence"] == "Xã Thử Nghiệm A"
    with tenant_context(office["a"]):  # the unit's configured platform
        missing = data_sources.look_up("population", "001090000002")
        wrong = data_sources.look_up("population", "001090000009")
        not_held = data_sources.look_up("land", "001090000001")
    assert not missing.usable and "không có dữ liệu" in missing.fallback_reason
    assert not wrong.usable and "không khớp" in wrong.fallback_reason
    assert not not_held.usable
    down = data_sources.look_up("population", "001090000001", data_sources.RestDataPlatform("http://127.0.0.1:9"))
    assert not down.usable and "Không kết nối được" in down.fallback_reason
    with pytest.raises(OnestopError) as unknown:
        data_sources.look_up("horoscope", "1")
    assert unknown.value.code == "UNKNOWN_DATABASE"
    assert ("population", "001090000001") in StandIn.calls

    dossier = _receive(office, [Part("Giấy xác nhận cư trú", database=looked.as_part()),
                                Part("Giấy chứng nhận quyền sử dụng đất", database=not_held.as_part(),
                                     scan=Scan("so-do.pdf", PDF)),
                                Part("Giấy khai sinh", database=missing.as_part())])
    rows = _rows(office, dossier.code)
    residence = rows["Giấy xác nhận cư trú"]
    assert (residence.handling, residence.database_code, residence.lookup_reference) == (Handling.DATABASE,
                                                                                         "population", "DC-0001")
    assert residence.lookup_data["full_name"] == "Nguyễn Văn An" and not residence.scan_id
    land = rows["Giấy chứng nhận quyền sử dụng đất"]  # not in the database: the paper was scanned at once
    assert land.handling == Handling.SCANNED and land.fallback_reason
    birth = rows["Giấy khai sinh"]  # the paper is asked for, and why
    assert birth.handling == Handling.PAPER and "không có dữ liệu" in birth.fallback_reason


def test_what_was_digitised_is_counted_for_decision_766(office):
    clerk = office["people"]["receiving_officer"]
    found = data_sources.Found("population", "001090000001", "DC-0001", {"id_number": "001090000001"}).as_part()
    lost = data_sources.Found("population", "001090000002", fallback_reason="không có").as_part()
    scanned = _receive(office, [Part("Giấy đề nghị", Scan("don.pdf", PDF))])
    _receive(office, [Part("Giấy đề nghị", Scan("don.pdf", PDF)), Part("Cư trú", database=found)])
    _receive(office, [Part("Giấy đề nghị", Scan("don.pdf", PDF)), Part("Khai sinh", database=lost)])  # on paper
    _receive(office, [], channel="online")
    _receive(office, [])  # nothing recorded: not digitised
    with tenant_context(office["a"]):
        Dossier.objects.filter(code=scanned.code).update(completed_at=AT)
        digitisation.record_result(Dossier.objects.get(code=scanned.code), scan=Scan("kq.pdf", PDF), actor=clerk)
        refresh_day(MON, now=datetime(2026, 10, 6, 12, 0, tzinfo=HN))
    fact = DailyFact.objects.get(unit=office["a"], day=MON)
    assert (fact.received_counter + fact.received_online, fact.received_digitised, fact.received_reusing_data) == \
        (5, 3, 1)
    assert fact.results_electronic == 1
    assert not DailyFact.objects.filter(unit=office["b"]).exists()


RECEIVE = """mutation($input: ReceiveDossierInput!) { onestopReceiveDossier(input: $input) {
  dossier { code components { name handling exemption fileName sha256 database lookupReference fallbackReason } }
  errors { code field message } } }"""
DOSSIER = "query($c: String!) { onestopDossier(code: $c) { components { name handling } } }"
RESULT = """mutation($c: String!, $s: String) { onestopDigitiseResult(code: $c, scanBase64: $s, fileName: "kq.pdf") {
  component { name isResult handling sha256 } errors { code field } } }"""


def _client(user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def test_through_graphql_and_never_for_another_unit(office):
    clerk = _client(office["people"]["receiving_officer"])
    scan = base64.b64encode(PDF).decode()
    body = gql(clerk, RECEIVE, {"input": {
        "procedureCode": PROC, "applicantName": "Nguyễn Văn An", "applicantIdNumber": "001090000001",
        "components": [{"name": "Giấy đề nghị", "scanBase64": scan, "fileName": "don.pdf"},
                       {"name": "Căn cước", "exemption": "SHOWN_ONLY"},
                       {"name": "Giấy xác nhận cư trú", "database": "population"}]}}, unit=office["a"])[1]
    received = body["data"]["onestopReceiveDossier"]
    assert received["errors"] == [] and received["dossier"], body
    parts = {c["name"]: c for c in received["dossier"]["components"]}
    assert parts["Giấy đề nghị"]["handling"] == "SCANNED" and len(parts["Giấy đề nghị"]["sha256"]) == 64
    assert parts["Căn cước"]["exemption"] == "SHOWN_ONLY"
    assert (parts["Giấy xác nhận cư trú"]["handling"], parts["Giấy xác nhận cư trú"]["lookupReference"]) == \
        ("DATABASE", "DC-0001")
    refused = gql(clerk, RECEIVE, {"input": {"procedureCode": PROC, "applicantName": "B",
                                             "components": [{"name": "Giấy đề nghị"}]}}, unit=office["a"])[1]
    assert refused["data"]["onestopReceiveDossier"]["errors"][0]["code"] == "SCAN_REQUIRED"
    bad = gql(clerk, RECEIVE, {"input": {"procedureCode": PROC, "applicantName": "B",
                                         "components": [{"name": "X", "scanBase64": "%%%"}]}}, unit=office["a"])[1]
    assert bad["data"]["onestopReceiveDossier"]["errors"][0]["code"] == "INVALID_DATA"
    code = received["dossier"]["code"]
    early = gql(clerk, RESULT, {"c": code, "s": scan}, unit=office["a"])[1]["data"]["onestopDigitiseResult"]
    assert early["errors"][0]["code"] == "NO_RESULT"
    with tenant_context(office["a"]):
        Dossier.objects.filter(code=code).update(completed_at=AT)
    done_body = gql(clerk, RESULT, {"c": code, "s": scan}, unit=office["a"])[1]
    assert "errors" not in done_body, done_body
    done = done_body["data"]["onestopDigitiseResult"]
    assert done["errors"] == [] and done["component"]["isResult"] and done["component"]["handling"] == "SCANNED"
    # another unit's member: nothing of A's dossier, its scans or its look-ups
    other = _client(office["people_b"]["receiving_officer"])
    assert gql(other, DOSSIER, {"c": code}, unit=office["b"])[1]["data"]["onestopDossier"] is None
    foreign = gql(other, RESULT, {"c": code, "s": scan}, unit=office["b"])[1]["data"]["onestopDigitiseResult"]
    assert foreign["errors"][0]["code"] == "NOT_FOUND"
    with tenant_context(office["b"]):
        assert not DossierComponent.objects.exists() and not ScanFile.objects.exists()


def test_the_counter_screen_scans_each_component(office):
    clerk = _client(office["people"]["receiving_officer"])
    page = clerk.get(f"/m/onestop/tiep-nhan/?thu-tuc={PROC}", headers={"X-Egov-Unit": office["a"].code})
    html = page.content.decode()
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in html and 'name="scan-0"' in html
    names = [html_unescape(n) for n in re.findall(r'name="components" value="([^"]+)"', html)]
    assert len(names) >= 2
    form = {"procedure": PROC, "applicant_name": "Nguyễn Văn An", "channel": "counter", "components": names[:2],
            "scan-0": SimpleUploadedFile("don.pdf", PDF, "application/pdf"), "exemption-1": "shown_only"}
    answer = clerk.post("/m/onestop/tiep-nhan/", form, headers={"X-Egov-Unit": office["a"].code})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    with tenant_context(office["a"]):
        rows = list(DossierComponent.objects.order_by("id").values_list("name", "handling"))
    assert rows == [(names[0], "scanned"), (names[1], "exempt")]
    missing = clerk.post("/m/onestop/tiep-nhan/", {**form, "scan-0": ""}, headers={"X-Egov-Unit": office["a"].code})
    assert missing.status_code == 400 and "Cần bản quét" in missing.content.decode()
    looked = clerk.post("/m/onestop/tiep-nhan/", {**form, "scan-0": "", "database-0": "population",
                                                  "applicant_id_number": "001090000001"},
                        headers={"X-Egov-Unit": office["a"].code})
    assert looked.status_code == 302
    with tenant_context(office["a"]):
        row = DossierComponent.objects.filter(name=names[0]).order_by("-id").first()
    assert (row.handling, row.lookup_reference) == ("database", "DC-0001")


def test_the_unit_that_decides_learns_how_each_paper_was_received(office):
    """A transfer carries the list (scanned, exempt, looked up, with the reasons), never the scans' bytes."""
    from modules.onestop.services.transfers import transfer
    from tenants.messaging import services as messaging
    from tenants.messaging.models import OutboxMessage

    found = data_sources.Found("population", "001090000001", "DC-0001", {"id_number": "001090000001"}).as_part()
    dossier = _receive(office, [Part("Giấy đề nghị", Scan("don.pdf", PDF)), Part("Cư trú", database=found),
                                Part("Căn cước", exemption="shown_only")])
    with tenant_context(office["a"]):
        perform(dossier.code, "start", actor=office["people"]["receiving_officer"], at=AT)
        transfer(dossier.code, actor=office["people"]["specialist"], to_unit_code=office["b"].code, note="Liên thông")
        pending = [str(i) for i in OutboxMessage.objects.filter(status="pending").values_list("id", flat=True)]
    for message_id in pending:
        messaging.deliver(office["a"].schema_name, message_id)
    with tenant_context(office["b"]):
        rows = list(DossierComponent.objects.filter(dossier__code=dossier.code).order_by("id")
                    .values_list("name", "handling", "exemption", "lookup_reference", "scan_id"))
        assert not ScanFile.objects.exists()
    assert rows == [("Giấy đề nghị", "scanned", "", "", None), ("Cư trú", "database", "", "DC-0001", None),
                    ("Căn cước", "exempt", "shown_only", "", None)]


def test_the_papers_screen_opens_the_scans_and_digitises_the_result(office):
    first = _receive(office, [Part("Giấy đề nghị", Scan("don.pdf", PDF)), Part("Căn cước", exemption="shown_only")])
    other = _receive(office, [Part("Tờ khai", Scan("to-khai.png", PNG))])
    sha = _rows(office, first.code)["Giấy đề nghị"].scan_id
    foreign_sha = _rows(office, other.code)["Tờ khai"].scan_id
    clerk, unit = _client(office["people"]["receiving_officer"]), {"X-Egov-Unit": office["a"].code}
    page = clerk.get(f"/m/onestop/ho-so/{first.code}/giay-to/", headers=unit).content.decode()
    assert f"/m/onestop/ho-so/{first.code}/giay-to/{sha}/" in page and 'id="digitise-result"' not in page  # no result
    scan = clerk.get(f"/m/onestop/ho-so/{first.code}/giay-to/{sha}/", headers=unit)
    assert scan.status_code == 200 and scan.content == PDF and scan["Content-Type"] == "application/pdf"
    # another dossier's scan is never served through this one, nor to another unit
    assert clerk.get(f"/m/onestop/ho-so/{first.code}/giay-to/{foreign_sha}/", headers=unit).status_code == 404
    outsider = _client(office["people_b"]["receiving_officer"])
    assert outsider.get(f"/m/onestop/ho-so/{first.code}/giay-to/{sha}/",
                        headers={"X-Egov-Unit": office["b"].code}).status_code == 404
    with tenant_context(office["a"]):
        Dossier.objects.filter(code=first.code).update(completed_at=AT)
    specialist = _client(office["people"]["specialist"])
    refused = specialist.post(f"/m/onestop/ho-so/{first.code}/giay-to/", {}, headers=unit)
    assert refused.status_code == 400 and "Cần bản số hóa của kết quả" in refused.content.decode()
    done = specialist.post(f"/m/onestop/ho-so/{first.code}/giay-to/",
                           {"scan": SimpleUploadedFile("kq.pdf", PDF, "application/pdf")}, headers=unit)
    assert done.status_code == 302
    with tenant_context(office["a"]):
        assert DossierComponent.objects.get(dossier__code=first.code, kind="result").handling == "scanned"
