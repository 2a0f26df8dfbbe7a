"""Signing and verification through GraphQL: only a role with signing authority signs (with the unit's configured
keys, a timestamp from the TSA), the verification is kept with the file and shown with Vietnamese labels, a
tampered file received is kept and flagged, and a stored file is never rewritten."""

import base64

import pytest
from api_support import add_member, gql
from django.test import Client
from django_tenants.utils import tenant_context
from signatures_support import AGENCY, PASSPHRASE, TsaServer, make_ca, pdf

from core.modules.services import enable
from modules.signatures import services

SIGN = """mutation($n: String!, $c: String!) { signaturesSignPdf(name: $n, content: $c) {
  signedPdf { id name origin flagged verification { status statusLabel ok
    signatures { field signer timestamped timestampValid revocation labels } } }
  errors { field code message } } }"""
RECEIVE = """mutation($n: String!, $c: String!) { signaturesReceivePdf(name: $n, content: $c) {
  signedPdf { id sha256 flagged verification { status statusLabel } } errors { field code message } } }"""
ONE = """query($id: ID!) { signedPdf(id: $id) { id name flagged verification { status ok } } }"""


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(unit_a, tmp_path, monkeypatch):
    enable(unit_a, "signatures")
    leader = add_member(unit_a, "leader-91001", roles=("leader",), first_name="Nguyễn Văn", last_name="An")
    clerk = add_member(unit_a, "clerk-91001", roles=("clerk",))
    ca = make_ca(tmp_path / "keys", unit=unit_a.code, signers={"leader-91001": "Nguyễn Văn An"})
    with TsaServer(ca) as tsa:
        for name, value in {"EGOV_SIGNING_KEYS_DIR": str(ca.directory), "EGOV_SIGNING_PASSPHRASE": PASSPHRASE,
                            "EGOV_SIGNING_TSA_URL": tsa.url, "EGOV_SIGNING_TRUST_ROOTS": str(ca.directory),
                            "EGOV_SIGNING_FETCH_REVOCATION": "0"}.items():
            monkeypatch.setenv(name, value)
        yield unit_a, {"leader": leader, "clerk": clerk}


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def test_the_leader_signs_and_the_verification_is_shown_in_vietnamese(office):
    unit, people = office
    body = gql(signed_in(people["leader"]), SIGN, {"n": "qd-12.pdf", "c": b64(pdf())}, unit=unit)[1]
    answer = body["data"]["signaturesSignPdf"]
    assert answer["errors"] == []
    signed = answer["signedPdf"]
    assert signed["origin"] == "signed" and signed["flagged"] is False
    assert signed["verification"]["status"] == "valid" and signed["verification"]["ok"] is True
    assert signed["verification"]["statusLabel"] == "Chữ ký hợp lệ"
    assert [(s["field"], s["signer"], s["timestamped"], s["timestampValid"])
            for s in signed["verification"]["signatures"]] == [
        ("ChuKyNguoiCoThamQuyen", "Nguyễn Văn An", True, True), ("ChuKyCoQuan", AGENCY, True, True)]
    labels = signed["verification"]["signatures"][0]["labels"]
    assert "Toàn vẹn: nội dung đã ký không bị sửa" in labels
    # The development CA names no OCSP/CRL address: not checked, and why
    assert "Chưa kiểm tra được tình trạng thu hồi: chứng thư không ghi địa chỉ OCSP/CRL" in labels
    read = gql(signed_in(people["clerk"]), ONE, {"id": signed["id"]}, unit=unit)[1]["data"]["signedPdf"]
    assert read["verification"] == {"status": "valid", "ok": True}


def test_only_a_role_with_signing_authority_signs(office):
    unit, people = office
    body = gql(signed_in(people["clerk"]), SIGN, {"n": "qd.pdf", "c": b64(pdf())}, unit=unit)[1]
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    with tenant_context(unit), pytest.raises(services.SignaturesError) as refused:
        services.sign_and_keep(pdf(), "qd.pdf", actor=people["clerk"])
    assert refused.value.code == "NOT_ALLOWED"


def test_a_signer_without_a_key_gets_a_clear_error(office):
    unit, _people = office
    other = add_member(unit, "leader2-91001", roles=("leader",))
    body = gql(signed_in(other), SIGN, {"n": "qd.pdf", "c": b64(pdf())}, unit=unit)[1]
    assert body["data"]["signaturesSignPdf"]["errors"] == [{
        "field": "key", "code": "KEY_UNAVAILABLE",
        "message": "Chưa có khóa ký cho leader2-91001 tại đơn vị 91001."}]


def test_a_tampered_file_received_is_kept_and_flagged_never_refused(office):
    unit, people = office
    with tenant_context(unit):
        good = bytes(services.sign_and_keep(pdf(), "qd.pdf", actor=people["leader"]).content)
    tampered = bytearray(good)
    tampered[good.find(b"stream", 200) + 20] ^= 0x01
    body = gql(signed_in(people["clerk"]), RECEIVE, {"n": "den.pdf", "c": b64(bytes(tampered))}, unit=unit)[1]
    answer = body["data"]["signaturesReceivePdf"]
    assert answer["errors"] == []
    assert answer["signedPdf"]["flagged"] is True
    assert answer["signedPdf"]["verification"] == {"status": "invalid",
                                                   "statusLabel": "Chữ ký không toàn vẹn (nội dung đã bị sửa)"}
    with tenant_context(unit):
        kept = services.get_pdf(int(answer["signedPdf"]["id"]))
        assert bytes(kept.content) == bytes(tampered)  # kept as it came, for the record


def test_a_file_is_stored_once_and_never_rewritten(office):
    unit, people = office
    with tenant_context(unit):
        signed = services.sign_and_keep(pdf(), "qd.pdf", actor=people["leader"])
        again = services.receive(bytes(signed.content), "ban-sao.pdf")
        assert again.pk == signed.pk and again.name == "qd.pdf" and again.origin == "signed"
        assert signed.verifications.count() == 2  # checked again, each result kept
        assert bytes(services.get_pdf(signed.pk).content) == bytes(signed.content)


def test_a_file_that_is_not_base64_or_not_a_pdf_is_refused_with_the_field(office):
    unit, people = office
    client = signed_in(people["clerk"])
    bad = gql(client, RECEIVE, {"n": "x.pdf", "c": "%%%"}, unit=unit)[1]["data"]["signaturesReceivePdf"]
    assert bad["errors"] == [{"field": "content", "code": "INVALID_DATA", "message": "Nội dung tệp không phải base64."}]
    word = gql(client, RECEIVE, {"n": "x.pdf", "c": b64(b"PK\x03\x04")}, unit=unit)[1]["data"]["signaturesReceivePdf"]
    assert word["errors"] == [{"field": "pdf", "code": "NOT_A_PDF", "message": "Tệp không phải PDF hợp lệ."}]
