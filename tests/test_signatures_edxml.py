"""The XML signature of edXML envelopes with the signatures module (QCVN 102:2016; Decree 30/2020 Art. 21): an
outgoing envelope is signed with the agency's seal key when it is a PKCS#12 file (a remote or PKCS#11 key signs
digests only: the envelope goes unsigned, said so in the log); an arriving envelope's signature is checked for
integrity and then against the configured trust roots: a CA the ICT department trusts, one it does not, a revoked
certificate. Another unit's data is never touched."""

import logging

import pytest
from asn1crypto import pem
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django_tenants.utils import tenant_context
from documents_support import open_registry, outgoing_meta
from exchange_support import envelope, make_certificate
from modules_support import enable_modules
from signatures_support import AGENCY, PASSPHRASE, SIGNER, RevocationServer, TsaServer, decision_pdf

from core.modules.services import enable
from modules.documents.edxml import build
from modules.documents.edxml.signature import sign, verify
from modules.documents.models import ExchangeMessage
from modules.documents.models.exchange import Channel
from modules.documents.services import actions, arrivals
from modules.documents.services.inputs import FileInput
from modules.signatures.services import devca_revocation
from modules.signatures.services.keys import load_pkcs12

HOME = "000.00.31.H42"
PROVINCE = "000.00.00.H42"


@pytest.fixture
def office(unit_a, unit_b, tmp_path, monkeypatch):
    """Unit A with signatures on, its seal and leader as PKCS#12 files, the development CA trusted."""
    unit_a.organ_id = HOME
    unit_a.save(update_fields=["organ_id"])
    people = open_registry(unit_a)
    open_registry(unit_b)
    enable(unit_a, "signatures")
    with RevocationServer() as revocation:
        ca = revocation.make_ca(tmp_path / "keys", unit=unit_a.code, signers={f"leader-{unit_a.code}": SIGNER})
        with TsaServer(ca) as tsa:
            for name, value in {"EGOV_SIGNING_KEYS_DIR": str(ca.directory), "EGOV_SIGNING_PASSPHRASE": PASSPHRASE,
                                "EGOV_SIGNING_TSA_URL": tsa.url, "EGOV_SIGNING_TRUST_ROOTS": str(ca.directory),
                                "EGOV_SIGNING_FETCH_REVOCATION": "1"}.items():
                monkeypatch.setenv(name, value)
            yield unit_a, people, ca


def _seal_pem(ca) -> tuple[bytes, bytes]:
    """The seal's private key and certificate chain, PEM: what another agency's signing software would hold."""
    seal = load_pkcs12(ca.agency, PASSPHRASE)
    return (seal.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()),
            b"".join(pem.armor("CERTIFICATE", c.dump()) for c in (seal.certificate, *seal.chain)))


def _issued(people):
    doc = actions.create_outgoing(outgoing_meta(signer_name=SIGNER), actor=people["specialist"],
                                  signing_authority_id=people["leader"].pk)
    actions.add_version(doc.pk, actor=people["specialist"], note="v1",
                        file=FileInput("du-thao.pdf", decision_pdf(), "application/pdf"))
    actions.submit(doc.pk, actor=people["specialist"])
    actions.review_content(doc.pk, actor=people["leader"])
    actions.review_format(doc.pk, actor=people["clerk"])
    actions.approve(doc.pk, actor=people["leader"])
    actions.sign(doc.pk, actor=people["leader"])
    return actions.issue(doc.pk, actor=people["clerk"])


def test_an_outgoing_envelope_is_xml_signed_with_the_seal(office):
    unit, people, _ca = office
    with tenant_context(unit):
        issued = _issued(people)
        exported = arrivals.export(issued.pk, to=[PROVINCE])
    checked = verify(exported)
    assert checked["valid"] and f"CN={AGENCY}" in checked["subject"]
    assert len(checked["chain"]) == 2  # the seal's certificate and its CA's: the receiver can build the path


def test_a_seal_that_signs_digests_only_leaves_the_envelope_unsigned_and_says_so(office, monkeypatch, caplog):
    unit, people, _ca = office
    monkeypatch.setenv("EGOV_SIGNING_REMOTE", "signatures_support.RemoteStandIn")
    from modules.signatures.services import configured
    configured._remote.cache_clear()
    try:
        with tenant_context(unit), caplog.at_level(logging.INFO):
            issued = _issued(people)
            exported = arrivals.export(issued.pk, to=[PROVINCE])
    finally:
        configured._remote.cache_clear()
    assert verify(exported)["signed"] is False
    assert "not XML-signed" in caplog.text and "RemoteKey" in caplog.text


def test_an_arriving_signature_is_checked_against_the_trust_roots(office):
    unit, _people, ca = office
    trusted = sign(build(envelope(to=HOME)), *_seal_pem(ca))
    stranger = sign(build(envelope(to=HOME)), *make_certificate("Co quan la"))
    with tenant_context(unit):
        good = arrivals.receive(trusted, channel=Channel.FILE).trace[-1]
        odd = arrivals.receive(stranger, channel=Channel.FILE).trace[-1]
        inbox = {a["signature_trusted"] for a in arrivals.inbox()}
    assert (good["signature_valid"], good["signature_trusted"], good["signature_revocation"]) == (True, True, "good")
    assert (odd["signature_valid"], odd["signature_trusted"]) == (True, False)  # intact, but no trusted CA
    assert odd["signature_reason"]
    assert inbox == {True, False}


def test_a_revoked_signing_certificate_is_not_trusted(office):
    unit, _people, ca = office
    seal = load_pkcs12(ca.agency, PASSPHRASE)
    devca_revocation.revoke(ca.directory, x509.load_der_x509_certificate(seal.certificate.dump()))
    with tenant_context(unit):
        note = arrivals.receive(sign(build(envelope(to=HOME)), *_seal_pem(ca)), channel=Channel.FILE).trace[-1]
    assert (note["signature_valid"], note["signature_trusted"], note["signature_revocation"]) == (True, False,
                                                                                                  "revoked")


def test_without_the_module_an_arrival_is_checked_for_integrity_only(unit_a, unit_b):
    enable_modules(unit_b, "documents")  # the other unit keeps documents too, and gets none of this one's
    unit_a.organ_id = HOME
    unit_a.save(update_fields=["organ_id"])
    open_registry(unit_a)
    signed = sign(build(envelope(to=HOME)), *make_certificate("So Noi vu test"))
    with tenant_context(unit_a):
        note = arrivals.receive(signed, channel=Channel.FILE).trace[-1]
    assert note["signature_valid"] is True and note["signature_trusted"] is None
    with tenant_context(unit_b):
        assert not ExchangeMessage.objects.exists()  # nothing kept in the other unit
