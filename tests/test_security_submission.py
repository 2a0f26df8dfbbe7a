"""Anonymous online submission is limited per client and per phone number, its data has a size limit, and the name an
applicant typed never carries a link into the agency's messages (security finding 4: 30 submissions in 3.5 s of up
to 1 MB each, "Kính gửi Ông/Bà CLICK http://..." e-mailed)."""

import pytest
from api_support import gql
from django.test import Client
from onestop_support import PROC, open_office, receive_at

from core.rate_limits import RateLimit
from modules.notices.services.context import context_for
from modules.onestop.services import online_limits
from modules.onestop.services.plans import forget_plans
from tenants.services import entered

SUBMIT = """mutation Submit($input: SubmitDossierOnlineInput!) {
  onestopSubmitDossierOnline(input: $input) { receipt { code } errors { field code } }
}"""


@pytest.fixture
def office(unit_a, monkeypatch):
    forget_plans()
    open_office(unit_a)
    # Small limits for the test, under their own names so no other test's counts meet these.
    monkeypatch.setattr(online_limits, "PER_CLIENT", RateLimit("test-online-client", 2, 600))
    monkeypatch.setattr(online_limits, "PER_PHONE", RateLimit("test-online-phone", 3, 3600))
    yield unit_a
    with entered(unit_a):  # the cache keys carry the unit's schema
        for value in ("10.80.0.1", "10.80.0.2", "10.80.0.3", "10.80.0.4", "10.80.0.5"):
            online_limits.PER_CLIENT.forget(value)
        for phone in ("0912345678", "0987654321", "0911111111"):
            online_limits.PER_PHONE.forget(phone[-9:])
    forget_plans()


def _submit(unit, address: str, phone: str = "0912345678", **extra):
    status, body = gql(Client(REMOTE_ADDR=address), SUBMIT, {"input": {
        "procedureCode": PROC, "applicantName": "Nguyễn Văn An", "applicantPhone": phone, **extra}}, unit=unit)
    assert status == 200, body
    payload = body["data"]["onestopSubmitDossierOnline"]
    return [e["code"] for e in payload["errors"]] or ["OK"]


def test_one_client_is_limited(office):
    assert [_submit(office, "10.80.0.1", phone)[0] for phone in ("0912345678", "0987654321", "0911111111")] == [
        "OK", "OK", "RATE_LIMITED"]
    assert _submit(office, "10.80.0.2", "0911111111") == ["OK"]  # another client


def test_one_phone_number_is_limited_across_clients(office):
    answers = [_submit(office, f"10.80.0.{n}")[0] for n in range(1, 5)]
    assert answers == ["OK", "OK", "OK", "RATE_LIMITED"]


def test_a_mistake_does_not_count(office):
    for _ in range(3):
        assert _submit(office, "10.80.0.5", "12345") == ["INVALID_PHONE"]
    assert _submit(office, "10.80.0.5") == ["OK"]


def test_the_data_has_a_size_limit(office):
    big = {"ghi_chu": "x" * (online_limits.MAX_DATA_CHARS + 1)}
    assert _submit(office, "10.80.0.3", data=big) == ["DATA_TOO_LARGE"]
    assert _submit(office, "10.80.0.3", data={"ghi_chu": "x" * 1000}) == ["OK"]


def test_a_link_in_the_applicants_name_never_reaches_a_notice(office):
    people = open_office(office, people_suffix="n")
    dossier = receive_at(office, people["receiving_officer"], name="CLICK http://evil.example/pay www.lua.vn bit.ly/x")
    with entered(office):
        assert context_for(office, dossier, None)["applicant_name"] == "“CLICK”"  # quoted, no link
