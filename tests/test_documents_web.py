"""The documents screens of the staff workspace through Django's test client and the real middleware stack: the
clerk registers an arriving document with its file (content sniffed, size limited, the arrival number the service's)
and presents it; the registers with their filters, search and printed tables; an outgoing draft through review,
approval, signing and issue with its number; the roles the rule book names (a clerk cannot sign, a specialist sees
no register to print); secret documents only for those routed; the verdict of signatures on every signed file; a
second unit's members see nothing; list and queue pages in a constant number of queries."""

import io

import pytest
from api_support import add_member
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from documents_support import incoming_meta, open_registry, outgoing_meta
from openpyxl import load_workbook
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from signatures_support import AGENCY, SIGNER, pdf
from test_signatures_documents import keys  # noqa: F401 - fixture: unit A's development keys and TSA
from workspace_support import UnitClient

from core.audit.services import entries_for
from core.modules.services import disable, enable, set_settings
from modules.documents.models import Document, Status
from modules.documents.services import actions
from modules.signatures import services as signatures
from modules.signatures.models import Origin, SignedPdf, Verification
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage, OutboxStatus

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def office(unit_a):
    return unit_a, open_registry(unit_a)


def _upload(name: str, content: bytes, content_type: str = "application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def _incoming_form(**extra) -> dict:
    form = {"issuer_name": "UBND tỉnh Nghệ An", "issuer_code": "000.00.00.H40", "number": "12", "symbol": "QĐ-UBND",
            "issued_on": "2026-11-18", "type_code": "quyet_dinh", "subject": "Về việc phê duyệt kế hoạch chuyển đổi số",
            "urgency": "khan"}
    form.update(extra)
    return form


def _count(unit, **filters) -> int:
    with tenant_context(unit):
        return Document.objects.filter(**filters).count()


def test_the_clerk_registers_an_incoming_document_with_its_file_and_presents_it(office):
    unit, people = office
    clerk = UnitClient(unit, people["clerk"])
    form = clerk.get("/m/documents/den/vao-so/")
    assert form.status_code == 200 and "Cơ quan ban hành" in form.content.decode()
    original = pdf()
    done = clerk.post("/m/documents/den/vao-so/", _incoming_form(
        file=_upload("qd-12.pdf", original), leader=str(people["leader"].pk)))
    assert done.status_code == 302, done.content.decode()[:2000]
    with tenant_context(unit):
        document = Document.objects.get()
        assert (document.arrival_number, document.status, document.presented_to_id) == (
            1, Status.PRESENTED, people["leader"].pk)
        attachment = document.attachments.get()
    assert done["Location"] == f"/m/documents/van-ban/{document.pk}/"
    page = clerk.get(done["Location"]).content.decode()
    assert "12/QĐ-UBND" in page and 'id="arrival">1 (' in page and "Đã trình lãnh đạo" in page
    download = clerk.get(f"/m/documents/van-ban/{document.pk}/tep/{attachment.pk}/")
    assert download.status_code == 200 and download.content == original
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    # The leader finds it waiting, directs it to a specialist with a deadline in working days.
    leader = UnitClient(unit, people["leader"])
    queue = leader.get("/m/documents/").content.decode()
    assert f"/m/documents/van-ban/{document.pk}/" in queue
    directed = leader.post(f"/m/documents/van-ban/{document.pk}/thao-tac/", {
        "action": "direct", "text": "Giao phòng chủ trì", "lead_person": str(people["specialist"].pk), "days": "3",
        "info": [str(people["specialist2"].pk)]})
    assert directed.status_code == 302
    with tenant_context(unit):
        document.refresh_from_db()
        assert document.status == Status.DIRECTED and document.due_on is not None
    assert f"/m/documents/van-ban/{document.pk}/" in UnitClient(unit, people["specialist"]).get(
        "/m/documents/").content.decode()
    # Every opening of the page is in the unit's audit log.
    with tenant_context(unit):
        assert [e.action for e in entries_for("documents.document", document.pk)].count("view") == 1  # the clerk opened it once


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_registered(office):
    unit, people = office
    clerk = UnitClient(unit, people["clerk"])
    mismatch = clerk.post("/m/documents/den/vao-so/", _incoming_form(file=_upload("qd.pdf", PNG)))
    assert mismatch.status_code == 400 and "không khớp với loại đã khai" in mismatch.content.decode()
    refused = clerk.post("/m/documents/den/vao-so/", _incoming_form(file=_upload("qd.exe", b"MZ\x90\x00" * 10,
                                                                                   "application/octet-stream")))
    assert refused.status_code == 400 and "Không nhận loại tệp này" in refused.content.decode()
    set_settings(unit, "documents", {"max_attachment_mb": 1})
    large = clerk.post("/m/documents/den/vao-so/", _incoming_form(
        file=_upload("lon.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))))
    assert large.status_code == 400 and "vượt quá dung lượng cho phép (1 MB)" in large.content.decode()
    unknown = clerk.post("/m/documents/den/vao-so/", _incoming_form(number="", issued_on="30/02/2026"))
    assert unknown.status_code == 400 and 'role="alert"' in unknown.content.decode()
    not_leader = clerk.post("/m/documents/den/vao-so/", _incoming_form(leader=str(people["specialist"].pk)))
    assert not_leader.status_code == 400
    assert _count(unit) == 0
    # A specialist is not the clerk: the service refuses the registration.
    forbidden = UnitClient(unit, people["specialist"]).post("/m/documents/den/vao-so/", _incoming_form())
    assert forbidden.status_code == 403 and "không có quyền vào sổ" in forbidden.content.decode()
    assert _count(unit) == 0


def _registered(unit, people, n: int, **meta) -> list[int]:
    with tenant_context(unit):
        return [actions.register_incoming(incoming_meta(number=100 + i, **meta), actor=people["clerk"]).pk
                for i in range(n)]


def test_the_incoming_register_filters_searches_and_prints(office):
    unit, people = office
    with tenant_context(unit):
        hoa = actions.register_incoming(incoming_meta(number=5, issuer="Sở Nông nghiệp", subject="Về phòng chống "
                                                      "dịch bệnh gia súc", urgency="hoa_toc"), actor=people["clerk"])
        plain = actions.register_incoming(incoming_meta(number=6, subject="Về lịch họp giao ban"),
                                          actor=people["clerk"])
    clerk = UnitClient(unit, people["clerk"])

    def listed(query: str) -> set[int]:
        page = clerk.get("/m/documents/den/?" + query)
        assert page.status_code == 200
        return {d.pk for d in (hoa, plain) if f"/m/documents/van-ban/{d.pk}/" in page.content.decode()}

    assert listed("") == {hoa.pk, plain.pk}
    assert listed("co-quan=nong+nghiep") == {hoa.pk}
    assert listed("do-khan=hoa_toc") == {hoa.pk} and listed("do-khan=thuong") == {plain.pk}
    assert listed("q=dich+benh+gia+suc") == {hoa.pk}  # without tone marks
    assert listed("q=06%2FQĐ-UBND") == {plain.pk}  # the number and symbol as an identifier
    assert listed("tu=2026-11-21") == set() and listed("tu=2026-11-20&den=2026-11-20") == {hoa.pk, plain.pk}
    assert listed("trang-thai=presented") == set() and listed("trang-thai=registered") == {hoa.pk, plain.pk}
    assert listed("tu=khong-phai-ngay&do-khan=x&trang-thai=y") == {hoa.pk, plain.pk}  # nonsense ignored
    searched = clerk.get("/m/documents/tim-kiem/?q=lich+hop").content.decode()
    assert f"/m/documents/van-ban/{plain.pk}/" in searched and f"/m/documents/van-ban/{hoa.pk}/" not in searched

    printed = clerk.get("/m/documents/so/den.pdf?tu=2026-11-01&den=2026-11-30")
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF-")
    assert "so-van-ban-den-2026-11-01-2026-11-30.pdf" in printed["Content-Disposition"]
    sheet = clerk.get("/m/documents/so/den.xlsx?tu=2026-11-01&den=2026-11-30")
    rows = [[c for c in row if c is not None] for row in load_workbook(io.BytesIO(sheet.content)).active.iter_rows(
        values_only=True)]
    assert any("05/QĐ-UBND" in row for row in rows) and any("06/QĐ-UBND" in row for row in rows)
    refused = UnitClient(unit, people["specialist"]).get("/m/documents/so/den.pdf")
    assert refused.status_code == 403
    assert clerk.get("/m/documents/so/den.pdf?tu=2026-12-01&den=2026-11-01").status_code == 400


def _post(client, document_id, action, **form):
    return client.post(f"/m/documents/van-ban/{document_id}/thao-tac/", {"action": action, **form})


def _status(unit, document_id) -> str:
    with tenant_context(unit):
        return Document.objects.get(pk=document_id).status


def _deliver_pending(unit) -> list[str]:
    with tenant_context(unit):
        ids = [str(i) for i in OutboxMessage.objects.filter(status=OutboxStatus.PENDING).values_list("id", flat=True)]
    return [messaging.deliver(unit.schema_name, message_id) for message_id in ids]


def test_an_outgoing_draft_through_review_approval_signing_and_issue(office, unit_b):
    unit, people = office
    open_registry(unit_b)
    specialist, leader, clerk = (UnitClient(unit, people[r]) for r in ("specialist", "leader", "clerk"))
    made = specialist.post("/m/documents/di/soan/", {
        "type_code": "quyet_dinh", "subject": "Về việc ban hành quy chế", "signing_authority": str(people["leader"].pk),
        "signer_name": SIGNER, "file": _upload("du-thao.pdf", pdf()), "note": "Bản đầu"})
    assert made.status_code == 302, made.content.decode()[:2000]
    document_id = int(made["Location"].rstrip("/").rsplit("/", 1)[1])
    page = specialist.get(made["Location"]).content.decode()
    assert 'data-action="submit"' in page and "Phiên bản 1" in page
    assert _post(specialist, document_id, "submit").status_code == 302
    assert _post(leader, document_id, "review_content").status_code == 302
    assert _post(clerk, document_id, "review_format").status_code == 302
    # The leader's queue of drafts to approve and sign.
    to_sign = leader.get("/m/documents/?hang=to_sign").content.decode()
    assert f"/m/documents/van-ban/{document_id}/" in to_sign
    assert _post(leader, document_id, "approve").status_code == 302
    # A clerk cannot sign: no button, and a forged post is refused, nothing changed.
    clerk_page = clerk.get(f"/m/documents/van-ban/{document_id}/").content.decode()
    assert 'data-action="sign"' not in clerk_page
    forged = _post(clerk, document_id, "sign")
    assert forged.status_code == 403 and "không có quyền ký" in forged.content.decode()
    assert _status(unit, document_id) == Status.APPROVED
    leader_page = leader.get(f"/m/documents/van-ban/{document_id}/").content.decode()
    assert 'data-action="sign"' in leader_page
    assert _post(leader, document_id, "sign").status_code == 302
    assert _post(specialist, document_id, "issue").status_code == 403  # the clerk's step
    issued = _post(clerk, document_id, "issue", outside="Sở Nội vụ\nVăn phòng UBND tỉnh", place="Nghệ An",
                   unit_codes=unit_b.code)
    assert issued.status_code == 302
    page = clerk.get(f"/m/documents/van-ban/{document_id}/").content.decode()
    assert 'id="number">01/QĐ-91001<' in page and "Sở Nội vụ" in page and "Nơi nhận chưa báo trạng thái" in page
    assert _status(unit, document_id) == Status.ISSUED
    # Unit B registers it at once; its statuses come back to the recipient's row (QCVN 102:2016: 03 registered).
    assert _deliver_pending(unit) == ["delivered"]
    assert "delivered" in _deliver_pending(unit_b)
    recipients = clerk.get(f"/m/documents/van-ban/{document_id}/").content.decode().split('id="recipients"')[1]
    assert 'data-recipient-status="03"' in recipients.split("</ul>")[0] and "Đã vào sổ" in recipients
    outgoing = clerk.get("/m/documents/di/").content.decode()
    assert "01/QĐ-91001" in outgoing


def test_a_draft_with_a_file_of_the_wrong_type_is_not_created(office):
    unit, people = office
    refused = UnitClient(unit, people["specialist"]).post("/m/documents/di/soan/", {
        "type_code": "quyet_dinh", "subject": "Về việc thử", "signing_authority": str(people["leader"].pk),
        "file": _upload("du-thao.pdf", PNG)})
    assert refused.status_code == 400 and "không khớp với loại đã khai" in refused.content.decode()
    assert _count(unit) == 0


def test_a_secret_document_exists_only_for_those_its_routing_names(office):
    unit, people = office
    with tenant_context(unit):
        secret = actions.register_incoming(incoming_meta(number=9, subject="Kế hoạch bảo vệ bí mật",
                                                         confidentiality="mat"), actor=people["clerk"])
        ordinary = actions.register_incoming(incoming_meta(number=10), actor=people["clerk"])
    other_clerk = add_member(unit, "clerk2-91001", roles=("clerk",))
    for user, sees in ((people["clerk"], True), (other_clerk, False), (people["leader"], False),
                       (people["specialist"], False)):
        client = UnitClient(unit, user)
        page = client.get(f"/m/documents/van-ban/{secret.pk}/")
        assert (page.status_code == 200) is sees, user.username
        assert ("Kế hoạch bảo vệ bí mật" in client.get("/m/documents/den/").content.decode()) is sees
        assert (client.get(f"/m/documents/van-ban/{secret.pk}/tep/1/").status_code == 404)
    assert UnitClient(unit, other_clerk).get(f"/m/documents/van-ban/{ordinary.pk}/").status_code == 200
    assert UnitClient(unit, people["specialist"]).get(f"/m/documents/van-ban/{ordinary.pk}/").status_code == 404
    # Presented to the leader, the secret document opens for them too.
    UnitClient(unit, people["clerk"]).post(f"/m/documents/van-ban/{secret.pk}/thao-tac/", {
        "action": "present", "leader": str(people["leader"].pk)})
    assert UnitClient(unit, people["leader"]).get(f"/m/documents/van-ban/{secret.pk}/").status_code == 200


def test_a_member_of_another_unit_sees_nothing_of_this_one(office, unit_b):
    unit, people = office
    [document_id] = _registered(unit, people, 1, subject="Văn bản riêng của xã A")
    others = open_registry(unit_b)
    outsider = UnitClient(unit_b, others["clerk"])
    assert "Văn bản riêng của xã A" not in outsider.get("/m/documents/den/").content.decode()
    assert outsider.get(f"/m/documents/van-ban/{document_id}/").status_code == 404
    assert "Văn bản riêng của xã A" not in outsider.get("/m/documents/tim-kiem/?q=rieng").content.decode()
    # On unit A's address, a member of B only is refused before any page.
    crossing = UnitClient(unit, others["clerk"]).get(f"/m/documents/van-ban/{document_id}/")
    assert crossing.status_code in (302, 403) and "Văn bản riêng" not in crossing.content.decode()
    assert _post(UnitClient(unit_b, others["clerk"]), document_id, "present",
                 leader=str(people["leader"].pk)).status_code == 404
    assert _status(unit, document_id) == Status.REGISTERED


def test_the_navigation_follows_the_module_and_the_role(office):
    unit, people = office
    clerk_home = UnitClient(unit, people["clerk"]).get("/lam-viec/").content.decode()
    assert 'href="/m/documents/den/vao-so/"' in clerk_home and 'href="/m/documents/"' in clerk_home
    form = UnitClient(unit, people["clerk"]).get("/m/documents/den/vao-so/").content.decode()
    nav = form.split('<nav class="side"', 1)[1].split("</nav>", 1)[0]
    assert nav.count('aria-current="page"') == 1  # the page's own entry, not the module's root nor the register
    assert '<a href="/m/documents/den/vao-so/" aria-current="page">' in nav
    specialist_home = UnitClient(unit, people["specialist"]).get("/lam-viec/").content.decode()
    assert 'href="/m/documents/di/soan/"' in specialist_home and "/m/documents/den/vao-so/" not in specialist_home
    stranger = add_member(unit, "nguoi-khac", roles=("receiving_officer",))
    assert UnitClient(unit, stranger).get("/m/documents/den/").status_code == 403
    disable(unit, "documents")
    assert UnitClient(unit, people["clerk"]).get("/m/documents/den/").status_code == 404


def test_the_register_and_the_queues_take_the_same_queries_for_few_and_many_documents(office):
    unit, people = office
    clerk, leader = UnitClient(unit, people["clerk"]), UnitClient(unit, people["leader"])
    pages = ((clerk, "/m/documents/den/"), (clerk, "/m/documents/den/?q=den&do-khan=thuong"),
             (clerk, "/m/documents/"), (leader, "/m/documents/?hang=to_sign"), (leader, "/m/documents/?hang=overdue"))

    def counts():
        found = []
        for client, path in pages:
            client.get(path)  # the session and the roles cached alike in both rounds
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            found.append(len(queries))
        return found

    _registered(unit, people, 3)
    few = counts()
    _registered(unit, people, 60, subject="Về việc đến nhiều")
    assert counts() == few


# --- signatures: the verdict on every signed file ---

def _modified(signed: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"BT (DA SUA) Tj ET")))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_every_signed_file_shows_its_verification_verdict(office, keys):  # noqa: F811 - the fixture
    unit, people = office
    enable(unit, "signatures")
    from signatures_support import key

    signed = signatures.sign_pdf(pdf(), signer=signatures.Party(SIGNER, key(keys, f"leader-{unit.code}")),
                                 agency=signatures.Party(AGENCY, key(keys)), timestamper=None)
    clerk = UnitClient(unit, people["clerk"])

    def registered(number: int, content: bytes) -> str:
        answer = clerk.post("/m/documents/den/vao-so/", _incoming_form(number=str(number),
                                                                      file=_upload(f"{number}.pdf", content)))
        assert answer.status_code == 302, answer.content.decode()[:2000]
        return clerk.get(answer["Location"]).content.decode()

    assert 'data-verdict="valid"' in registered(1, signed)  # verified as it was registered (Art. 21)
    assert 'data-verdict="modified"' in registered(2, _modified(signed))
    assert 'data-verdict="unsigned"' in registered(3, pdf(signer="Người Khác"))
    # A signer's certificate revoked (as the verifier records it when the CA's CRL says so): named as such.
    with tenant_context(unit):
        document = actions.register_incoming(incoming_meta(number=4), actor=people["clerk"])
        revoked = pdf(signer="Thu Hồi")
        from modules.documents.services.attachments import attach

        attach(document, "4.pdf", revoked, "application/pdf", document.arrived_at)
        import hashlib

        record = SignedPdf.objects.create(sha256=hashlib.sha256(revoked).hexdigest(), name="4.pdf", content=revoked,
                                          size=len(revoked), origin=Origin.RECEIVED, created_at=document.arrived_at)
        Verification.objects.create(pdf=record, status="untrusted", checked_at=document.arrived_at, result={
            "status": "untrusted", "signatures": [{
                "field": "ChuKyNguoiCoThamQuyen", "signer": SIGNER, "intact": True, "trusted": True,
                "valid_at_signing": False, "timestamp_valid": True, "revocation": "revoked",
                "modified_after": False}]})
    page = clerk.get(f"/m/documents/van-ban/{document.pk}/").content.decode()
    assert 'data-verdict="revoked"' in page and "Chứng thư đã bị thu hồi" in page
    # An untrusted root: the CA not among the configured roots.
    with tenant_context(unit):
        assert signatures.verify_pdf(signed, roots=()).status == "untrusted"


def test_the_issued_original_signed_here_shows_valid(office, keys):  # noqa: F811 - the fixture
    unit, people = office
    enable(unit, "signatures")
    specialist, leader, clerk = (UnitClient(unit, people[r]) for r in ("specialist", "leader", "clerk"))
    made = specialist.post("/m/documents/di/soan/", {
        "type_code": "quyet_dinh", "subject": "Về việc ký số", "signing_authority": str(people["leader"].pk),
        "signer_name": SIGNER, "file": _upload("du-thao.pdf", pdf())})
    document_id = int(made["Location"].rstrip("/").rsplit("/", 1)[1])
    for client, action in ((specialist, "submit"), (leader, "review_content"), (clerk, "review_format"),
                           (leader, "approve"), (leader, "sign"), (clerk, "issue")):
        answer = _post(client, document_id, action)
        assert answer.status_code == 302, (action, answer.content.decode()[:1500])
    page = clerk.get(f"/m/documents/van-ban/{document_id}/").content.decode()
    files = page.split('id="file-list"', 1)[1].split("</ul>", 1)[0]
    assert "01-QĐ-91001.pdf" in files and 'data-verdict="valid"' in files


def test_the_page_shows_the_tasks_given_from_it_and_its_case_file_and_speaks_english(unit_a):
    from casefiles_support import file_with_documents, open_archive

    from modules.casefiles.models import CaseFileDocument
    from modules.worktasks import services as worktasks

    unit = unit_a
    people = open_archive(unit)
    enable(unit, "worktasks")
    with tenant_context(unit):
        case_file = file_with_documents(people, numbers=(41,))
        document_id = CaseFileDocument.objects.get(case_file=case_file).document_id
        worktasks.assign("Lập báo cáo kiểm tra", people["specialist"].pk, actor=people["leader"], days=3,
                         document_id=document_id)
    clerk = UnitClient(unit, people["clerk"])
    page = clerk.get(f"/m/documents/van-ban/{document_id}/").content.decode()
    assert "Lập báo cáo kiểm tra" in page and "Đang thực hiện" in page
    assert 'id="casefile">01.05 - Hồ sơ 01.05 về kiểm tra' in page
    english = clerk.get(f"/m/documents/van-ban/{document_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Document details" in english and "Case file" in english and "Thông tin văn bản" not in english
    listed = clerk.get("/m/documents/den/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Incoming register" in listed and "Register an incoming document" in listed


def test_the_leader_sees_overdue_work_per_person_and_department(office):
    from datetime import datetime

    from documents_support import HN

    from modules.documents.services.inputs import AssignmentInput

    unit, people = office
    monday = datetime(2026, 11, 16, 9, 0, tzinfo=HN)
    with tenant_context(unit):
        late = actions.register_incoming(incoming_meta(number=51, subject="Báo cáo trễ hạn"), actor=people["clerk"],
                                         at=monday)
        actions.present(late.pk, actor=people["clerk"], leader_id=people["leader"].pk, at=monday)
        actions.direct(late.pk, actor=people["leader"], text="Xử lý gấp", at=monday, assignments=[
            AssignmentInput("lead", people["specialist"].pk, days=1),
            AssignmentInput("support", None, "Phòng Tài chính", days=2)])
        on_time = actions.register_incoming(incoming_meta(number=52), actor=people["clerk"])
    page = UnitClient(unit, people["leader"]).get("/m/documents/?hang=overdue").content.decode()
    assert f"/m/documents/van-ban/{late.pk}/" in page and f"/m/documents/van-ban/{on_time.pk}/" not in page
    table = page.split('id="late-table"', 1)[1].split("</table>", 1)[0]
    assert "specialist-91001</td><td>1<" in table and "Phòng Tài chính</td><td>1<" in table


def test_a_directive_without_a_lead_or_a_return_without_a_reason_changes_nothing(office):
    unit, people = office
    with tenant_context(unit):
        document = actions.register_incoming(incoming_meta(number=61), actor=people["clerk"])
        actions.present(document.pk, actor=people["clerk"], leader_id=people["leader"].pk)
    leader = UnitClient(unit, people["leader"])
    no_lead = _post(leader, document.pk, "direct", text="Nghiên cứu", support=[str(people["specialist"].pk)])
    assert no_lead.status_code == 400 and "phải giao đúng một đơn vị hoặc cá nhân chủ trì" in no_lead.content.decode()
    nonsense = _post(leader, document.pk, "direct", lead_person="abc")
    assert nonsense.status_code == 400 and "Giá trị không hợp lệ" in nonsense.content.decode()
    unknown = _post(leader, document.pk, "xoa")
    assert unknown.status_code == 400 and "Thao tác không hợp lệ" in unknown.content.decode()
    assert _status(unit, document.pk) == Status.PRESENTED
    with tenant_context(unit):
        draft = actions.create_outgoing(outgoing_meta(), actor=people["specialist"],
                                        signing_authority_id=people["leader"].pk)
        actions.add_version(draft.pk, actor=people["specialist"], note="v1")
        actions.submit(draft.pk, actor=people["specialist"])
    no_reason = _post(leader, draft.pk, "return_draft", reason="  ")
    assert no_reason.status_code == 400 and "Cần nêu lý do để trả lại dự thảo" in no_reason.content.decode()
    assert _status(unit, draft.pk) == Status.CONTENT_REVIEW
