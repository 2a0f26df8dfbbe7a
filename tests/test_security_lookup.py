"""The citizens' look-up cannot be turned into a guessing machine (security finding 3): the client address comes from
trusted proxies only, guesses count per code and per phone number wherever they come from, the look-up field is
answered once per request, and the citizen is never locked out by someone else's guesses (an SMS code instead)."""

import re
import uuid

import pytest
from api_support import codes, post
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from onestop_support import open_office, receive_at

from core.client_address import client_address
from core.modules.services import enable
from modules.tracking.services import throttle
from modules.tracking.services.lookup import LookupRefused, lookup
from tenants.services import entered

PHONE = "0912345678"
LOOKUP = "query($c: String!, $p: String!) { trackingDossier(code: $c, phone: $p) { status } }"


@pytest.fixture
def office(unit_a):
    people = open_office(unit_a)
    enable(unit_a, "tracking")
    enable(unit_a, "notify")
    return unit_a, people


@pytest.fixture
def forget():
    """Cache counters this test touched are dropped afterwards (the cache outlives the test's transaction)."""
    keys: list[str] = []
    yield lambda kind, value: keys.append(throttle._key(kind, value))
    cache.delete_many(keys)


def _sms_codes(unit, dossier_code: str) -> list[str]:
    from egov_notify.models import Message

    with entered(unit):
        bodies = Message.objects.filter(channel="sms", reference__startswith=f"tracking-confirm/{dossier_code}/")
        return [(m.recipient, re.search(r": (\d{6})\.", m.body)[1]) for m in bodies.order_by("pk")]


def test_a_forged_forwarded_for_does_not_make_a_new_client(office, forget):
    address = f"10.77.{uuid.uuid4().int % 250}.9"
    forget("client", address)
    forget("phone", PHONE)
    web = Client(HTTP_HOST="localhost", REMOTE_ADDR=address)
    answers = [web.post("/m/tracking/", {"ma": f"X-260105-{n:04d}", "dien_thoai": PHONE},
                        HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(throttle.LIMIT_PER_CLIENT + 1)]
    for n in range(throttle.LIMIT_PER_CLIENT + 1):
        forget("code", f"X-260105-{n:04d}")
    assert answers[:-1] == [200] * throttle.LIMIT_PER_CLIENT and answers[-1] == 429


@override_settings(EGOV_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.3")
    assert client_address(request) == "198.51.100.7"  # "1.2.3.4" was written by the client itself
    direct = RequestFactory().get("/", REMOTE_ADDR="198.51.100.8", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(direct) == "198.51.100.8"  # not through a trusted proxy: the header is ignored


def test_the_look_up_is_answered_once_per_request(office):
    web = Client(HTTP_HOST="localhost", REMOTE_ADDR="10.78.0.1")
    aliased = "{ a: trackingDossier(code: \"X-260105-0001\", phone: \"0900000001\") { status } " \
              "b: trackingDossier(code: \"X-260105-0002\", phone: \"0900000001\") { status } }"
    status, body = post(web, {"query": aliased})
    assert (status, codes(body)) == (400, ["FIELD_ONCE_PER_REQUEST"]) and "data" not in body
    batch = [{"query": LOOKUP, "variables": {"c": f"X-260105-000{n}", "p": PHONE}} for n in range(2)]
    status, body = post(web, batch)
    assert status == 400 and "FIELD_ONCE_PER_REQUEST" in codes(body[1])
    assert cache.get(throttle._key("code", "X-260105-0001")) is None  # nothing ran


def test_someone_elses_guesses_do_not_lock_the_citizen_out(office, forget):
    unit, people = office
    d = receive_at(unit, people["receiving_officer"])
    forget("code", d.code)
    forget("confirm", d.code)
    forget("confirm-sent", d.code)
    for n in range(throttle.LIMIT_FAILED_PER_CODE + 3):  # from many addresses
        forget("phone", f"09000000{n:02d}")
        with pytest.raises(LookupRefused) as guess:
            lookup(d.code, f"09000000{n:02d}", client=f"guesser-{uuid.uuid4()}")
    # Once guarded, a wrong number hears the same as the right one: a guess learns nothing, and gets no SMS.
    assert guess.value.code == "CONFIRMATION_REQUIRED"
    assert _sms_codes(unit, d.code) == []

    with pytest.raises(LookupRefused) as asked:
        lookup(d.code, PHONE, client=f"citizen-{uuid.uuid4()}")
    assert asked.value.code == "CONFIRMATION_REQUIRED"
    [(recipient, secret)] = _sms_codes(unit, d.code)
    assert recipient.endswith("912345678")  # the number the dossier was filed with, never one the caller names
    with pytest.raises(LookupRefused):
        lookup(d.code, PHONE, client=f"citizen-{uuid.uuid4()}", confirmation_code=f"{(int(secret) + 1) % 10**6:06d}")
    with pytest.raises(LookupRefused):  # the right SMS code with a wrong phone number
        lookup(d.code, "0900000099", client=f"guesser-{uuid.uuid4()}", confirmation_code=secret)
    forget("phone", "0900000099")
    seen = lookup(d.code, PHONE, client=f"citizen-{uuid.uuid4()}", confirmation_code=secret)
    assert seen.code == d.code


def test_one_phone_number_tried_on_many_codes_is_guarded(office, forget):
    unit, people = office
    d = receive_at(unit, people["receiving_officer"])
    forget("phone", PHONE)
    forget("confirm-sent", d.code)
    forget("confirm", d.code)
    for n in range(throttle.LIMIT_FAILED_PER_PHONE):
        forget("code", f"X-260105-{n:04d}")
        with pytest.raises(LookupRefused) as err:
            lookup(f"X-260105-{n:04d}", PHONE, client=f"guesser-{uuid.uuid4()}")
        assert err.value.code == "NOT_FOUND"
    with pytest.raises(LookupRefused) as err:
        lookup(d.code, PHONE, client=f"citizen-{uuid.uuid4()}")
    assert err.value.code == "CONFIRMATION_REQUIRED" and len(_sms_codes(unit, d.code)) == 1
    forget("code", d.code)
