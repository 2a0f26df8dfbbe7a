"""Document exchange outside the installation: the document axis (national axis or the province's LGSP) through the
real REST adapter against a local stand-in server (a real HTTP server in a thread, OAuth 2 client credentials, base64
edXML); retries while the axis is down, every message kept with its trace; envelopes fetched into the inbox of
arrivals, registered or refused, the sender told; `egov documents import-edxml` / `export-edxml` by file."""

from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context
from documents_support import issue_one, open_registry, outgoing_meta
from exchange_support import HN, PDF, envelope

from modules.documents.axis.client import AxisUnavailable, RestAxis, use_axis
from modules.documents.axis.standin import running_standin
from modules.documents.edxml import Party, ResponseFor, Status, build, build_status, parse
from modules.documents.edxml import names as N
from modules.documents.models import Blob, Distribution, Document, ExchangeMessage
from modules.documents.models.exchange import State
from modules.documents.services import actions, arrivals, axis_outbox
from modules.documents.services.errors import DocumentsError
from modules.documents.services.inputs import AssignmentInput, FileInput, RecipientInput

HOME = "000.00.31.H42"      # the unit under test (Sở Nội vụ)
PROVINCE = "000.00.00.H42"  # an agency outside the installation


@pytest.fixture
def axis(settings):
    with running_standin("egov-nghean", "s3cret") as standin:
        settings.EGOV_DOCUMENT_AXIS_URL = standin.url
        settings.EGOV_DOCUMENT_AXIS_CLIENT_ID, settings.EGOV_DOCUMENT_AXIS_CLIENT_SECRET = "egov-nghean", "s3cret"
        use_axis(None)  # the adapter the settings name: RestAxis, over HTTP
        yield standin


@pytest.fixture
def office(unit_a, unit_b):
    unit_a.organ_id = HOME
    unit_a.save(update_fields=["organ_id"])
    people = open_registry(unit_a)
    open_registry(unit_b)
    return unit_a, people


def _send_pending() -> list[str]:
    return [axis_outbox.send(pk) for pk in axis_outbox.pending_ids()]


def test_a_document_issued_to_an_outside_agency_goes_through_the_axis_with_retries(axis, office):
    unit, people = office
    with tenant_context(unit):
        issued = issue_one(people, meta=outgoing_meta(), file=FileInput("qd.pdf", PDF, "application/pdf"),
                           recipients=[RecipientInput("UBND tỉnh Nghệ An", organ_id=PROVINCE)])
        message = ExchangeMessage.objects.get()
        assert (message.state, message.peer, message.kind) == (State.PENDING, PROVINCE, "envelope")
        axis.fail_next(2)  # the axis is down for a while: each attempt is kept in the trace
        for _attempt in range(2):
            with pytest.raises(AxisUnavailable):
                axis_outbox.send(message.pk)
        assert axis_outbox.send(message.pk) == State.SENT
        message.refresh_from_db()
        assert message.attempts == 3 and [t["event"] for t in message.trace] == [
            "queued", "unavailable", "unavailable", "sent"]
        assert axis_outbox.send(message.pk) == State.SENT and len(axis.messages) == 1  # sent once
        [held] = axis.sent_to(PROVINCE)
        with parse(held["content"]) as parsed:
            assert parsed.envelope.sender.organ_id == HOME and parsed.envelope.code == "01/QĐ-91001"
            assert parsed.envelope.attachments[0].read() == PDF
        # The province registers it and says so through the axis: the status shows on our recipient row.
        answer = Status(ResponseFor(HOME, issued.number_symbol, issued.issued_on, parsed.envelope.document_id),
                        Party(PROVINCE, "UBND tỉnh"), N.REGISTERED, datetime(2026, 11, 20, 11, 0, tzinfo=HN))
        axis.put(PROVINCE, [HOME], "status", build_status(answer))
        [kept] = arrivals.fetch_from_axis()
        assert (kept.kind, kept.state, kept.document_id) == ("status", State.APPLIED, issued.pk)
        row = Distribution.objects.get(document=issued)
        assert (row.status_code, row.organ_id) == (N.REGISTERED, PROVINCE)
        assert arrivals.fetch_from_axis() == []  # acknowledged: not handed out again


def test_an_axis_that_refuses_fails_the_message_and_the_clerk_sees_it(axis, office, settings):
    unit, people = office
    settings.EGOV_DOCUMENT_AXIS_CLIENT_SECRET = "wrong"
    with tenant_context(unit):
        issued = issue_one(people, recipients=[RecipientInput("UBND tỉnh", organ_id=PROVINCE)])
        assert _send_pending() == [State.FAILED]
        row = Distribution.objects.get(document=issued)
        assert "credentials" in row.failure
        assert issued.events.filter(action="delivery_failed").exists()
        assert axis.messages == {}


def test_an_envelope_from_the_axis_waits_for_the_clerk_and_the_sender_hears_each_step(axis, office, unit_b):
    unit, people = office
    axis.put(PROVINCE, [HOME], "edoc", build(envelope(to=HOME)))
    axis.put(PROVINCE, [HOME], "edoc", build(envelope(to=HOME)).replace(b"2026/11/18", b"2026/02/30"))
    axis.put(PROVINCE, ["000.00.99.H42"], "edoc", build(envelope(to="000.00.99.H42")))  # not ours: never seen
    with tenant_context(unit):
        good, broken = arrivals.fetch_from_axis()
        assert (good.state, broken.state) == (State.ARRIVED, State.REFUSED)
        assert broken.trace[-1]["element"] == "PromulgationDate" and not Document.objects.exists()
        assert [a["id"] for a in arrivals.inbox()] == [good.pk]
        document = arrivals.register_arrival(good.pk, actor=people["clerk"])
        assert (document.number_symbol, document.issuer_code, document.arrival_number) == (
            "12/QĐ-UBND", PROVINCE, 1)
        assert bytes(document.attachments.get().blob.content) == PDF and arrivals.inbox() == []
        with pytest.raises(DocumentsError) as twice:
            arrivals.register_arrival(good.pk, actor=people["clerk"])
        assert twice.value.code == "INVALID_TRANSITION"
        _direct(document, people)
        assert _send_pending() == [State.SENT] * 3
    codes = []
    for held in axis.sent_to(PROVINCE):
        with parse(held["content"]) as parsed:
            codes.append(parsed.status.code)
            assert parsed.status.response_for.document_id == f"{PROVINCE},2026/11/18,12/QĐ-UBND"
    assert sorted(codes) == [N.ARRIVED, N.REGISTERED, N.ASSIGNED]
    with tenant_context(unit):
        assert arrivals.fetch_from_axis() == []
    with tenant_context(unit_b):  # the other unit sees none of it
        assert not ExchangeMessage.objects.exists() and arrivals.inbox() == []


def _direct(document, people):
    actions.present(document.pk, actor=people["clerk"], leader_id=people["leader"].pk)
    actions.direct(document.pk, actor=people["leader"], text="Giao xử lý",
                   assignments=[AssignmentInput("lead", person_id=people["specialist"].pk)])


def test_the_clerk_refuses_an_arrival_and_the_sender_hears_why(axis, office):
    unit, people = office
    axis.put(PROVINCE, [HOME], "edoc", build(envelope(to=HOME)))
    with tenant_context(unit):
        [arrival] = arrivals.fetch_from_axis()
        with pytest.raises(DocumentsError):
            arrivals.refuse_arrival(arrival.pk, actor=people["clerk"], reason=" ")
        arrivals.refuse_arrival(arrival.pk, actor=people["clerk"], reason="Không thuộc thẩm quyền")
        _send_pending()
        assert not Document.objects.exists()
    codes = {}
    for held in axis.sent_to(PROVINCE):
        with parse(held["content"]) as parsed:
            codes[parsed.status.code] = parsed.status.description
    assert codes[N.REFUSED] == "Không thuộc thẩm quyền"


def test_the_rest_adapter_renews_an_expired_token(axis):
    adapter = RestAxis(axis.url, "egov-nghean", "s3cret")
    first = adapter.send(HOME, [PROVINCE], "edoc", b"<edXML/>")
    axis.revoke_tokens()
    second = adapter.send(HOME, [PROVINCE], "edoc", b"<edXML/>")
    assert first != second and axis.requests.count("POST /oauth/token") == 2


# --- files ---

def test_import_edxml_dry_run_stores_nothing_and_import_registers(office, tmp_path, capsys):
    unit, _people = office
    path = tmp_path / "qd.edxml"
    path.write_bytes(build(envelope(to=HOME)))
    call_command("documents", "import-edxml", str(path), "--unit", unit.code, "--dry-run")
    assert "12/QĐ-UBND" in capsys.readouterr().out
    with tenant_context(unit):
        assert not Document.objects.exists() and not ExchangeMessage.objects.exists() and not Blob.objects.exists()
    call_command("documents", "import-edxml", str(path), "--unit", unit.code)
    with tenant_context(unit):
        document = Document.objects.get()
        assert (document.direction, document.status, document.number_symbol) == ("incoming", "registered",
                                                                                   "12/QĐ-UBND")
        assert ExchangeMessage.objects.get().state == State.REGISTERED


@pytest.mark.parametrize(("change", "element"), [
    ((b"2026/11/18", b"2014/02/30"), "PromulgationDate"),
    ((b"<edXML:Subject>", b"<x:Subject>"), "Subject"),
    ((b"JVBER", b"J!BER"), "ContentTransferEncoded"),
    ((HOME.encode(), b"000.00.77.H42"), "To"),
])
def test_a_broken_file_is_refused_naming_the_element_and_nothing_is_stored(office, tmp_path, change, element):
    unit, _people = office
    path = tmp_path / "bad.edxml"
    data = build(envelope(to=HOME))
    assert change[0] in data
    path.write_bytes(data.replace(*change))
    with pytest.raises(CommandError) as refused:
        call_command("documents", "import-edxml", str(path), "--unit", unit.code)
    assert str(refused.value).startswith(element)
    with tenant_context(unit):
        assert not Document.objects.exists() and not ExchangeMessage.objects.exists() and not Blob.objects.exists()


def test_export_edxml_writes_the_issued_document_as_an_envelope(office, tmp_path):
    unit, people = office
    with tenant_context(unit):
        issued = issue_one(people, file=FileInput("qd.pdf", PDF, "application/pdf"))
    out = tmp_path / "out.edxml"
    with pytest.raises(CommandError):
        call_command("documents", "export-edxml", str(issued.pk), "--unit", unit.code, "--out", str(out))
    call_command("documents", "export-edxml", str(issued.pk), "--unit", unit.code, "--to", PROVINCE, "--out", str(out))
    with parse(out) as parsed:
        env = parsed.envelope
        assert (env.sender.organ_id, [p.organ_id for p in env.recipients], env.code) == (HOME, [PROVINCE],
                                                                                         "01/QĐ-91001")
        assert env.document_id == f"{HOME},2026/11/20,01/QĐ-91001" and env.attachments[0].read() == PDF


def test_the_periodic_fetch_keeps_what_the_axis_holds_and_rests_without_an_axis(axis, office, settings):
    from modules.documents.tasks import fetch_from_axis

    unit, _people = office
    axis.put(PROVINCE, [HOME], "edoc", build(envelope(to=HOME)))
    assert fetch_from_axis(unit.schema_name) == 1
    assert fetch_from_axis(unit.schema_name) == 0  # acknowledged
    axis.fail_next(1)
    axis.put(PROVINCE, [HOME], "edoc", build(envelope(to=HOME, subject="Lần sau")))
    assert fetch_from_axis(unit.schema_name) == 0  # the axis is down: the next run takes it
    assert fetch_from_axis(unit.schema_name) == 1
    settings.EGOV_DOCUMENT_AXIS_URL = ""
    before = len(axis.requests)
    assert fetch_from_axis(unit.schema_name) == 0 and len(axis.requests) == before  # not even asked
    with tenant_context(unit):
        assert [a["subject"] for a in arrivals.inbox()] == [
            "Về việc kiện toàn Ban Chỉ đạo chuyển đổi số", "Lần sau"]


def test_the_xml_signature_of_an_arrival_is_checked_and_kept_in_its_trace(office):
    from exchange_support import make_certificate

    from modules.documents.edxml.signature import sign
    from modules.documents.models.exchange import Channel

    unit, _people = office
    key, cert = make_certificate("So Noi vu test")
    signed = sign(build(envelope(to=HOME)), key, cert)
    with tenant_context(unit):
        good = arrivals.receive(signed, channel=Channel.FILE)
        forged = arrivals.receive(signed.replace("Ban Chỉ đạo chuyển đổi số".encode(), "Ban khác".encode()),
                                  channel=Channel.FILE)
        plain = arrivals.receive(build(envelope(to=HOME)), channel=Channel.FILE)
    assert (good.trace[-1]["signature_valid"], good.trace[-1]["signer"]) == (True, "CN=So Noi vu test")
    assert forged.trace[-1]["signature_valid"] is False  # kept for the clerk to see, flagged
    assert plain.trace[-1]["signature"] == "none" and "signature_valid" not in plain.trace[-1]


def test_a_secret_document_is_never_sent_through_the_axis(axis, office):
    from modules.documents.models import Document as Doc

    unit, people = office
    with tenant_context(unit):
        with pytest.raises(DocumentsError) as refused:
            issue_one(people, meta=outgoing_meta(confidentiality="mat"),
                      recipients=[RecipientInput("UBND tỉnh", organ_id=PROVINCE)])
        assert refused.value.code == "INVALID_DATA" and refused.value.field == "recipients"
        assert not ExchangeMessage.objects.exists() and Doc.objects.get().status == "signed"


def test_the_unit_admin_shows_exchange_messages_with_their_trace_read_only(axis, office):
    from api_support import add_member
    from django.test import Client

    unit, people = office
    with tenant_context(unit):
        issue_one(people, recipients=[RecipientInput("UBND tỉnh", organ_id=PROVINCE)])
        _send_pending()
        message = ExchangeMessage.objects.get()
    client = Client()
    client.force_login(add_member(unit, "admin-exchange"))
    gateway = {"HTTP_HOST": "localhost", "HTTP_X_EGOV_UNIT": unit.code}
    listing = client.get("/admin/documents/exchangemessage/", **gateway)
    assert listing.status_code == 200 and PROVINCE in listing.content.decode()
    page = client.get(f"/admin/documents/exchangemessage/{message.pk}/change/", **gateway).content.decode()
    assert "queued" in page and "sent" in page and message.external_id in page
    assert client.get("/admin/documents/exchangemessage/add/", **gateway).status_code == 403
