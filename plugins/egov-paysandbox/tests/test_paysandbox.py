"""The plug-in's own tests: its manifest, its signature and how its adapter reads callbacks, without a database.
Run `python -m pytest` here in the core's environment; the payment flow over HTTP, with units, is tested by the
core's tests/test_payments_sandbox.py."""

from importlib.metadata import entry_points
from types import SimpleNamespace

import pytest
from egov_paysandbox.gateway import callback_fields, order, read_callback
from egov_paysandbox.manifest import MANIFEST
from egov_paysandbox.signing import canonical, derived_secret, is_signed, sign, signed

from core.modules.registry import ENTRY_POINT_GROUP, validate_manifest
from modules.payments.services.gateways import MalformedCallback

SECRET = "a-unit-secret-of-32-characters!!"
UNIT = SimpleNamespace(code="91001")


def test_the_manifest_is_valid_and_declared_by_the_distribution():
    assert validate_manifest(MANIFEST) == []
    declared = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert declared["paysandbox"] == "egov_paysandbox.manifest:MANIFEST"
    assert MANIFEST.depends == ("payments",)


def test_the_canonical_form_is_sorted_and_leaves_the_signature_out():
    fields = {"b": "2", "a": "1", "signature": "x"}
    assert canonical(fields) == b"a=1&b=2"
    assert sign(fields, SECRET) == sign({"a": "1", "b": "2"}, SECRET) != sign(fields, "another-secret-of-32-chars!!")
    assert len(sign(fields, SECRET)) == 64  # hex of SHA-256


def test_signed_fields_are_recognised_and_any_change_is_seen():
    fields = signed({"amount": 20000, "provider_ref": "SBX1"}, SECRET)
    assert fields["amount"] == "20000" and is_signed(fields, SECRET)
    assert not is_signed({**fields, "amount": "1"}, SECRET)
    assert not is_signed(fields, "another-secret-of-32-chars!!")
    assert not is_signed({k: v for k, v in fields.items() if k != "signature"}, SECRET)


def test_each_unit_has_its_own_derived_secret():
    assert derived_secret("u_91001") != derived_secret("u_91002")
    assert derived_secret("u_91001") == derived_secret("u_91001")


def test_a_callback_from_an_order_reads_back_with_its_signature_checked():
    paid = callback_fields(order(UNIT, "SBX1", 20000, "Hồ sơ\n 91001-1", "/tra-cuu/", SECRET), "paid", SECRET)
    again = callback_fields(order(UNIT, "SBX1", 20000, "Hồ sơ 91001-1", "/tra-cuu/", SECRET), "paid", SECRET)
    result = read_callback(paid, "91001", SECRET)
    assert (result.provider_ref, result.amount, result.status, result.signature_ok) == ("SBX1", 20000, "paid", True)
    assert result.transaction_ref.startswith("SBX-") and again["transaction_id"] != paid["transaction_id"]
    assert not read_callback(paid, "91002", SECRET).signature_ok  # meant for another unit
    assert not read_callback({**paid, "amount": "1"}, "91001", SECRET).signature_ok
    assert not read_callback(paid, "91001", "another-secret-of-32-chars!!").signature_ok


@pytest.mark.parametrize("broken", [{"amount": None}, {"amount": "nhiều"}, {"provider_ref": ""}, {"status": ["paid"]}])
def test_unreadable_callbacks_are_malformed(broken):
    fields = callback_fields(order(UNIT, "SBX1", 20000, "x", "/", SECRET), "paid", SECRET)
    with pytest.raises(MalformedCallback):
        read_callback({**fields, **broken}, "91001", SECRET)
