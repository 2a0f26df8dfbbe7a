"""The second factor at sign-in (issue 10: optional TOTP for roles that sign or approve): a password alone does not
sign in a person who uses it; a code is accepted once; holders of the configured roles must set it up; wrong codes
count towards the lock-out; the admin's own sign-in is not a way around it; nothing leaks to another unit."""

import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from core.accounts import second_factor, signin
from core.accounts.services import grant_membership

PASSWORD = "Dung-mat-khau-2026"
FAST = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(autouse=True)
def _forget_counters():
    yield
    cache.delete_many([signin._key("account", name) for name in ("lanh-dao", "van-thu", "chuyen-vien")]
                      + [signin._key("client", "127.0.0.1")])


def _person(unit, username: str, role: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", PASSWORD)
    grant_membership(user, unit, [role])
    return user


def _client(unit) -> Client:
    return Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)


def _password(client, username: str):
    return client.post("/dang-nhap/", {"username": username, "password": PASSWORD, "next": "/lam-viec/"})


def _enrol(user) -> pyotp.TOTP:
    address = second_factor.start(user)
    totp = pyotp.TOTP(pyotp.parse_uri(address).secret)
    assert second_factor.confirm(user, totp.now())
    return totp


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@FAST
def test_a_password_alone_does_not_sign_in_and_a_code_is_used_once(unit_a):
    user = _person(unit_a, "lanh-dao", "leader")
    with time_machine.travel(timezone.now() - timedelta(minutes=5)):
        totp = _enrol(user)
    client = _client(unit_a)
    answer = _password(client, "lanh-dao")
    assert answer.status_code == 302 and answer["Location"] == "/dang-nhap/ma-xac-thuc/"
    assert not _signed_in(client) and client.get("/lam-viec/").status_code == 302
    code = totp.now()
    done = client.post("/dang-nhap/ma-xac-thuc/", {"code": code})
    assert done.status_code == 302 and done["Location"] == "/lam-viec/" and _signed_in(client)

    again = _client(unit_a)  # the same code seen over a shoulder, in the same 30 seconds
    _password(again, "lanh-dao")
    replay = again.post("/dang-nhap/ma-xac-thuc/", {"code": code})
    assert replay.status_code == 400 and not _signed_in(again)
    assert "đã được dùng" in replay.content.decode()


@FAST
def test_wrong_codes_end_the_attempt_and_count_towards_the_lock_out(unit_a):
    user = _person(unit_a, "van-thu", "receiving_officer")
    _enrol(user)
    client = _client(unit_a)
    _password(client, "van-thu")
    for _n in range(4):
        assert client.post("/dang-nhap/ma-xac-thuc/", {"code": "000000"}).status_code == 400
    assert client.post("/dang-nhap/ma-xac-thuc/", {"code": "000000"}).status_code == 403  # start again
    assert client.post("/dang-nhap/ma-xac-thuc/", {"code": "000000"}).status_code == 403
    locked = _password(_client(unit_a), "van-thu")  # five failures: even the right password is refused now
    assert locked.status_code == 400 and "tạm khoá" in locked.content.decode()


@FAST
@override_settings(EGOV_SECOND_FACTOR_ROLES=["leader"])
def test_a_leader_must_set_it_up_before_working(unit_a):
    user = _person(unit_a, "lanh-dao", "leader")
    client = _client(unit_a)
    answer = _password(client, "lanh-dao")
    assert answer["Location"] == "/dang-nhap/xac-thuc-hai-lop/" and not _signed_in(client)
    page = client.get("/dang-nhap/xac-thuc-hai-lop/")
    secret = re.search(r'<code id="secret">([A-Z2-7]+)</code>', page.content.decode()).group(1)
    assert "<svg" in page.content.decode()  # the QR code, drawn here, no outside service
    wrong = client.post("/dang-nhap/xac-thuc-hai-lop/", {"code": "123456"})
    assert wrong.status_code == 400 and secret in wrong.content.decode()  # the same secret, to try again
    done = client.post("/dang-nhap/xac-thuc-hai-lop/", {"code": pyotp.TOTP(secret).now()})
    assert done["Location"] == "/lam-viec/" and _signed_in(client) and second_factor.is_enrolled(user)
    refused = client.post("/dang-nhap/xac-thuc-hai-lop/", {"action": "turn_off", "code": "000000"})
    assert "bắt buộc" in refused.content.decode() and second_factor.is_enrolled(user)


@FAST
def test_a_password_alone_cannot_replace_the_app_in_use(unit_a):
    user = _person(unit_a, "lanh-dao", "leader")
    totp = _enrol(user)
    client = _client(unit_a)
    _password(client, "lanh-dao")
    assert client.get("/dang-nhap/xac-thuc-hai-lop/")["Location"] == "/dang-nhap/ma-xac-thuc/"
    assert client.post("/dang-nhap/xac-thuc-hai-lop/", {"code": "123456"})["Location"] == "/dang-nhap/ma-xac-thuc/"
    assert second_factor.pending_address(user) is None and not _signed_in(client)
    later = timezone.now() + timedelta(seconds=61)  # the step after the one used to set it up
    assert second_factor.verify(user, totp.at(later), at=later)  # the app in use still works


@FAST
def test_the_admin_sign_in_is_not_a_way_around_it(unit_a):
    user = _person(unit_a, "lanh-dao", "administrator")
    _enrol(user)
    client = _client(unit_a)
    answer = client.post("/admin/login/?next=/admin/", {"username": "lanh-dao", "password": PASSWORD})
    assert answer.status_code == 200 and not _signed_in(client)
    assert "/dang-nhap/" in answer.content.decode()


@FAST
def test_turned_on_and_off_by_the_person_from_their_own_page(unit_a):
    user = _person(unit_a, "chuyen-vien", "specialist")
    client = _client(unit_a)
    _password(client, "chuyen-vien")
    assert _signed_in(client)  # not required, not set up: the password is enough
    page = client.get("/dang-nhap/xac-thuc-hai-lop/").content.decode()
    totp = pyotp.TOTP(re.search(r'<code id="secret">([A-Z2-7]+)</code>', page).group(1))
    with time_machine.travel(timezone.now() - timedelta(minutes=1)):
        client.post("/dang-nhap/xac-thuc-hai-lop/", {"code": totp.now()})
    assert second_factor.is_enrolled(user)
    client.post("/dang-nhap/xac-thuc-hai-lop/", {"action": "turn_off", "code": totp.now()})
    assert not second_factor.is_enrolled(user)


@FAST
def test_a_pending_sign_in_is_worth_nothing_on_another_unit(unit_a, unit_b):
    user = _person(unit_a, "lanh-dao", "leader")
    totp = _enrol(user)
    client = _client(unit_a)
    _password(client, "lanh-dao")
    client.defaults["HTTP_X_EGOV_UNIT"] = unit_b.code  # the same browser, the other unit's address
    answer = client.post("/dang-nhap/ma-xac-thuc/", {"code": totp.now()})
    assert answer.status_code == 403 and not _signed_in(client)
