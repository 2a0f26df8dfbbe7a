"""The national public service portal through a real HTTP stand-in: an online dossier filed there arrives with its form
data and attachments, is acknowledged with its code, is one dossier when delivered twice; its status changes and its
digitised result go back in order, a failed send is retried later; a bad delivery is refused alone; another unit
receives nothing of it."""

import base64
import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from api_support import add_member, gql
from django.test import Client
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, open_office

from core.modules.services import enable
from modules.onestop.models import Dossier, DossierComponent, NationalLink, NationalUpdate
from modules.onestop.services import digitisation, national_portal
from modules.onestop.services.actions import perform
from modules.onestop.services.digitisation import Scan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AT = datetime(2026, 10, 5, 9, 0, tzinfo=HN)
FILED = {"id": "G22.99-261005-000123", "procedure_code": PROC,
         "applicant": {"name": "Trần Thị Bình", "phone": "0912345678", "id_number": "001090000002"},
         "form_data": {"ten_ho_kinh_doanh": "Quán Bình An", "von": 50_000_000},
         "attachments": [{"name": "giay-de-nghi.pdf", "content_base64": base64.b64encode(PDF).decode()}]}


class Portal(BaseHTTPRequestHandler):
    """The portal's side of the protocol (national_portal.RestNationalPortal), with what it was told."""

    dossiers: dict = {}
    acknowledged: list = []
    statuses: list = []
    fail_status: int = 0  # answer 503 to this many status posts

    def _answer(self, code, body):
        raw = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):  # noqa: N802
        unit = self.path.split("/")[2]
        self._answer(200, {"dossiers": Portal.dossiers.get(unit, [])})

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        national_id, what = self.path.split("/")[2], self.path.split("/")[3]
        if what == "received":
            Portal.acknowledged.append((national_id, body["code"]))
            return self._answer(200, {})
        if Portal.fail_status:
            Portal.fail_status -= 1
            return self._answer(503, {"error": "busy"})
        Portal.statuses.append((national_id, body))
        return self._answer(200, {})

    def log_message(self, *args):
        pass


@pytest.fixture
def portal_url():
    Portal.dossiers, Portal.acknowledged, Portal.statuses, Portal.fail_status = {}, [], [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def office(unit_a, unit_b, portal_url):
    people = open_office(unit_a)
    enable(unit_a, "onestop", {"national_portal_url": portal_url})
    open_office(unit_b, catalogue=False)
    enable(unit_b, "onestop", {"national_portal_url": portal_url})
    return {"a": unit_a, "b": unit_b, "people": people}


def test_a_dossier_filed_on_the_national_portal_arrives_once(office):
    Portal.dossiers = {office["a"].code: [FILED]}
    with tenant_context(office["a"]):
        first = national_portal.pull(at=AT)
        again = national_portal.pull(at=AT + timedelta(minutes=5))  # the portal delivers it again
        dossier = Dossier.objects.get()
        link = NationalLink.objects.get()
        files = list(DossierComponent.objects.filter(dossier=dossier).select_related("scan"))
    assert first.received == [dossier.code] and again.received == [] and again.repeated == [dossier.code]
    assert (dossier.channel, dossier.status, dossier.applicant_name) == ("online", "received", "Trần Thị Bình")
    assert dossier.data["ten_ho_kinh_doanh"] == "Quán Bình An" and dossier.data["national_portal_id"] == FILED["id"]
    assert (link.national_id, link.deliveries) == (FILED["id"], 2)
    assert [(f.name, f.handling, f.exemption, bytes(f.scan.content)) for f in files] == \
        [("giay-de-nghi.pdf", "exempt", "online", PDF)]
    assert Portal.acknowledged == [(FILED["id"], dossier.code)] * 2
    with tenant_context(office["b"]):  # another unit: nothing of it
        assert national_portal.pull(at=AT).received == [] and not Dossier.objects.exists()


def test_a_bad_delivery_is_refused_alone(office):
    broken = {**FILED, "id": "G22.99-261005-000124", "attachments": [{"name": "x", "content_base64": "%%%"}]}
    unknown = {**FILED, "id": "G22.99-261005-000125", "procedure_code": "9.999999"}
    Portal.dossiers = {office["a"].code: [broken, unknown, FILED]}
    with tenant_context(office["a"]):
        report = national_portal.pull(at=AT)
        assert Dossier.objects.count() == 1 and NationalLink.objects.get().national_id == FILED["id"]
    assert set(report.refused) == {broken["id"], unknown["id"]} and len(report.received) == 1
    assert report.refused[broken["id"]].startswith("INVALID_DATA")


def test_statuses_and_the_result_go_back_in_order_and_are_retried(office):
    clerk = office["people"]["receiving_officer"]
    Portal.dossiers = {office["a"].code: [FILED]}
    with tenant_context(office["a"]):
        national_portal.pull(at=AT)
        code = Dossier.objects.get().code
        perform(code, "start", actor=clerk, at=AT + timedelta(minutes=10))
        Portal.fail_status = 1
        first = national_portal.push(now=AT + timedelta(minutes=11))
        assert first == {"sent": 0, "failed": 1, "waiting": 1}  # the second waits behind the first
        failed = NationalUpdate.objects.order_by("id").first()
        assert failed.attempts == 1 and failed.last_error == "HTTP 503" and failed.sent_at is None
        assert national_portal.push(now=AT + timedelta(minutes=11, seconds=30))["sent"] == 0  # not yet due
        assert national_portal.push(now=AT + timedelta(minutes=13)) == {"sent": 2, "failed": 0, "waiting": 0}
        dossier = Dossier.objects.get()
        Dossier.objects.filter(pk=dossier.pk).update(completed_at=AT + timedelta(hours=1))
        dossier.refresh_from_db()
        digitisation.record_result(dossier, scan=Scan("ket-qua.pdf", PDF), actor=clerk)
        national_portal.note_change(code, "approve", "result_ready", AT + timedelta(hours=1))
        assert national_portal.push(now=AT + timedelta(hours=1, minutes=1))["sent"] == 1
        assert national_portal.push(now=AT + timedelta(hours=2)) == {"sent": 0, "failed": 0, "waiting": 0}
    assert [(s["status"], s["code"]) for _id, s in Portal.statuses] == \
        [("received", code), ("in_process", code), ("result_ready", code)]
    assert [s["update_id"] for _id, s in Portal.statuses] == sorted(s["update_id"] for _id, s in Portal.statuses)
    assert base64.b64decode(Portal.statuses[-1][1]["result"]["content_base64"]) == PDF
    assert {national_id for national_id, _s in Portal.statuses} == {FILED["id"]}


def test_an_unreachable_portal_changes_nothing(office):
    with tenant_context(office["a"]):
        down = national_portal.RestNationalPortal("http://127.0.0.1:9")
        assert national_portal.pull(down, at=AT).unavailable
        assert not Dossier.objects.exists()


TRACE = """query($c: String!) { onestopDossier(code: $c) { channel nationalPortal { nationalId deliveries
  updates { action status attempts sentAt lastError withResult } } } }"""


def test_the_trace_through_graphql_for_the_unit_only(office):
    Portal.dossiers = {office["a"].code: [FILED]}
    with tenant_context(office["a"]):
        national_portal.pull(at=AT)
        national_portal.pull(at=AT)
        code = Dossier.objects.get().code
        Portal.fail_status = 1
        national_portal.push(now=AT)
    client = Client(HTTP_HOST="localhost")
    client.force_login(office["people"]["receiving_officer"])
    body = gql(client, TRACE, {"c": code}, unit=office["a"])[1]
    assert "errors" not in body, body
    trace = body["data"]["onestopDossier"]["nationalPortal"]
    assert (trace["nationalId"], trace["deliveries"]) == (FILED["id"], 2)
    assert trace["updates"] == [{"action": "receive", "status": "received", "attempts": 1, "sentAt": None,
                                 "lastError": "HTTP 503", "withResult": False}]
    outsider = Client(HTTP_HOST="localhost")
    outsider.force_login(add_member(office["b"], "receiving-b", roles=("receiving_officer",)))
    assert gql(outsider, TRACE, {"c": code}, unit=office["b"])[1]["data"]["onestopDossier"] is None


def test_the_periodic_unit_tasks_pull_and_push(office):
    from modules.onestop.tasks import pull_national_portal, push_national_portal

    Portal.dossiers = {office["a"].code: [FILED]}
    assert pull_national_portal(office["a"].schema_name) == 1
    assert pull_national_portal(office["a"].schema_name) == 0  # delivered again: the same dossier
    assert push_national_portal(office["a"].schema_name) == 1
    assert [s["status"] for _id, s in Portal.statuses] == ["received"]
    assert pull_national_portal(office["b"].schema_name) == 0
