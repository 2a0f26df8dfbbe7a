"""Documents' signing step with digital signatures (Decree 30/2020 Art. 5, 15-16, 21): the signing authority signs
the approved PDF draft with their key, the clerk's issue numbers it and applies the agency's seal, the issued original
carries both valid signatures; a unit receiving it from another unit verifies it on arrival and shows the result; a
missing key refuses the step with a clear message and nothing changes; without the module the step stays manual."""

import io

import pytest
from django_tenants.utils import tenant_context
from documents_support import issue_one, open_registry, outgoing_meta
from pyhanko.pdf_utils.reader import PdfFileReader
from signatures_support import AGENCY, PASSPHRASE, SIGNER, TsaServer, decision_pdf, make_ca, pdf

from core.modules.services import enable
from modules.documents.models import Document, DocumentEvent, Status
from modules.documents.services import actions
from modules.documents.services.inputs import FileInput, RecipientInput
from modules.signatures import services
from modules.signatures.models import Origin, SignedPdf
from modules.signatures.services.errors import SignaturesError
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage, OutboxStatus

PDF = "application/pdf"


@pytest.fixture
def keys(unit_a, tmp_path, monkeypatch):
    """Development keys of unit A's leader and seal, a TSA over HTTP, the CA trusted."""
    ca = make_ca(tmp_path / "keys", unit=unit_a.code, signers={f"leader-{unit_a.code}": SIGNER})
    with TsaServer(ca) as tsa:
        for name, value in {"EGOV_SIGNING_KEYS_DIR": str(ca.directory), "EGOV_SIGNING_PASSPHRASE": PASSPHRASE,
                            "EGOV_SIGNING_TSA_URL": tsa.url, "EGOV_SIGNING_TRUST_ROOTS": str(ca.directory),
                            "EGOV_SIGNING_FETCH_REVOCATION": "0"}.items():
            monkeypatch.setenv(name, value)
        yield ca


def _office(unit) -> dict:
    people = open_registry(unit)
    enable(unit, "signatures")
    return people


def _approved(people, draft: bytes | None = None) -> Document:
    doc = actions.create_outgoing(outgoing_meta(signer_name=SIGNER), actor=people["specialist"],
                                  signing_authority_id=people["leader"].pk)
    actions.add_version(doc.pk, actor=people["specialist"], note="v1",
                        file=FileInput("du-thao.pdf", draft or pdf(), PDF))
    actions.submit(doc.pk, actor=people["specialist"])
    actions.review_content(doc.pk, actor=people["leader"])
    actions.review_format(doc.pk, actor=people["clerk"])
    return actions.approve(doc.pk, actor=people["leader"])


def _deliver_pending(unit) -> list[str]:
    with tenant_context(unit):
        ids = [str(i) for i in OutboxMessage.objects.filter(status=OutboxStatus.PENDING).values_list("id", flat=True)]
    return [messaging.deliver(unit.schema_name, message_id) for message_id in ids]


def test_the_issued_original_carries_the_signer_and_the_agency_signatures_and_its_number(unit_a, keys):
    people = _office(unit_a)
    with tenant_context(unit_a):
        doc = _approved(people)
        draft = bytes(doc.versions.get().blob.content)
        signed = actions.sign(doc.pk, actor=people["leader"])
        event = DocumentEvent.objects.get(document=signed, action="sign")
        assert event.data["signature"]["method"] == "digital" and event.data["signature"]["signer"] == SIGNER
        issued = actions.issue(doc.pk, actor=people["clerk"])
        assert issued.number == 1 and issued.number_symbol == "01/QĐ-91001" and issued.status == Status.ISSUED
        original = issued.attachments.select_related("blob").get()
        assert original.name == "01-QĐ-91001.pdf"
        content = bytes(original.blob.content)
        assert content.startswith(draft)  # incremental updates: the approved draft's bytes untouched
        checked = services.verify_pdf(content)
        assert checked.status == "valid"
        assert [(s.field, s.signer, s.intact, s.trusted, s.timestamp_valid) for s in checked.signatures] == [
            ("ChuKyNguoiCoThamQuyen", SIGNER, True, True, True), ("ChuKyCoQuan", AGENCY, True, True, True)]
        names = [s.field_name for s in PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures]
        assert names == ["ChuKyNguoiCoThamQuyen", "ChuKyCoQuan", "DauThoiGianLuuTru1"]  # sealed, then archived
        assert checked.level == "B-LTA"
        seal = DocumentEvent.objects.get(document=issued, action="issue").data["seal"]
        assert seal["method"] == "digital" and seal["verification"] == "valid"
        kept = SignedPdf.objects.get(pk=seal["signed_pdf"])  # verified once as it left, the result kept
        assert (kept.sha256, kept.origin, kept.verifications.count()) == (original.blob.sha256, Origin.SIGNED, 1)
        # The versions tell the story: draft, signed by the signer, sealed by the clerk at issue.
        assert list(issued.versions.order_by("number").values_list("note", flat=True)) == [
            "v1", "Bản đã ký số của người có thẩm quyền ký", "Bản đã đóng dấu số của cơ quan"]


def test_the_number_and_date_taken_at_issue_are_printed_and_the_signers_signature_stands(unit_a, keys):
    """Decree 30 Art. 15-16: numbered and dated at issue, after the signer signed; printed into the fields the
    signer's field lock leaves fillable, then sealed."""
    people = _office(unit_a)
    with tenant_context(unit_a):
        doc = _approved(people, decision_pdf())
        actions.sign(doc.pk, actor=people["leader"])
        issued = actions.issue(doc.pk, actor=people["clerk"])
        content = bytes(issued.attachments.select_related("blob").get().blob.content)
        form = PdfFileReader(io.BytesIO(content), strict=False).root["/AcroForm"]["/Fields"]
        values = {str(f.get_object()["/T"]): str(f.get_object().get("/V", "")) for f in form}
        assert values["SoKyHieu"] == f"Số: {issued.number_symbol}"
        day = issued.issued_on
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        assert values["NgayBanHanh"] == f"Thử Nghiệm A, ngày {day.day:02d} tháng {month} năm {day.year}"
        checked = services.verify_pdf(content)
        assert checked.status == "valid" and checked.level == "B-LTA"
        assert checked.signatures[0].form_filled_after == ["NgayBanHanh", "SoKyHieu"]


def test_a_document_delivered_to_another_unit_is_verified_on_arrival(unit_a, unit_b, keys):
    sender, _receiver = _office(unit_a), _office(unit_b)
    with tenant_context(unit_a):
        doc = _approved(sender)
        actions.sign(doc.pk, actor=sender["leader"])
        actions.issue(doc.pk, actor=sender["clerk"], recipients=[RecipientInput("", unit_code=unit_b.code)])
    assert _deliver_pending(unit_a) == [OutboxStatus.DELIVERED]
    with tenant_context(unit_b):
        arrived = Document.objects.get()
        assert arrived.status == Status.REGISTERED
        check = DocumentEvent.objects.get(document=arrived, action="check_signatures").data["files"]
        assert [(f["name"], f["status"], f["flagged"]) for f in check] == [("01-QĐ-91001.pdf", "valid", False)]
        kept = SignedPdf.objects.get(pk=check[0]["signed_pdf"])
        assert kept.origin == Origin.RECEIVED and kept.sha256 == arrived.attachments.get().blob.sha256
        assert services.latest_verification(kept).result["signatures"][1]["signer"] == AGENCY


def test_an_unsigned_pdf_arriving_is_registered_and_flagged_not_refused(unit_a, unit_b, keys):
    sender = open_registry(unit_a)  # the sending unit signs on paper: signatures not enabled there
    _office(unit_b)
    with tenant_context(unit_a):
        issued = issue_one(sender, file=FileInput("du-thao.pdf", pdf(), PDF),
                           recipients=[RecipientInput("", unit_code=unit_b.code)])
        assert DocumentEvent.objects.get(document=issued, action="sign").data["signature"] == {"method": "manual"}
        assert issued.attachments.get().blob.sha256 == issued.versions.get().blob.sha256  # the draft as it was
    assert _deliver_pending(unit_a) == [OutboxStatus.DELIVERED]
    with tenant_context(unit_b):
        arrived = Document.objects.get()
        check = DocumentEvent.objects.get(document=arrived, action="check_signatures").data["files"]
        assert [(f["status"], f["flagged"]) for f in check] == [("unsigned", True)]


def test_a_signer_without_a_key_is_refused_clearly_and_nothing_changes(unit_a, keys):
    people = _office(unit_a)
    (keys.directory / unit_a.code / f"leader-{unit_a.code}.p12").unlink()
    with tenant_context(unit_a):
        doc = _approved(people)
        with pytest.raises(SignaturesError) as refused:
            actions.sign(doc.pk, actor=people["leader"])
        assert refused.value.code == "KEY_UNAVAILABLE"
        assert str(refused.value) == (f"Không ký số được văn bản: chưa có khóa ký số của {SIGNER} tại đơn vị 91001. "
                                      "Hãy đề nghị phòng CNTT cấp khóa; văn bản chưa bị thay đổi.")
        doc.refresh_from_db()
        assert doc.status == Status.APPROVED and doc.versions.count() == 1
        assert not DocumentEvent.objects.filter(document=doc, action="sign").exists()


def test_a_missing_seal_refuses_the_issue_before_a_number_is_taken(unit_a, keys):
    people = _office(unit_a)
    with tenant_context(unit_a):
        doc = _approved(people)
        actions.sign(doc.pk, actor=people["leader"])
        (keys.directory / unit_a.code / "agency.p12").unlink()
        with pytest.raises(SignaturesError) as refused:
            actions.issue(doc.pk, actor=people["clerk"])
        assert "chưa có khóa ký số của Xã Thử Nghiệm A" in str(refused.value)
        doc.refresh_from_db()
        assert (doc.status, doc.number, doc.attachments.count(), doc.versions.count()) == (Status.SIGNED, None, 0, 2)
