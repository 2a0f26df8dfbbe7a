"""Fees of dossiers come from the catalogue: the amount of the procedure version for the dossier's channel."""

import pytest
from api_support import gql
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from test_payments_support import MODULES, client_for, receive_dossier, set_up_office

from core.accounts.models import User
from core.modules.errors import INVALID_SETTING
from core.modules.services import ModuleError, enable, holds_tables, set_settings
from modules.onestop.models import Dossier
from modules.payments.models import Fee, Payment
from modules.payments.services import PaymentError, fees_for, start_payment

FEES = "query($code: String!) { paymentsFees(code: $code) { dossierCode amount description status paidAt } }"
START = """mutation($code: String!) {
  paymentsStartPayment(code: $code) { redirectUrl fee { amount status } errors { field code message } }
}"""


@pytest.fixture
def office(unit_a):
    """Unit A handles the procedure, pays through the sandbox, and has one person per role."""
    return unit_a, set_up_office(unit_a)


def test_a_received_dossier_gets_the_fee_of_its_channel(office):
    unit, people = office
    at_counter, online = receive_dossier(unit, people, "counter"), receive_dossier(unit, people, "online")
    with tenant_context(unit):
        (counter_fee,) = Fee.objects.filter(dossier_code=at_counter)
        (online_fee,) = Fee.objects.filter(dossier_code=online)
        assert (counter_fee.amount, counter_fee.status) == (20000, "due")
        assert (online_fee.amount, online_fee.status) == (10000, "due")
        assert "20.000 đồng" in counter_fee.description
        assert fees_for(at_counter) == [counter_fee]  # asked again: the same record, nothing added
        assert Fee.objects.count() == 2


def test_free_procedures_are_waived_and_unstated_amounts_are_not_invented(unit_a):
    people = set_up_office(unit_a, procedures=("1.004222", "1.001193", "1.001612"))
    free = receive_dossier(unit_a, people, "counter", procedure="1.001193")  # birth registration: miễn lệ phí
    unstated = receive_dossier(unit_a, people, "online", procedure="1.001612")  # "theo mức do HĐND cấp tỉnh"
    with tenant_context(unit_a):
        assert [(f.amount, f.status) for f in fees_for(free)] == [(0, "waived")]
        assert fees_for(unstated) == []
        with pytest.raises(PaymentError) as err:
            start_payment(free)
        assert err.value.code == "NOTHING_DUE"


def test_a_dossier_received_before_payments_was_enabled_gets_its_fee_when_it_is_enabled(unit_a):
    people = set_up_office(unit_a, modules=("catalogue", "procedures", "onestop"))
    code = receive_dossier(unit_a, people)
    assert not holds_tables(unit_a, "payments")  # the module was off: it heard nothing, it has not even tables
    enable(unit_a, "payments")
    with tenant_context(unit_a):
        assert [(f.dossier_code, f.amount) for f in Fee.objects.all()] == [(code, 20000)]  # recorded by enabling
        assert [(f.dossier_code, f.amount) for f in fees_for(code)] == [(code, 20000)]
        with pytest.raises(PaymentError) as err:
            fees_for("91001-000000-9999")
        assert err.value.code == "NOT_FOUND"


def test_the_fees_query_writes_nothing(office):
    """Reading fees is a query: a fee not recorded (here removed) stays unrecorded, and no row is written."""
    unit, people = office
    code = receive_dossier(unit, people)
    with tenant_context(unit):
        Fee.objects.all().delete()
    officer = client_for(unit, people["receiving_officer"])
    with CaptureQueriesContext(connection) as queries:
        status, body = gql(officer, FEES, {"code": code}, unit=unit)
    assert status == 200 and body["data"]["paymentsFees"] == [], body
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    with tenant_context(unit):
        assert not Fee.objects.exists()


def test_a_dossier_transferred_in_is_charged_by_the_unit_that_received_it(office):
    unit, people = office
    code = receive_dossier(unit, people)
    with tenant_context(unit):
        Fee.objects.all().delete()
        Dossier.objects.filter(code=code).update(transferred_from="91009")
        assert fees_for(code) == []


def test_the_units_gateway_must_be_an_installed_one(office):
    unit, _people = office
    with pytest.raises(ModuleError) as err:
        set_settings(unit, "payments", {"gateway": "nosuchpay"})
    assert err.value.code == INVALID_SETTING
    with pytest.raises(ModuleError):
        set_settings(unit, "payments", {"return_url": "//evil.example/"})


def test_fees_and_start_payment_through_the_api(office, unit_b):
    unit, people = office
    code = receive_dossier(unit, people)
    officer = client_for(unit, people["receiving_officer"])
    status, body = gql(officer, FEES, {"code": code}, unit=unit)
    assert status == 200 and "errors" not in body, body
    assert body["data"]["paymentsFees"] == [
        {"dossierCode": code, "amount": 20000, "description": body["data"]["paymentsFees"][0]["description"],
         "status": "DUE", "paidAt": None}]

    status, body = gql(officer, START, {"code": code}, unit=unit)
    payload = body["data"]["paymentsStartPayment"]
    assert payload["errors"] == [] and payload["fee"] == {"amount": 20000, "status": "DUE"}
    assert payload["redirectUrl"].startswith("/m/paysandbox/pay/?")
    with tenant_context(unit):
        assert Payment.objects.get().redirect_url == payload["redirectUrl"]

    status, body = gql(officer, START, {"code": "91001-000000-9999"}, unit=unit)
    assert body["data"]["paymentsStartPayment"]["errors"] == [
        {"field": "code", "code": "NOT_FOUND", "message": "Không có hồ sơ 91001-000000-9999."}]


def test_typed_errors_and_permissions_of_the_api(office, unit_b):
    unit, people = office
    code = receive_dossier(unit, people)
    leader = client_for(unit, people["leader"])  # may read fees, not start payments
    status, body = gql(leader, START, {"code": code}, unit=unit)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    status, body = gql(leader, FEES, {"code": code}, unit=unit)
    assert [f["amount"] for f in body["data"]["paymentsFees"]] == [20000]

    set_settings(unit, "payments", {"gateway": ""})
    officer = client_for(unit, people["receiving_officer"])
    status, body = gql(officer, START, {"code": code}, unit=unit)
    assert [e["code"] for e in body["data"]["paymentsStartPayment"]["errors"]] == ["GATEWAY_NOT_CONFIGURED"]
    with tenant_context(unit):
        assert not Payment.objects.exists()

    other = set_up_office(unit_b, modules=MODULES[:3])  # unit B: no payments module
    status, body = gql(client_for(unit_b, other["receiving_officer"]), FEES, {"code": code}, unit=unit_b)
    assert body["errors"][0]["extensions"]["code"] == "MODULE_NOT_ENABLED"


def test_the_units_admin_lists_fees_only_where_payments_is_enabled(office, unit_b):
    unit, people = office
    receive_dossier(unit, people)
    admin = User.objects.create_superuser("ict", "ict@example.org", "x")
    assert client_for(unit, admin).get("/admin/payments/fee/").status_code == 200
    assert client_for(unit_b, admin).get("/admin/payments/fee/").status_code == 403
