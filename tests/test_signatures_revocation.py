"""Revocation really exercised and long-term validation (PAdES B-LT/B-LTA): a development CA whose certificates name
its CRL and OCSP responder, served over HTTP by the test; a good certificate is said "good" (not "not checked"), one
revoked before signing is flagged "revoked", one revoked after a timestamped signature leaves it valid and says so;
an unreachable or silent responder gives "not checked", said so; the sealed document carries its validation data
and a document timestamp, so it verifies offline, in pyHanko and in poppler's pdfsig."""

import io
import socket
from datetime import timedelta

import pytest
import time_machine
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.core.management import CommandError, call_command
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from signatures_support import AGENCY, PASSPHRASE, SIGNER, RevocationServer, TsaServer, key, pdf, pdfsig, roots

from modules.signatures import services
from modules.signatures.services import devca_revocation
from modules.signatures.services.verdicts import _verdict


@pytest.fixture(scope="module")
def revocation():
    with RevocationServer() as server:
        yield server


@pytest.fixture(scope="module")
def ca(revocation, tmp_path_factory):
    return revocation.make_ca(tmp_path_factory.mktemp("ca-crl"))


@pytest.fixture(scope="module")
def tsa(ca):
    with TsaServer(ca) as server:
        yield server


def _sign(ca, tsa, **kwargs) -> bytes:
    return services.sign_pdf(pdf(), signer=services.Party(SIGNER, key(ca, "leader-91001")),
                             agency=services.Party(AGENCY, key(ca)), timestamper=HTTPTimeStamper(tsa.url),
                             roots=roots(ca), **kwargs)


def _certificate(path):
    return pkcs12.load_key_and_certificates(path.read_bytes(), PASSPHRASE.encode())[1]


@pytest.fixture(scope="module")
def sealed(ca, tsa):
    return _sign(ca, tsa)


def test_certificates_name_the_cas_crl_and_ocsp_responder(ca, revocation):
    cert = asn1_x509.Certificate.load(_certificate(ca.signers["leader-91001"]).public_bytes(Encoding.DER))
    assert cert.ocsp_urls == [f"{revocation.url}/ocsp"]
    assert [p.url for p in cert.crl_distribution_points] == [f"{revocation.url}/crl"]


def test_a_good_certificate_is_checked_and_said_good(ca, sealed, revocation, monkeypatch):
    monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "1")
    asked = dict(revocation.requests)
    result = services.verify_pdf(sealed, roots=roots(ca))
    assert result.status == "valid"
    assert [(s.signer, s.revocation) for s in result.signatures] == [(SIGNER, "good"), (AGENCY, "good")]
    assert revocation.requests["ocsp"] > asked["ocsp"]  # asked the responder now, not only the embedded answers
    assert "Chứng thư chưa bị thu hồi" in _verdict(result.status, result.as_dict(), timezone.now()).lines[0]


def test_the_crl_alone_proves_a_certificate_good_or_revoked(ca, tmp_path):
    """The CRL the CA publishes (RFC 5280), read back: signed by the CA, listing exactly the revoked serials."""
    crl = x509.load_der_x509_crl(devca_revocation.crl(ca.directory, PASSPHRASE))
    root = x509.load_pem_x509_certificate(ca.ca.read_bytes())
    assert crl.is_signature_valid(root.public_key()) and crl.issuer == root.subject
    signer = _certificate(ca.signers["leader-91001"])
    assert crl.get_revoked_certificate_by_serial_number(signer.serial_number) is None


@pytest.fixture
def own_ca(tmp_path):
    """A CA of the test's own, with its own CRL/OCSP server (a revocation here is seen by this test only)."""
    with RevocationServer() as server:
        yield server.make_ca(tmp_path / "ca")


def test_a_certificate_revoked_before_signing_is_flagged_revoked(own_ca, monkeypatch):
    monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "1")
    ca = own_ca
    devca_revocation.revoke(ca.directory, _certificate(ca.signers["leader-91001"]),
                            at=timezone.now() - timedelta(hours=2))
    with TsaServer(ca) as tsa:
        signed = _sign(ca, tsa)
    result = services.verify_pdf(signed, roots=roots(ca))
    assert result.status == "untrusted" and not result.ok
    signer, seal = result.signatures
    assert (signer.revocation, signer.trusted, signer.valid_at_signing) == ("revoked", False, False)
    assert signer.revoked_at is not None and signer.intact  # the bytes are intact: the certificate is the problem
    assert seal.revocation == "good" and seal.ok
    assert result.level == "B-T"  # nothing proves the revoked signer valid: no long-term data for it
    verdict = _verdict(result.status, result.as_dict(), timezone.now())
    assert verdict.status == "revoked" and verdict.label == "Chứng thư đã bị thu hồi"
    # The CRL says the same as the OCSP responder.
    crl = x509.load_der_x509_crl(devca_revocation.crl(ca.directory, PASSPHRASE))
    assert crl.get_revoked_certificate_by_serial_number(_certificate(ca.signers["leader-91001"]).serial_number)


def test_with_the_ocsp_responder_down_the_crl_alone_says_good_or_revoked(revocation, tmp_path, monkeypatch):
    """A test CA with a CRL (RFC 5280): the OCSP responder answers 503, the CRL distribution point is fetched."""
    monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "1")
    with RevocationServer() as server:
        ca = server.make_ca(tmp_path / "ca")
        server.ocsp_down = True
        with TsaServer(ca) as tsa:
            signed = _sign(ca, tsa, level="B-T")
        assert [s.revocation for s in services.verify_pdf(signed, roots=roots(ca)).signatures] == ["good", "good"]
        devca_revocation.revoke(ca.directory, _certificate(ca.signers["leader-91001"]),
                                at=timezone.now() - timedelta(hours=2))
        result = services.verify_pdf(signed, roots=roots(ca))
        assert server.requests["crl"] >= 2 and server.requests["ocsp"] == 0  # refused before being counted
    assert result.status == "untrusted"
    assert [s.revocation for s in result.signatures] == ["revoked", "good"]


def test_revoked_after_a_timestamped_signature_the_signature_stands_and_says_so(own_ca, monkeypatch):
    """ETSI EN 319 102-1: validity is judged at the time of signing the timestamp proves."""
    monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "1")
    ca = own_ca
    with TsaServer(ca) as tsa:
        signed = _sign(ca, tsa)
    devca_revocation.revoke(ca.directory, _certificate(ca.signers["leader-91001"]),
                            at=timezone.now() + timedelta(minutes=5))
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        result = services.verify_pdf(signed, roots=roots(ca))
    signer = result.signatures[0]
    assert result.status == "valid"
    assert signer.revocation == "revoked_after_signing" and signer.valid_at_signing
    assert "sau thời điểm ký" in " ".join(services.describe(result.as_dict()["signatures"][0]))


def test_an_unreachable_responder_is_not_checked_and_said_so(tmp_path, monkeypatch):
    """A B-T document (no embedded answers) whose CA's addresses refuse connections: not checked, never good."""
    monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "1")
    with RevocationServer() as gone:
        ca = gone.make_ca(tmp_path / "ca")
    # The server is closed: its port now refuses connections.
    with TsaServer(ca) as tsa:
        signed = _sign(ca, tsa, level="B-T")
    result = services.verify_pdf(signed, roots=roots(ca))
    assert result.status == "valid" and result.level == "B-T"
    assert [s.revocation for s in result.signatures] == ["not_checked", "not_checked"]
    assert [s.revocation_why for s in result.signatures] == ["unreachable", "unreachable"]
    line = "; ".join(services.describe(result.as_dict()["signatures"][0]))
    assert "Chưa kiểm tra được tình trạng thu hồi: không truy cập được máy chủ OCSP/CRL" in line
    monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "0")  # switched off, and nothing embedded: said so
    assert {s.revocation_why for s in services.verify_pdf(signed, roots=roots(ca)).signatures} == {"fetching_off"}


def test_a_silent_responder_times_out_as_not_checked(tmp_path, monkeypatch):
    """A firewall dropping packets: the connection is accepted, nothing answers; the wait is bounded."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        ca = services.make_dev_ca(tmp_path, agency=AGENCY, unit="91001", passphrase=PASSPHRASE,
                                  signers={"leader-91001": SIGNER},
                                  revocation_url=f"http://127.0.0.1:{silent.getsockname()[1]}")
        with TsaServer(ca) as tsa:
            signed = _sign(ca, tsa, level="B-T")
        monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "1")
        monkeypatch.setenv("EGOV_SIGNING_REVOCATION_TIMEOUT", "0.5")
        result = services.verify_pdf(signed, roots=roots(ca))
    finally:
        silent.close()
    assert result.status == "valid"
    assert {(s.revocation, s.revocation_why) for s in result.signatures} == {("not_checked", "unreachable")}


def test_the_sealed_document_is_b_lta_and_verifies_offline_from_its_own_data(ca, sealed, revocation, monkeypatch,
                                                                              tmp_path):
    reader = PdfFileReader(io.BytesIO(sealed), strict=False)
    assert [(s.field_name, s.sig_object_type) for s in reader.embedded_signatures] == [
        ("ChuKyNguoiCoThamQuyen", "/Sig"), ("ChuKyCoQuan", "/Sig"), ("DauThoiGianLuuTru1", "/DocTimeStamp")]
    dss = DocumentSecurityStore.read_dss(reader)
    assert dss.ocsps and list(dss.load_certs())  # the responder's answers and the chains are in the document
    monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "0")
    asked = dict(revocation.requests)
    result = services.verify_pdf(sealed, roots=roots(ca))
    assert revocation.requests == asked  # nothing fetched
    assert result.status == "valid" and result.level == "B-LTA"
    assert all(s.embedded_validation and s.revocation == "good" for s in result.signatures)
    assert [(t.field, t.ok) for t in result.timestamps] == [("DauThoiGianLuuTru1", True)]
    path = tmp_path / "b-lta.pdf"
    path.write_bytes(sealed)
    report = pdfsig(path)
    assert report.count("Signature is Valid.") >= 2, report
    assert "Signature is Invalid" not in report and SIGNER in report and AGENCY in report


def test_b_lt_embeds_the_data_without_a_document_timestamp(ca, tsa, monkeypatch):
    monkeypatch.setenv("EGOV_SIGNING_PADES_LEVEL", "B-LT")
    signed = _sign(ca, tsa)
    monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "0")
    result = services.verify_pdf(signed, roots=roots(ca))
    assert result.status == "valid" and result.level == "B-LT" and result.timestamps == []


def test_content_added_after_the_archive_timestamp_is_flagged(ca, sealed, monkeypatch):
    monkeypatch.setenv("EGOV_SIGNING_FETCH_REVOCATION", "0")
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 9 9 Td (X) Tj ET")))
    out = io.BytesIO()
    writer.write(out)
    result = services.verify_pdf(out.getvalue(), roots=roots(ca))
    assert result.status == "modified" and all(s.modified_after for s in result.signatures)


def test_a_bad_level_setting_is_refused_with_its_name(ca, tsa, monkeypatch):
    monkeypatch.setenv("EGOV_SIGNING_PADES_LEVEL", "B-XYZ")
    with pytest.raises(services.SignaturesError) as refused:
        _sign(ca, tsa)
    assert "EGOV_SIGNING_PADES_LEVEL" in str(refused.value)


def test_egov_signing_revoke_lists_the_certificate_in_the_next_crl(tmp_path):
    out = io.StringIO()
    call_command("signing", "dev-ca", "--dir", str(tmp_path), "--agency", AGENCY, "--unit", "91001",
                 "--signer", f"leader-91001={SIGNER}", "--passphrase", PASSPHRASE,
                 "--revocation-url", "http://127.0.0.1:8089", stdout=out)
    leader = tmp_path / "91001" / "leader-91001.p12"
    assert [p.url for p in asn1_x509.Certificate.load(_certificate(leader).public_bytes(Encoding.DER))
            .crl_distribution_points] == ["http://127.0.0.1:8089/crl"]
    call_command("signing", "revoke", "--dir", str(tmp_path), "--passphrase", PASSPHRASE, str(leader), stdout=out)
    crl = x509.load_der_x509_crl(devca_revocation.crl(tmp_path, PASSPHRASE))
    assert crl.get_revoked_certificate_by_serial_number(_certificate(leader).serial_number) is not None
    with pytest.raises(CommandError):  # a file that is not the CA's PKCS#12: said so, nothing revoked
        call_command("signing", "revoke", "--dir", str(tmp_path), "--passphrase", "wrong", str(leader), stdout=out)
    assert len(devca_revocation.revoked(tmp_path)) == 1
