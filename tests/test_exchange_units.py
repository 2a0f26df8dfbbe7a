"""Document exchange inside the installation (QCVN 102:2016, Amendment 1:2022): an issued document travels as an
edXML envelope through tenants.messaging and arrives registered; the recipient's statuses (01, 03, 04, 05, 06) come
back and show on the outgoing document per recipient; take-back (13, answered 15 or 16); a revocation marks the
recipient's copy; a unit never receives what was not addressed to it."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from documents_support import issue_one, open_registry, outgoing_meta
from exchange_support import PDF

from modules.documents.edxml import names as N
from modules.documents.edxml import parse
from modules.documents.models import Document, DocumentEvent
from modules.documents.models.document import Validity
from modules.documents.services import actions, recipient_status
from modules.documents.services.delivery import DELIVER
from modules.documents.services.errors import DocumentsError
from modules.documents.services.inputs import AssignmentInput, FileInput, RecipientInput, ReportInput
from tenants.messaging import services as messaging
from tenants.messaging.models import InboxMessage, OutboxMessage, OutboxStatus


def deliver_all(*units) -> list[str]:
    """Deliver every pending message of these units, as the worker would, until none is left."""
    done = []
    while True:
        batch = []
        for unit in units:
            with tenant_context(unit):
                batch += [(unit, str(i)) for i in OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
                          .order_by("created_at").values_list("id", flat=True)]
        if not batch:
            return done
        for unit, message_id in batch:
            done.append(messaging.deliver(unit.schema_name, message_id))


@pytest.fixture
def offices(unit_a, unit_b, make_unit):
    unit_c = make_unit("91003", "Xã Thử Nghiệm C")
    return [(unit, open_registry(unit)) for unit in (unit_a, unit_b, unit_c)]


def _send(sender_people, *units, related_to: int | None = None, relation: str = "", **meta):
    recipients = [RecipientInput("", unit_code=u.code) for u in units]
    if related_to is None:
        return issue_one(sender_people, meta=outgoing_meta(**meta), recipients=recipients,
                         file=FileInput("du-thao.pdf", PDF, "application/pdf"))
    p = sender_people
    doc = actions.create_outgoing(outgoing_meta(**meta), actor=p["specialist"], signing_authority_id=p["leader"].pk,
                                  related_to=related_to, relation=relation)
    actions.add_version(doc.pk, actor=p["specialist"], file=FileInput("thu-hoi.pdf", PDF, "application/pdf"))
    for step, who in (("submit", "specialist"), ("review_content", "leader"), ("review_format", "clerk"),
                      ("approve", "leader"), ("sign", "leader")):
        getattr(actions, step)(doc.pk, actor=p[who])
    return actions.issue(doc.pk, actor=p["clerk"], recipients=recipients)


def _copy(unit) -> Document:
    with tenant_context(unit):
        return Document.objects.get(direction="incoming")


def test_a_document_sent_to_another_unit_arrives_registered_and_its_statuses_come_back(offices):
    (a, sender), (b, receiver), (c, _third) = offices
    with tenant_context(a):
        sent = _send(sender, b, c)
        message = OutboxMessage.objects.filter(kind=DELIVER, receiver_code=b.code).get()
        with parse(message.payload["edxml"].encode()) as parsed:  # the message carries the edXML envelope
            assert parsed.envelope.code == "01/QĐ-91001" and parsed.envelope.attachments[0].read() == PDF
            assert {p.organ_id for p in parsed.envelope.recipients} == {b.code, c.code}
    assert set(deliver_all(a, b, c)) == {OutboxStatus.DELIVERED}
    copy = _copy(b)
    assert (copy.status, copy.number_symbol, copy.issuer_code, copy.source_document_id) == (
        "registered", "01/QĐ-91001", a.code, sent.pk)
    with tenant_context(a):
        rows = {r["unit_code"]: r for r in recipient_status.statuses_of(sent.pk)}
        assert rows[b.code]["status_code"] == N.REGISTERED and rows[b.code]["status"] == "Đã vào sổ"
        assert rows[c.code]["status_code"] == N.REGISTERED
    with tenant_context(b):  # the recipient works on it: each step is told to the sender
        actions.present(copy.pk, actor=receiver["clerk"], leader_id=receiver["leader"].pk)
        actions.direct(copy.pk, actor=receiver["leader"], text="Giao chuyên viên",
                       assignments=[AssignmentInput("lead", person_id=receiver["specialist"].pk, days=2)])
    deliver_all(a, b, c)
    with tenant_context(a):
        rows = {r["unit_code"]: r for r in recipient_status.statuses_of(sent.pk)}
        assert (rows[b.code]["status_code"], rows[c.code]["status_code"]) == (N.ASSIGNED, N.REGISTERED)
    with tenant_context(b):
        actions.report(copy.pk, actor=receiver["specialist"], body=ReportInput("Đang làm"))
        actions.complete(copy.pk, actor=receiver["leader"])
    deliver_all(a, b, c)
    with tenant_context(a):
        row = {r["unit_code"]: r for r in recipient_status.statuses_of(sent.pk)}[b.code]
        assert row["status_code"] == N.DONE and row["status"] == "Đã hoàn thành"
        seen = list(DocumentEvent.objects.filter(document=sent, action="recipient_status", data__unit=b.code)
                    .order_by("id").values_list("data__code", flat=True))
        assert seen == [N.ARRIVED, N.REGISTERED, N.ASSIGNED, N.IN_PROGRESS, N.DONE]
    assert deliver_all(a, b, c) == []  # each delivered once


def test_a_unit_never_receives_what_was_not_addressed_to_it(offices):
    (a, sender), (b, _receiver), (c, _third) = offices
    with tenant_context(a):
        _send(sender, b)
        envelope = OutboxMessage.objects.get(kind=DELIVER).payload
        # The same envelope (addressed to B) pushed to C: C refuses it, nothing stored there.
        forged = messaging.send(c.code, DELIVER, {**envelope, "id": 999})
    assert messaging.deliver(a.schema_name, str(forged.pk)) == OutboxStatus.FAILED
    with tenant_context(a):
        forged.refresh_from_db()
        assert forged.last_error.startswith("NOT_ADDRESSED")
    deliver_all(a, b, c)
    with tenant_context(c):
        assert not Document.objects.exists() and not InboxMessage.objects.exists()
    assert _copy(b).source_unit_code == a.code
    # A status from a unit the document was not sent to is refused too.
    with tenant_context(c):
        stray = messaging.send(a.code, recipient_status.STATUS, {
            "document_id": _copy(b).source_document_id, "code": N.DONE,
            "edxml": recipient_status.status_xml(recipient_status._about_incoming(_copy(b)), N.DONE,
                                                 _copy(b).arrived_at).decode()})
    assert messaging.deliver(c.schema_name, str(stray.pk)) == OutboxStatus.FAILED
    with tenant_context(a):
        assert not DocumentEvent.objects.filter(action="recipient_status", data__code=N.DONE).exists()


def test_a_document_not_yet_worked_on_is_given_back_and_one_being_processed_is_not(offices):
    (a, sender), (b, receiver), (c, _third) = offices
    with tenant_context(a):
        first, second = _send(sender, b), _send(sender, b, subject="Văn bản thứ hai")
    deliver_all(a, b, c)
    with tenant_context(b):
        busy = Document.objects.get(source_document_id=second.pk)
        actions.present(busy.pk, actor=receiver["clerk"], leader_id=receiver["leader"].pk)
        actions.direct(busy.pk, actor=receiver["leader"], text="Xử lý",
                       assignments=[AssignmentInput("lead", person_id=receiver["specialist"].pk)])
    with tenant_context(a):
        with pytest.raises(DocumentsError) as refused:
            recipient_status.take_back(first.pk, b.code, actor=sender["specialist"], reason="Gửi nhầm")
        assert refused.value.code == "FORBIDDEN_ROLE"
        with pytest.raises(DocumentsError) as refused:
            recipient_status.take_back(first.pk, c.code, actor=sender["clerk"], reason="Gửi nhầm")
        assert refused.value.code == "NOT_ADDRESSED"
        for doc in (first, second):
            recipient_status.take_back(doc.pk, b.code, actor=sender["clerk"], reason="Gửi nhầm")
        assert {r["status_code"] for r in recipient_status.statuses_of(first.pk)} == {N.TAKE_BACK}
    deliver_all(a, b, c)
    with tenant_context(b):
        assert Document.objects.get(source_document_id=first.pk).validity == Validity.WITHDRAWN
        assert Document.objects.get(source_document_id=second.pk).validity == Validity.IN_FORCE
    with tenant_context(a):
        assert recipient_status.statuses_of(first.pk)[0]["status_code"] == N.TAKE_BACK_ACCEPTED
        refusal = recipient_status.statuses_of(second.pk)[0]
        assert refusal["status_code"] == N.TAKE_BACK_REFUSED and "đã được xử lý" in refusal["note"]


def test_a_revocation_marks_the_recipients_copy(offices):
    (a, sender), (b, _receiver), (c, _third) = offices
    with tenant_context(a):
        original = _send(sender, b)
    deliver_all(a, b, c)
    with tenant_context(a):
        revoking = _send(sender, b, subject="Thu hồi Quyết định 01", related_to=original.pk, relation="revokes")
        payload = OutboxMessage.objects.filter(kind=DELIVER, payload__id=revoking.pk).get().payload
        with parse(payload["edxml"].encode()) as parsed:
            assert parsed.envelope.business.doc_type == N.REVOKE
            assert parsed.envelope.business.document_id == f"{a.code},2026/11/20,01/QĐ-91001"
    deliver_all(a, b, c)
    with tenant_context(b):
        copy = Document.objects.get(source_document_id=original.pk)
        assert copy.validity == Validity.REVOKED
        assert DocumentEvent.objects.filter(document=copy, action="revokes").exists()
        assert Document.objects.get(source_document_id=revoking.pk).status == "registered"
    assert connection.schema_name == "public"


def test_a_document_for_a_unit_ended_in_a_reorganisation_reaches_its_successor(offices):
    from datetime import date

    from tenants.models import Unit, UnitStatus, UnitSuccession

    (a, sender), (b, _receiver), (c, _third) = offices
    with tenant_context(a):
        sent = _send(sender, b)
    # B ends before the delivery: C takes it over whole.
    UnitSuccession.objects.create(predecessor=b, successor=c, kind="full", effective_on=date(2026, 11, 20))
    Unit.objects.filter(pk=b.pk).update(ended_on=date(2026, 11, 20), status=UnitStatus.ARCHIVED)
    assert set(deliver_all(a, b, c)) == {OutboxStatus.DELIVERED}
    with tenant_context(b):
        assert not Document.objects.exists()
    copy = _copy(c)  # addressed to B, forwarded to its successor, accepted there
    assert (copy.source_unit_code, copy.source_document_id) == (a.code, sent.pk)
    with tenant_context(a):  # and C's statuses show on B's row
        assert recipient_status.statuses_of(sent.pk)[0]["status_code"] == N.REGISTERED
