"""Signing with a key on a PKCS#11 token: a SoftHSM2 token made for the test (installed by
scripts/install-softhsm.sh when missing, as root; otherwise the test fails with the advice, never skips), the dev
CA's agency key imported into it, the seal applied through pyHanko's PKCS#11 signer, verified by pyHanko and pdfsig."""

import os
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps import HTTPTimeStamper
from signatures_support import AGENCY, PASSPHRASE, ROOT, SIGNER, TsaServer, key, make_ca, pdf, pdfsig, roots

from modules.signatures import services
from modules.signatures.services import configured
from modules.signatures.services.keys import load_pkcs12
from modules.signatures.services.pkcs11 import Pkcs11Key

LIBRARIES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
PIN = "123456"


def softhsm() -> str:
    def library():
        return next((p for p in LIBRARIES if os.path.exists(p)), None)
    if library() is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(["sh", str(ROOT / "scripts" / "install-softhsm.sh")], check=False, timeout=900)
    if library() is None:
        pytest.fail("SoftHSM2 is needed to test signing over PKCS#11: install it as root with "
                    "`sh scripts/install-softhsm.sh` (apt-get install -y softhsm2).", pytrace=False)
    return library()


@pytest.fixture(scope="module")
def token(tmp_path_factory):
    """One token for the module (SoftHSM2 reads its configuration once per process), holding the agency's key
    (label `seal`) and the leader's (label: the username); the library path, the CA, the seal's chain file."""
    library = softhsm()
    tmp_path = tmp_path_factory.mktemp("softhsm")
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(conf))
        ca = make_ca(tmp_path / "ca")

        def util(*args):
            done = subprocess.run(["softhsm2-util", *args], capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr + done.stdout
        util("--init-token", "--free", "--label", "91001", "--pin", PIN, "--so-pin", "654321")
        chains = {}
        for number, (label, path, chain_file) in enumerate((
                ("seal", ca.agency, "agency-chain.pem"),
                ("leader-91001", ca.signers["leader-91001"], "leader-91001-chain.pem")), start=1):
            loaded = load_pkcs12(path, PASSPHRASE)
            pem = tmp_path / f"{label}-key.pem"
            pem.write_bytes(loaded.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()))
            # where the unit's chains are looked for, beside its keys
            chains[label] = ca.directory / "91001" / chain_file
            chains[label].write_text("".join(_pem(c) for c in (loaded.certificate, *loaded.chain)))
            util("--import", str(pem), "--token", "91001", "--label", label, "--id", f"{number:02d}", "--pin", PIN)
        yield library, ca, chains["seal"]


def _pem(cert) -> str:
    from asn1crypto import pem
    return pem.armor("CERTIFICATE", cert.dump()).decode()


def test_the_agency_seals_with_its_key_on_a_pkcs11_token(token, tmp_path, monkeypatch):
    library, ca, chain = token
    monkeypatch.setenv("EGOV_SIGNING_PKCS11_LIBRARY", library)
    monkeypatch.setenv("EGOV_SIGNING_PKCS11_PIN", PIN)
    monkeypatch.setenv("EGOV_SIGNING_KEYS_DIR", str(ca.directory))
    seal = configured.agency_key("91001")  # the unit's token, key `seal`, its chain beside the unit's keys
    assert isinstance(seal, Pkcs11Key) and seal.token_label == "91001" and seal.certificates == chain
    with TsaServer(ca) as tsa:
        signed = services.sign_pdf(pdf(), signer=services.Party(SIGNER, key(ca, "leader-91001")),
                                   agency=services.Party(AGENCY, seal), timestamper=HTTPTimeStamper(tsa.url))
    result = services.verify_pdf(signed, roots=roots(ca))
    assert result.status == "valid"
    assert [s.signer for s in result.signatures] == [SIGNER, AGENCY]
    path = tmp_path / "sealed.pdf"
    path.write_bytes(signed)
    assert pdfsig(path).count("Signature is Valid.") == 2


def test_a_wrong_pin_is_a_clear_error(token):
    library, ca, chain = token
    with pytest.raises(services.SignaturesError) as refused:
        Pkcs11Key(library, "91001", "seal", "000000", certificates=chain).signer()
    assert refused.value.code == "KEY_UNAVAILABLE"
    assert "91001/seal" in refused.value.message


def test_a_signer_signs_with_their_own_key_on_the_token(token, tmp_path, monkeypatch):
    """EGOV_SIGNING_PKCS11_SIGNERS: the leader's key on the unit's token (label: the username), the seal beside it."""
    library, ca, _chain = token
    for name, value in {"EGOV_SIGNING_PKCS11_LIBRARY": library, "EGOV_SIGNING_PKCS11_PIN": PIN,
                        "EGOV_SIGNING_KEYS_DIR": str(ca.directory), "EGOV_SIGNING_PKCS11_SIGNERS": "1"}.items():
        monkeypatch.setenv(name, value)
    person, seal = configured.person_key("91001", "leader-91001"), configured.agency_key("91001")
    assert isinstance(person, Pkcs11Key) and (person.token_label, person.key_label) == ("91001", "leader-91001")
    with TsaServer(ca) as tsa:
        signed = services.sign_pdf(pdf(), signer=services.Party(SIGNER, person), agency=services.Party(AGENCY, seal),
                                   timestamper=HTTPTimeStamper(tsa.url), roots=roots(ca))
    result = services.verify_pdf(signed, roots=roots(ca))
    assert result.status == "valid" and [s.signer for s in result.signatures] == [SIGNER, AGENCY]
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    assert pdfsig(path).count("Signature is Valid.") >= 2
    # Someone without a key on the token: refused with the token and label named, nothing signed.
    with pytest.raises(services.SignaturesError) as refused:
        services.sign_pdf(pdf(), signer=services.Party(SIGNER, configured.person_key("91001", "nobody")),
                          agency=None, timestamper=HTTPTimeStamper("http://127.0.0.1:9/none"))
    assert refused.value.code == "KEY_UNAVAILABLE" and "91001/nobody" in refused.value.message
