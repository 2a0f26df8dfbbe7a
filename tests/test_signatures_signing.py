"""PAdES signing and verification with real keys from the development CA, a real HTTP time-stamping authority and
real PDFs: signed by the signer then the agency, both valid and timestamped (pyHanko and poppler's pdfsig agree);
a byte changed, an untrusted root, content added after signing each flagged; remote hash signing."""

import io
from datetime import datetime

import pypdf
import pytest
import time_machine
from django.core.management import CommandError, call_command
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.timestamps import HTTPTimeStamper
from signatures_support import AGENCY, HN, PASSPHRASE, SIGNER, TsaServer, key, make_ca, pdf, pdfsig, roots

from modules.signatures import services


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return make_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def tsa(ca):
    with TsaServer(ca) as server:
        yield server


@pytest.fixture(scope="module")
def signed(ca, tsa):
    return services.sign_pdf(pdf(), signer=services.Party(SIGNER, key(ca, "leader-91001")),
                             agency=services.Party(AGENCY, key(ca)), timestamper=HTTPTimeStamper(tsa.url))


def test_signer_then_agency_both_valid_with_timestamps_from_the_tsa(ca, tsa, signed, tmp_path):
    result = services.verify_pdf(signed, roots=roots(ca))
    assert result.status == "valid"
    assert [(s.field, s.signer) for s in result.signatures] == [("ChuKyNguoiCoThamQuyen", SIGNER),
                                                               ("ChuKyCoQuan", AGENCY)]
    for check in result.signatures:
        assert check.intact and check.trusted and check.valid_at_signing and not check.modified_after
        assert check.timestamped and check.timestamp_valid and check.signed_at.endswith("+07:00")
        assert (check.revocation, check.revocation_why) == ("not_checked", "no_address")  # said so, not "good"
    assert tsa.requests >= 2  # each signature stamped by the HTTP TSA
    # After the seal only the long-term data was added (PAdES B-LTA): the DSS and a document timestamp over it.
    assert not result.signatures[1].covers_whole_file and result.level == "B-LTA"
    assert [(t.field, t.ok) for t in result.timestamps] == [("DauThoiGianLuuTru1", True)]
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    report = pdfsig(path)
    assert report.count("Signature is Valid.") == 2, report
    assert SIGNER in report and AGENCY in report


def test_the_signed_bytes_of_the_first_signature_are_never_rewritten(ca, tsa, signed):
    original = pdf()
    assert signed.startswith(original[:original.rfind(b"%%EOF")])  # incremental updates only


def test_visible_signatures_are_placed_as_appendix_i_prescribes(signed):
    """The signer's signature over the name in the signature block; the seal overlapping its left third."""
    reader = pypdf.PdfReader(io.BytesIO(signed))
    last = reader.pages[-1]
    boxes = {a.get_object()["/T"]: [float(v) for v in a.get_object()["/Rect"]] for a in last["/Annots"]}
    signer, seal = boxes["ChuKyNguoiCoThamQuyen"], boxes["ChuKyCoQuan"]
    width = signer[2] - signer[0]
    assert seal[0] < signer[0] < seal[2]  # the seal starts left of the signature and reaches into it
    assert seal[2] - signer[0] == pytest.approx(width / 3, abs=1)  # by about a third of its width
    assert signer[0] > float(last.mediabox.width) / 2  # the signature block's column, right of the page's middle


def test_a_byte_changed_after_signing_is_flagged(ca, signed):
    changed = bytearray(signed)
    at = signed.find(b"stream", 200) + 20  # inside the first page's content, covered by both signatures
    changed[at] ^= 0x01
    result = services.verify_pdf(bytes(changed), roots=roots(ca))
    assert result.status == "invalid" and not result.ok
    assert not all(s.intact for s in result.signatures)


def test_a_root_not_configured_is_flagged_untrusted(ca, signed, tmp_path):
    other = make_ca(tmp_path / "other")
    result = services.verify_pdf(signed, roots=roots(other))
    assert result.status == "untrusted"
    assert all(s.intact and not s.trusted for s in result.signatures)
    assert services.verify_pdf(signed, roots=()).status == "untrusted"  # no roots configured: nothing trusted


def test_content_added_by_an_incremental_update_after_signing_is_flagged_modified(ca, signed):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (DA SUA) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = io.BytesIO()
    writer.write(out)
    result = services.verify_pdf(out.getvalue(), roots=roots(ca))
    assert result.status == "modified"
    assert all(s.intact and s.modified_after for s in result.signatures)  # signed bytes intact, content added


def test_a_file_without_signatures_is_reported_unsigned(ca):
    assert services.verify_pdf(pdf(), roots=roots(ca)).status == "unsigned"


def test_remote_hash_signing_sends_only_digests_and_validates(ca, tsa, tmp_path):
    remote = services.LocalRemoteSigning({"lanh-dao": (ca.signers["leader-91001"], "dev-only"),
                                          "91001": (ca.agency, "dev-only")})
    document = pdf()
    signed = services.sign_pdf(document, signer=services.Party(SIGNER, services.RemoteKey(remote, "lanh-dao")),
                               agency=services.Party(AGENCY, services.RemoteKey(remote, "91001")),
                               timestamper=HTTPTimeStamper(tsa.url))
    assert services.verify_pdf(signed, roots=roots(ca)).status == "valid"
    assert [c for c, _digest in remote.requests] == ["lanh-dao", "91001"]
    path = tmp_path / "remote.pdf"
    path.write_bytes(signed)
    report = pdfsig(path)  # poppler agrees
    assert report.count("Signature is Valid.") >= 2 and "Signature is Invalid" not in report, report
    assert all(len(digest) == 64 for _c, digest in remote.requests)  # a SHA-256, never the document


def test_a_file_that_is_not_a_pdf_is_refused_with_a_code(ca, tsa):
    with pytest.raises(services.SignaturesError) as refused:
        services.sign_pdf(b"PK\x03\x04 not a pdf", signer=services.Party(SIGNER, key(ca, "leader-91001")),
                          agency=None, timestamper=HTTPTimeStamper(tsa.url))
    assert refused.value.code == "NOT_A_PDF"


def test_the_clerk_seals_at_issue_a_pdf_the_leader_signed_before(ca, tsa):
    """Signer at the signing step, seal later (at issue): the seal lands beside the signer's signature."""
    by_leader = services.sign_pdf(pdf(), signer=services.Party(SIGNER, key(ca, "leader-91001")), agency=None,
                                  timestamper=HTTPTimeStamper(tsa.url))
    assert [s.field for s in services.verify_pdf(by_leader, roots=roots(ca)).signatures] == ["ChuKyNguoiCoThamQuyen"]
    sealed = services.seal_pdf(by_leader, agency=services.Party(AGENCY, key(ca)), timestamper=HTTPTimeStamper(tsa.url))
    result = services.verify_pdf(sealed, roots=roots(ca))
    assert result.status == "valid" and [s.signer for s in result.signatures] == [SIGNER, AGENCY]
    last = pypdf.PdfReader(io.BytesIO(sealed)).pages[-1]
    boxes = {a.get_object()["/T"]: [float(v) for v in a.get_object()["/Rect"]] for a in last["/Annots"]}
    signer, seal = boxes["ChuKyNguoiCoThamQuyen"], boxes["ChuKyCoQuan"]
    assert seal[2] - signer[0] == pytest.approx((signer[2] - signer[0]) / 3, abs=1)


def _dev_signed(ca, monkeypatch, at: datetime) -> bytes:
    """Signed at `at` by the CA's signer and agency, stamped by the development TSA in-process."""
    monkeypatch.setenv("EGOV_SIGNING_DEV_TSA", str(ca.tsa))
    monkeypatch.setenv("EGOV_SIGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("EGOV_SIGNING_TSA_URL", raising=False)
    with time_machine.travel(at, tick=False):
        return services.sign_pdf(pdf(), signer=services.Party(SIGNER, key(ca, "leader-91001")),
                                 agency=services.Party(AGENCY, key(ca)), timestamper=services.timestamper())


def test_a_certificate_expired_since_signing_is_judged_at_the_timestamps_time(tmp_path, monkeypatch):
    ca = services.make_dev_ca(tmp_path, agency=AGENCY, signers={"leader-91001": SIGNER}, passphrase=PASSPHRASE,
                              start=datetime(2024, 1, 10, tzinfo=HN), days=200)  # expired by mid-2024
    signed = _dev_signed(ca, monkeypatch, datetime(2024, 3, 1, 9, 0, tzinfo=HN))
    result = services.verify_pdf(signed, roots=roots(ca))  # today: both certificates long expired
    assert result.status == "valid"
    assert [s.signed_at for s in result.signatures] == ["2024-03-01T09:00:00+07:00"] * 2


def test_a_signature_made_after_the_certificate_expired_is_flagged(tmp_path, monkeypatch):
    ca = services.make_dev_ca(tmp_path, agency=AGENCY, signers={"leader-91001": SIGNER}, passphrase=PASSPHRASE,
                              start=datetime(2024, 1, 10, tzinfo=HN), days=200)
    signed = _dev_signed(ca, monkeypatch, datetime(2025, 3, 1, 9, 0, tzinfo=HN))
    result = services.verify_pdf(signed, roots=roots(ca))
    assert result.status == "untrusted"
    assert all(s.intact and not s.valid_at_signing for s in result.signatures)


def test_egov_signing_dev_ca_lays_out_the_keys_as_the_settings_expect(tmp_path):
    out = io.StringIO()
    call_command("signing", "dev-ca", "--dir", str(tmp_path), "--agency", AGENCY, "--unit", "91001",
                 "--signer", f"leader-91001={SIGNER}", "--passphrase", PASSPHRASE, stdout=out)
    assert {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()} == {
        "ca.pem", "ca.p12", "tsa.p12", "91001/agency.p12", "91001/leader-91001.p12"}
    made = services.Pkcs12Key(tmp_path / "91001" / "leader-91001.p12", PASSPHRASE).signer()
    assert made.signing_cert.subject.native["common_name"] == SIGNER
    assert "EGOV_SIGNING_TRUST_ROOTS" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("signing", "dev-ca", "--dir", str(tmp_path), "--agency", AGENCY, "--signer", "no-name",
                     "--passphrase", PASSPHRASE)


def test_a_configured_remote_signing_service_holds_the_signers_and_the_seals_keys(ca, tsa, monkeypatch):
    from modules.signatures.services import configured

    monkeypatch.setenv("EGOV_SIGNING_REMOTE", "signatures_support.RemoteStandIn")
    monkeypatch.setenv("EGOV_SIGNING_KEYS_DIR", str(ca.directory))
    configured._remote.cache_clear()
    person, seal = configured.person_key("91001", "leader-91001"), configured.agency_key("91001")
    assert isinstance(person, services.RemoteKey) and (person.credential_id, seal.credential_id) == (
        "leader-91001", "91001")
    signed = services.sign_pdf(pdf(), signer=services.Party(SIGNER, person), agency=services.Party(AGENCY, seal),
                               timestamper=HTTPTimeStamper(tsa.url))
    assert services.verify_pdf(signed, roots=roots(ca)).status == "valid"
    assert [c for c, _digest in person.service.requests] == ["leader-91001", "91001"]
    configured._remote.cache_clear()  # the next configuration builds its own service
