"""Both flows step by step (Decree 30/2020/NĐ-CP Art. 10-16, 20-24), forbidden transitions refused with a clear
Vietnamese message and nothing changed, directive deadlines in working days across Tết 2027, attachments checked,
delivery to a unit of the installation."""

import io
import zipfile
from datetime import datetime

import pytest
from django_tenants.utils import tenant_context
from documents_support import HN, incoming_meta, issue_one, open_registry, outgoing_meta

from modules.documents.models import Assignment, Distribution, Document, DocumentEvent, Status
from modules.documents.services import access, actions, attachments
from modules.documents.services.errors import DocumentsError
from modules.documents.services.inputs import AssignmentInput, FileInput, RecipientInput, ReportInput
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage, OutboxStatus

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.fixture
def office(unit_a):
    people = open_registry(unit_a)
    with tenant_context(unit_a):
        yield people


def _refused(code, call, *args, **kwargs) -> DocumentsError:
    with pytest.raises(DocumentsError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    return caught.value


def _snapshot(document_id):
    doc = Document.objects.get(pk=document_id)
    return doc.status, doc.updated_at, DocumentEvent.objects.filter(document_id=document_id).count()


def test_incoming_flow_register_present_direct_report_complete(office):
    clerk, leader, lead, helper = office["clerk"], office["leader"], office["specialist"], office["specialist2"]
    doc = actions.register_incoming(incoming_meta(), actor=clerk, files=(FileInput("qd.pdf", PDF, "application/pdf"),))
    assert (doc.status, doc.arrival_number, doc.arrived_at.date()) == (Status.REGISTERED, 1, doc.created_at.date())
    actions.present(doc.pk, actor=clerk, leader_id=leader.pk)
    actions.direct(doc.pk, actor=leader, text="Giao phòng Tư pháp chủ trì", assignments=[
        AssignmentInput("lead", person_id=lead.pk, days=5), AssignmentInput("support", person_id=helper.pk, days=3),
        AssignmentInput("info", department="Văn phòng")])
    actions.report(doc.pk, actor=helper, body=ReportInput("Đã góp ý", final=True))
    actions.report(doc.pk, actor=lead, body=ReportInput("Đang dự thảo trả lời"))
    done = actions.complete(doc.pk, actor=lead)
    assert done.status == Status.COMPLETED and done.completed_at is not None
    assert list(DocumentEvent.objects.filter(document=doc).values_list("action", flat=True)) == [
        "register", "present", "direct", "report", "report", "complete"]
    assert not Assignment.objects.filter(document=doc, role__in=["lead", "support"], done_at__isnull=True).exists()


def test_directive_deadlines_count_working_days_across_tet_2027(office):
    clerk, leader = office["clerk"], office["leader"]
    # Tết 2027: Thursday 4 to Wednesday 10 February off; the directive comes on Wednesday 3 February.
    doc = actions.register_incoming(incoming_meta(), actor=clerk, at=datetime(2027, 2, 3, 9, 0, tzinfo=HN))
    actions.present(doc.pk, actor=clerk, leader_id=leader.pk, at=datetime(2027, 2, 3, 9, 30, tzinfo=HN))
    actions.direct(doc.pk, actor=leader, text="Xử lý", at=datetime(2027, 2, 3, 10, 0, tzinfo=HN), assignments=[
        AssignmentInput("lead", person_id=office["specialist"].pk, days=2)])
    due = Assignment.objects.get(document=doc).due_at.astimezone(HN)
    # Two working days: Thursday 11 (1), Friday 12 (2); two calendar days would have been 5 February.
    assert due.date().isoformat() == "2027-02-12"
    assert Document.objects.get(pk=doc.pk).due_on.isoformat() == "2027-02-12"


def test_a_directive_without_exactly_one_lead_is_refused_and_nothing_changes(office):
    clerk, leader = office["clerk"], office["leader"]
    doc = actions.register_incoming(incoming_meta(), actor=clerk)
    actions.present(doc.pk, actor=clerk, leader_id=leader.pk)
    before = _snapshot(doc.pk)
    error = _refused("LEAD_REQUIRED", actions.direct, doc.pk, actor=leader, text="x",
                     assignments=[AssignmentInput("support", person_id=office["specialist"].pk, days=2)])
    assert "chủ trì" in error.message
    assert _snapshot(doc.pk) == before and not Assignment.objects.exists()


def test_forbidden_transitions_are_refused_in_vietnamese_and_change_nothing(office):
    clerk, leader, specialist = office["clerk"], office["leader"], office["specialist"]
    doc = actions.register_incoming(incoming_meta(), actor=clerk)
    before = _snapshot(doc.pk)
    error = _refused("INVALID_TRANSITION", actions.complete, doc.pk, actor=leader)
    assert error.message == "Không thể hoàn thành xử lý: văn bản đang ở trạng thái “Đã vào sổ”."
    # a specialist is shown only what is routed to them: to them the document does not exist (as when reading it)
    _refused("NOT_FOUND", actions.present, doc.pk, actor=specialist, leader_id=leader.pk)
    _refused("FORBIDDEN_ROLE", actions.present, doc.pk, actor=leader, leader_id=leader.pk)
    _refused("FORBIDDEN_ROLE", actions.register_incoming, incoming_meta(99), actor=specialist)
    assert _snapshot(doc.pk) == before
    draft = actions.create_outgoing(outgoing_meta(), actor=specialist, signing_authority_id=leader.pk)
    _refused("INVALID_DATA", actions.submit, draft.pk, actor=specialist)  # no draft version yet
    actions.add_version(draft.pk, actor=specialist)
    _refused("NOT_FOUND", actions.submit, draft.pk, actor=office["specialist2"])  # not the drafter, not shown it
    _refused("INVALID_TRANSITION", actions.issue, draft.pk, actor=clerk)
    _refused("INVALID_TRANSITION", actions.approve, draft.pk, actor=leader)
    actions.submit(draft.pk, actor=specialist)
    _refused("FORBIDDEN_ROLE", actions.review_content, draft.pk, actor=clerk)
    _refused("REQUIRED", actions.return_draft, draft.pk, actor=leader, reason=" ")
    assert Document.objects.get(pk=draft.pk).status == Status.CONTENT_REVIEW


def test_outgoing_flow_with_versions_comments_reviews_return_and_signing(office):
    clerk, leader, drafter = office["clerk"], office["leader"], office["specialist"]
    draft = actions.create_outgoing(outgoing_meta(signer_name="Nguyễn Văn Lãnh", authority_prefix="KT."),
                                    actor=leader, drafter_id=drafter.pk, signing_authority_id=leader.pk)
    actions.add_version(draft.pk, actor=drafter, file=FileInput("du-thao.docx", _docx(), attachments.DOCX))
    actions.submit(draft.pk, actor=drafter)
    actions.comment(draft.pk, actor=leader, body="Sửa căn cứ pháp lý")
    actions.return_draft(draft.pk, actor=leader, reason="Chưa đúng căn cứ")
    actions.add_version(draft.pk, actor=drafter, note="Đã sửa")
    actions.submit(draft.pk, actor=drafter)
    actions.review_content(draft.pk, actor=leader)
    actions.review_format(draft.pk, actor=clerk)
    _refused("NOT_FOUND", actions.approve, draft.pk, actor=office["specialist2"])  # not shown the draft
    _refused("FORBIDDEN_ROLE", actions.approve, draft.pk, actor=clerk)
    actions.approve(draft.pk, actor=leader)
    signed = actions.sign(draft.pk, actor=leader)
    assert signed.status == Status.SIGNED
    issued = actions.issue(draft.pk, actor=clerk, recipients=[RecipientInput("Sở Nội vụ")])
    assert (issued.status, issued.number_symbol, issued.issued_on) == ("issued", "01/QĐ-91001", issued.issued_at.date())
    assert list(issued.versions.values_list("number", flat=True)) == [1, 2]
    sign_event = DocumentEvent.objects.get(document=draft, action="sign")
    assert sign_event.data["signature"] == {"method": "manual"}
    assert Distribution.objects.get(document=draft).recipient_name == "Sở Nội vụ"


def test_an_issued_document_never_changes_its_correction_is_a_new_linked_document(office):
    clerk, leader, drafter = office["clerk"], office["leader"], office["specialist"]
    original = issue_one(office)
    before = _snapshot(original.pk)
    error = _refused("ISSUED_UNCHANGEABLE", actions.update_metadata, original.pk, outgoing_meta(subject="Sửa"),
                     actor=drafter)
    assert "không được sửa" in error.message and _snapshot(original.pk) == before
    _refused("INVALID_DATA", actions.create_outgoing, outgoing_meta(), actor=drafter, related_to=original.pk,
             relation="bogus")
    correction = actions.create_outgoing(outgoing_meta(subject="Đính chính"), actor=drafter,
                                         signing_authority_id=leader.pk, related_to=original.pk, relation="corrects")
    actions.add_version(correction.pk, actor=drafter)
    for step, who in (("submit", drafter), ("review_content", leader), ("review_format", clerk),
                      ("approve", leader), ("sign", leader)):
        getattr(actions, step)(correction.pk, actor=who)
    actions.issue(correction.pk, actor=clerk)
    original.refresh_from_db()
    assert (original.validity, original.subject, correction.related_to_id) == ("corrected", "Về việc thử nghiệm",
                                                                             original.pk)
    assert DocumentEvent.objects.filter(document=original, action="corrects").exists()


def test_attachments_are_sniffed_size_limited_and_stored_once(office):
    clerk = office["clerk"]
    doc = actions.register_incoming(incoming_meta(), actor=clerk, files=(FileInput("a.pdf", PDF, "application/pdf"),))
    again = actions.register_incoming(incoming_meta(13), actor=clerk, files=(FileInput("b.pdf", PDF, "application/pdf"),))
    assert doc.attachments.get().blob_id == again.attachments.get().blob_id
    assert attachments.original(doc.attachments.get().blob_id) == PDF
    count = Document.objects.count()
    error = _refused("FILE_TYPE_MISMATCH", actions.register_incoming, incoming_meta(14), actor=clerk,
                     files=(FileInput("fake.pdf", _docx(), "application/pdf"),))
    assert "không khớp" in error.message
    _refused("FILE_TYPE_REFUSED", actions.register_incoming, incoming_meta(15), actor=clerk,
             files=(FileInput("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),))
    from core.modules.services import set_settings
    from tenants.services import current_unit

    set_settings(current_unit(), "documents", {"max_attachment_mb": 1})
    big = PDF + b"0" * (1024 * 1024)
    _refused("FILE_TOO_LARGE", actions.register_incoming, incoming_meta(16), actor=clerk,
             files=(FileInput("big.pdf", big, "application/pdf"),))
    assert Document.objects.count() == count


def test_people_named_by_an_action_must_be_members_in_the_right_role(office, unit_b):
    from api_support import add_member

    outsider = add_member(unit_b, "outsider-documents", roles=("leader",))
    doc = actions.register_incoming(incoming_meta(), actor=office["clerk"])
    _refused("INVALID_DATA", actions.present, doc.pk, actor=office["clerk"], leader_id=office["specialist"].pk)
    _refused("INVALID_DATA", actions.present, doc.pk, actor=office["clerk"], leader_id=outsider.pk)
    _refused("INVALID_DATA", actions.create_outgoing, outgoing_meta(), actor=office["specialist"],
             signing_authority_id=office["specialist2"].pk)
    assert Document.objects.get(pk=doc.pk).status == Status.REGISTERED


def test_an_unknown_type_is_refused(office):
    error = _refused("UNKNOWN_TYPE", actions.register_incoming, incoming_meta(type_code="sac_lenh"),
                     actor=office["clerk"])
    assert "sac_lenh" in error.message


def _deliver_pending(unit) -> list[str]:
    with tenant_context(unit):
        ids = [str(i) for i in OutboxMessage.objects.filter(status=OutboxStatus.PENDING).values_list("id", flat=True)]
    return [messaging.deliver(unit.schema_name, message_id) for message_id in ids]


def test_an_issued_document_appears_as_incoming_in_a_recipient_unit_of_the_installation(unit_a, unit_b):
    sender, receiver = open_registry(unit_a), open_registry(unit_b)
    with tenant_context(unit_a):
        issued = issue_one(sender, meta=outgoing_meta(), file=FileInput("du-thao.pdf", PDF, "application/pdf"),
                           recipients=[RecipientInput("", unit_code=unit_b.code), RecipientInput("Bộ Nội vụ")])
        original = issued.attachments.get()
        assert original.name == "01-QĐ-91001.pdf"  # the signed draft's file is the issued original, same bytes
    assert _deliver_pending(unit_a) == [OutboxStatus.DELIVERED]
    with tenant_context(unit_b):
        arrived = Document.objects.get()
        assert (arrived.direction, arrived.status, arrived.number_symbol, arrived.issuer_code) == (
            "incoming", "registered", "01/QĐ-91001", unit_a.code)
        assert arrived.arrival_number == 1 and arrived.source_document_id == issued.pk
        assert DocumentEvent.objects.get(document=arrived).action == "receive"
        assert list(access.visible_to(receiver["clerk"])) == [arrived]  # on the receiving clerk's list at once
        assert arrived.attachments.get().blob_id == original.blob_id  # the original, unchanged
    assert _deliver_pending(unit_a) == []  # delivered once


def test_issuing_to_a_unit_without_the_module_is_refused_before_anything_changes(unit_a, unit_b):
    sender = open_registry(unit_a)
    with tenant_context(unit_a):
        doc = actions.create_outgoing(outgoing_meta(), actor=sender["specialist"],
                                      signing_authority_id=sender["leader"].pk)
        actions.add_version(doc.pk, actor=sender["specialist"])
        for step, who in (("submit", "specialist"), ("review_content", "leader"), ("review_format", "clerk"),
                          ("approve", "leader"), ("sign", "leader")):
            getattr(actions, step)(doc.pk, actor=sender[who])
        _refused("RECEIVER_NOT_ENABLED", actions.issue, doc.pk, actor=sender["clerk"],
                 recipients=[RecipientInput("", unit_code=unit_b.code)])
        _refused("UNKNOWN_UNIT", actions.issue, doc.pk, actor=sender["clerk"],
                 recipients=[RecipientInput("", unit_code="00000")])
        doc.refresh_from_db()
        assert (doc.status, doc.number) == ("signed", None) and not OutboxMessage.objects.exists()


def test_a_delivery_the_recipient_unit_refuses_is_shown_to_the_sender(unit_a, unit_b):
    from modules.documents.models import Series

    sender = open_registry(unit_a)
    open_registry(unit_b)
    with tenant_context(unit_a):
        issued = issue_one(sender, recipients=[RecipientInput("", unit_code=unit_b.code)])
        message = OutboxMessage.objects.get()
    with tenant_context(unit_b):  # between the issue and the delivery it lost its incoming register
        Series.objects.filter(direction="incoming").update(active=False)
    assert _deliver_pending(unit_a) == [OutboxStatus.FAILED]  # refused for good: not retried
    with tenant_context(unit_a):
        row = Distribution.objects.get(document=issued)
        assert row.message_id == message.pk and row.failure.startswith("NO_SERIES: ")
        assert DocumentEvent.objects.filter(document=issued, action="delivery_failed").exists()
    with tenant_context(unit_b):
        assert not Document.objects.exists()
