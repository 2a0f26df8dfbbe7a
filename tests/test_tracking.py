"""Citizens' look-up: a wrong second factor reveals nothing and is rate-limited; one rating per dossier."""

import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django_tenants.utils import tenant_context
from onestop_support import open_office, receive_at

from core.modules.services import enable
from modules.onestop.models import Dossier
from modules.onestop.services.actions import perform
from modules.tracking.services import throttle
from modules.tracking.services.lookup import LookupRefused, lookup, rate

PHONE = "0912345678"


@pytest.fixture
def office(unit_a):
    people = open_office(unit_a)
    enable(unit_a, "tracking")
    return unit_a, people


@pytest.fixture
def client_id():
    """A client address of its own, so counts from other tests never meet this one's."""
    ident = f"test-{uuid.uuid4()}"
    yield ident
    cache.delete(throttle._key("client", ident))


def _forget_code(code):
    cache.delete_many([throttle._key(kind, code) for kind in ("code", "confirm", "confirm-sent")]
                      + [throttle._key("phone", PHONE)])


def test_the_applicant_sees_status_steps_holder_and_appointment(office, client_id):
    unit, people = office
    d = receive_at(unit, people["receiving_officer"])
    with tenant_context(unit):
        perform(d.code, "start", actor=people["receiving_officer"])
    seen = lookup(d.code, "+84 912 345 678", client=client_id)
    assert seen.status == "in_process" and seen.holder_unit_name == unit.name
    assert [s.label for s in seen.steps] == ["Tiếp nhận hồ sơ", "Bắt đầu xử lý"]
    assert seen.due_at == d.due_at and not seen.can_rate
    _forget_code(d.code)


def test_wrong_phone_unknown_code_and_unknown_unit_give_the_same_answer(office, client_id):
    unit, people = office
    d = receive_at(unit, people["receiving_officer"])
    answers = set()
    for code, phone in [(d.code, "0999999999"), (d.code[:-1] + "9", PHONE), ("00000-260105-0001", PHONE),
                        ("not a code", PHONE), (d.code, "")]:
        with pytest.raises(LookupRefused) as err:
            lookup(code, phone, client=client_id)
        answers.add((err.value.code, str(err.value)))
        _forget_code(code)
    assert len(answers) == 1 and answers.pop()[0] == "NOT_FOUND"


def test_guessing_phone_numbers_guards_the_code_whoever_asks(office):
    unit, people = office
    d = receive_at(unit, people["receiving_officer"])
    for n in range(throttle.LIMIT_FAILED_PER_CODE):
        with pytest.raises(LookupRefused):
            lookup(d.code, f"09000000{n:02d}", client=f"guesser-{uuid.uuid4()}")
    with pytest.raises(LookupRefused) as err:
        lookup(d.code, PHONE, client=f"another-{uuid.uuid4()}")  # the right number now needs an SMS code too
    assert err.value.code == "CONFIRMATION_REQUIRED"
    _forget_code(d.code)


def test_one_client_is_limited_across_codes(office, client_id):
    for n in range(throttle.LIMIT_PER_CLIENT):
        with pytest.raises(LookupRefused) as err:
            lookup(f"X-260105-{n:04d}", PHONE, client=client_id)
        assert err.value.code == "NOT_FOUND"
        _forget_code(f"X-260105-{n:04d}")
    with pytest.raises(LookupRefused) as err:
        lookup("X-260105-9999", PHONE, client=client_id)
    assert err.value.code == "RATE_LIMITED"


def test_the_holder_is_shown_after_a_transfer(office, unit_b, client_id):
    unit, people = office
    open_office(unit_b, catalogue=False)
    d = receive_at(unit, people["receiving_officer"])
    from modules.onestop.services.transfers import transfer

    with tenant_context(unit):
        perform(d.code, "start", actor=people["receiving_officer"])
        transfer(d.code, actor=people["specialist"], to_unit_code=unit_b.code)
    assert lookup(d.code, PHONE, client=client_id).holder_unit_name == unit_b.name
    _forget_code(d.code)


def test_a_rating_once_after_the_result(office, client_id):
    unit, people = office
    d = receive_at(unit, people["receiving_officer"])
    with pytest.raises(LookupRefused) as early:
        rate(d.code, PHONE, 5, client=client_id)
    assert early.value.code == "NOT_RETURNED"
    with tenant_context(unit):
        perform(d.code, "start", actor=people["receiving_officer"])
        perform(d.code, "forward", actor=people["specialist"])
        perform(d.code, "approve", actor=people["leader"])
        perform(d.code, "return_result", actor=people["result_officer"])
    assert lookup(d.code, PHONE, client=client_id).can_rate
    assert rate(d.code, PHONE, 4, "Nhanh", client=client_id).score == 4
    with pytest.raises(LookupRefused) as again:
        rate(d.code, PHONE, 1, client=client_id)
    assert again.value.code == "ALREADY_RATED"
    seen = lookup(d.code, PHONE, client=client_id)
    assert seen.rating == 4 and not seen.can_rate
    _forget_code(d.code)


def test_a_unit_without_the_module_answers_not_found(unit_a, client_id):
    people = open_office(unit_a)  # onestop on, tracking off
    d = receive_at(unit_a, people["receiving_officer"])
    with pytest.raises(LookupRefused) as err:
        lookup(d.code, PHONE, client=client_id)
    assert err.value.code == "NOT_FOUND"
    _forget_code(d.code)


def test_the_page_and_the_platform_api(office):
    unit, people = office
    d = receive_at(unit, people["receiving_officer"])
    web = Client(HTTP_HOST="localhost", REMOTE_ADDR=f"10.9.{uuid.uuid4().int % 250}.1")
    page = web.get("/m/tracking/", {"ma": d.code})
    assert page.status_code == 200 and d.code in page.content.decode()
    found = web.post("/m/tracking/", {"ma": d.code, "dien_thoai": PHONE}).content.decode()
    assert "Tiếp nhận hồ sơ" in found and unit.name in found
    refused = web.post("/m/tracking/", {"ma": d.code, "dien_thoai": "0900000000"}).content.decode()
    assert "Không tìm thấy" in refused and "Tiếp nhận hồ sơ" not in refused
    api = web.post("/graphql/", {"query": "query($c:String!,$p:String!){ trackingDossier(code:$c, phone:$p)"
                                          "{ status holderUnitName steps { label } } }",
                                 "variables": {"c": d.code, "p": PHONE}}, content_type="application/json").json()
    assert api["data"]["trackingDossier"]["holderUnitName"] == unit.name
    with tenant_context(unit):
        assert Dossier.objects.filter(code=d.code).exists()
    _forget_code(d.code)
    cache.delete(throttle._key("client", web.defaults["REMOTE_ADDR"]))
