"""A citizen's own online submission sends nothing but a confirmation code to the phone and e-mail it names until the
code comes back (security finding 4: anonymous submissions queued SMS and e-mails to numbers and addresses an attacker
chose, and e-mails to the staff); an unconfirmed one expires, withdrawn, with nothing sent about it."""

import re
from datetime import timedelta

import pytest
from api_support import gql
from django.test import Client
from django_tenants.utils import tenant_context
from test_notices_support import (  # noqa: F401 - fixtures
    EMAIL,
    PHONE,
    PROC,
    fresh_plans_fixture,
    gateway_fixture,
    logs_of,
    mail_in_memory_fixture,
    messages_of,
    office_fixture,
    run_notices,
)

from modules.notices.models import ContactConfirmation
from modules.notices.services import confirmation
from modules.onestop.models import Dossier
from modules.onestop.services import online_limits, workspace

SUBMIT = """mutation($input: SubmitDossierOnlineInput!) {
  onestopSubmitDossierOnline(input: $input) { receipt { code confirmationPending } errors { code } } }"""
STAFF_LIST = """query($queue: DossierQueue) {
  onestopDossiers(queue: $queue, first: 10) { totalCount edges { node { code } } } }"""
CONFIRM = """mutation($code: String!, $given: String!) {
  noticesConfirmContact(code: $code, confirmationCode: $given) { confirmed errors { code } } }"""
RESEND = "mutation($code: String!) { noticesResendContactCode(code: $code) { errors { code } } }"


@pytest.fixture(autouse=True)
def _fresh_counters(office):
    """The counters of submissions and codes are per phone, address and client, in the cache: this test's own."""
    _forget(office[0])
    yield
    _forget(office[0])


def _forget(unit):
    with tenant_context(unit):
        for limit, value in ((confirmation.CODES_PER_CONTACT, PHONE), (confirmation.CODES_PER_CONTACT, EMAIL),
                             (confirmation.CODES_PER_CLIENT, "10.66.0.1"), (confirmation.TRIES_PER_CLIENT, "10.66.0.1"),
                             (online_limits.PER_CLIENT, "10.66.0.1"), (online_limits.PER_PHONE, PHONE[-9:]),
                             *((confirmation.TRIES_PER_DOSSIER, code)
                               for code in Dossier.objects.values_list("code", flat=True))):
            limit.forget(value)


def _citizen():
    return Client(REMOTE_ADDR="10.66.0.1")


def _submit(unit, **applicant) -> str:
    body = gql(_citizen(), SUBMIT, {"input": {"procedureCode": PROC, "applicantName": "Nguyễn Văn An",
                                              "applicantPhone": PHONE, "applicantEmail": EMAIL, **applicant}},
               unit=unit)[1]
    assert body["data"]["onestopSubmitDossierOnline"]["errors"] == [], body
    return body["data"]["onestopSubmitDossierOnline"]["receipt"]["code"]


def _codes(unit) -> dict[str, str]:
    """The latest code sent to each contact: {recipient: code}."""
    found = {}
    for message in messages_of(unit):
        if message.reference.startswith("xac-nhan:"):
            found[message.recipient] = re.search(r": (\d{6})\.", message.body).group(1)
    return found


def _confirm(unit, code: str, given: str) -> dict:
    return gql(_citizen(), CONFIRM, {"code": code, "given": given}, unit=unit)[1]["data"]["noticesConfirmContact"]


def _sent(logs) -> set[tuple[str, str]]:
    return {(log.channel, log.recipient) for log in logs}


def test_only_codes_go_out_until_a_contact_is_confirmed_then_its_notices_and_the_staffs(office):
    unit, people = office
    code = _submit(unit)
    assert run_notices(unit) == []  # the receipt's notices are held: not the applicant's, not the staff's
    messages = messages_of(unit)
    assert sorted((m.channel, m.recipient) for m in messages) == [("email", EMAIL), ("sms", PHONE)]
    assert all("Mã xác nhận hồ sơ" in m.body and code in m.body for m in messages)
    codes = _codes(unit)
    assert codes[PHONE] != codes[EMAIL]

    assert _confirm(unit, code, codes[PHONE]) == {"confirmed": "SMS", "errors": []}
    # released: the receipt to the confirmed phone and the staff, never to the unconfirmed address
    assert _sent(logs_of(unit)) == {("sms", PHONE), ("staff_email", people["specialist"].email)}
    assert _confirm(unit, code, codes[EMAIL]) == {"confirmed": "EMAIL", "errors": []}
    assert _sent(logs_of(unit)) == {("sms", PHONE), ("email", EMAIL), ("staff_email", people["specialist"].email)}
    assert len(logs_of(unit)) == 3  # released twice, queued once each
    with tenant_context(unit):
        row = ContactConfirmation.objects.get(dossier_code=code)
        assert row.phone_confirmed_at and row.email_confirmed_at and PHONE not in row.phone_digest


def _staff_sees(client, unit) -> dict[str, list[str]]:
    """The codes in the unit's full list and in each work queue, as the staff member logged in `client` sees them."""
    seen = {}
    for name in (None, "OPEN", "WAITING_FOR_ME", "DUE_TODAY", "OVERDUE", "MINE"):
        body = gql(client, STAFF_LIST, {"queue": name}, unit=unit)[1]
        assert "errors" not in body, body
        found = body["data"]["onestopDossiers"]
        assert found["totalCount"] == len(found["edges"])
        seen[name or "ALL"] = [edge["node"]["code"] for edge in found["edges"]]
    return seen


def test_a_submission_waiting_for_confirmation_stays_out_of_the_staff_queues_and_lists_until_confirmed(
        office, django_assert_num_queries):
    unit, people = office
    body = gql(_citizen(), SUBMIT, {"input": {"procedureCode": PROC, "applicantName": "Nguyễn Văn An",
                                              "applicantPhone": PHONE}}, unit=unit)[1]
    receipt = body["data"]["onestopSubmitDossierOnline"]["receipt"]
    assert receipt["confirmationPending"] is True  # the citizen is told to type the code back
    code = receipt["code"]
    officer = Client()
    officer.force_login(people["receiving_officer"])
    assert not any(code in codes for codes in _staff_sees(officer, unit).values())
    with tenant_context(unit):
        assert not workspace.queue_page(people["receiving_officer"], "waiting_for_me").rows

    assert _confirm(unit, code, _codes(unit)[PHONE])["confirmed"] == "SMS"
    seen = _staff_sees(officer, unit)
    assert code in seen["ALL"] and code in seen["OPEN"] and code in seen["WAITING_FOR_ME"]  # received: the counter's
    with tenant_context(unit):
        assert Dossier.objects.filter(code=code).exists()
        with django_assert_num_queries(3):  # the roles, the count, the rows: as before, no query more
            page = workspace.queue_page(people["receiving_officer"], "waiting_for_me")
    assert [row.code for row in page.rows] == [code]


def test_an_expired_submission_is_no_longer_held_from_the_staff(office):
    unit, _people = office
    code = _submit(unit, applicantEmail="")
    with tenant_context(unit):
        row = ContactConfirmation.objects.get(dossier_code=code)
        confirmation.expire(unit, at=row.expires_at)
        dossier = Dossier.objects.get(code=code)
        assert dossier.status == "withdrawn" and not dossier.awaiting_confirmation  # listed as withdrawn, not hidden


def test_wrong_codes_void_the_code_and_new_codes_are_limited(office):
    unit, _people = office
    code = _submit(unit, applicantEmail="")
    right = _codes(unit)[PHONE]
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(confirmation.TRIES_PER_CODE):
        assert _confirm(unit, code, wrong)["errors"] == [{"code": "WRONG_CODE"}]
    assert _confirm(unit, code, right)["errors"] == [{"code": "WRONG_CODE"}]  # void after five wrong tries
    assert logs_of(unit) == []
    for _ in range(confirmation.CODES_PER_DOSSIER - 1):
        assert gql(_citizen(), RESEND, {"code": code}, unit=unit)[1]["data"]["noticesResendContactCode"] == {
            "errors": []}
    assert gql(_citizen(), RESEND, {"code": code}, unit=unit)[1]["data"]["noticesResendContactCode"] == {
        "errors": [{"code": "RATE_LIMITED"}]}
    assert len(messages_of(unit)) == confirmation.CODES_PER_DOSSIER
    assert _confirm(unit, code, _codes(unit)[PHONE])["confirmed"] == "SMS"


def test_a_code_is_good_for_a_quarter_of_an_hour(office):
    unit, _people = office
    code = _submit(unit, applicantEmail="")
    with tenant_context(unit):
        ContactConfirmation.objects.filter(dossier_code=code).update(
            code_sent_at=ContactConfirmation.objects.get(dossier_code=code).code_sent_at - timedelta(minutes=16))
    assert _confirm(unit, code, _codes(unit)[PHONE])["errors"] == [{"code": "CODE_EXPIRED"}]


def test_an_unconfirmed_submission_expires_withdrawn_and_nothing_is_ever_sent_about_it(office):
    unit, _people = office
    code = _submit(unit)
    with tenant_context(unit):
        row = ContactConfirmation.objects.get(dossier_code=code)
        assert confirmation.expire(unit, at=row.expires_at - timedelta(seconds=1)) == []
        assert confirmation.expire(unit, at=row.expires_at) == [code]
        assert Dossier.objects.get(code=code).status == "withdrawn"
    assert _confirm(unit, code, _codes(unit)[PHONE])["errors"] == [{"code": "EXPIRED"}]
    assert run_notices(unit) == [] and logs_of(unit) == []
    assert len(messages_of(unit)) == 2  # the two codes, nothing else


def test_a_dossier_recorded_by_the_units_staff_needs_no_confirmation(office):
    unit, people = office
    client = Client()
    client.force_login(people["receiving_officer"])
    body = gql(client, """mutation { onestopReceiveDossier(input: { procedureCode: "1.001612", channel: ONLINE,
      applicantName: "Nguyễn Văn An", applicantPhone: "0912345678" }) { dossier { code } errors { code } } }""",
               unit=unit)[1]
    assert body["data"]["onestopReceiveDossier"]["errors"] == []
    assert ("sms", PHONE) in _sent(run_notices(unit))
    with tenant_context(unit):
        assert not ContactConfirmation.objects.exists()


def test_a_code_confirms_only_in_the_unit_that_sent_it(office, unit_b):
    unit, _people = office
    code = _submit(unit, applicantEmail="")
    from test_notices_support import set_up_office

    set_up_office(unit_b)
    assert _confirm(unit_b, code, _codes(unit)[PHONE])["errors"] == [{"code": "NOT_FOUND"}]
    with tenant_context(unit):
        assert not ContactConfirmation.objects.get(dossier_code=code).confirmed
