"""Sign-in is throttled per account and per client, with a notice; passwords follow Django's rules and a Vietnamese
common-password list (security finding 8: 30 wrong passwords then the right one signed in; "1" was accepted)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from core.accounts import signin
from core.accounts.services import grant_membership

PASSWORD = "Dung-mat-khau-2026"
FAST = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture
def counters():
    """Drops the sign-in counters a test made (the cache outlives the test's transaction)."""
    keys: list[str] = []
    yield lambda kind, value: keys.append(signin._key(kind, value))
    cache.delete_many(keys)


def _person(unit, username: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", PASSWORD)
    grant_membership(user, unit, ["administrator"])
    return user


def _sign_in(unit, username: str, password: str, address: str):
    client = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code, REMOTE_ADDR=address)
    response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password})
    return response


@FAST
def test_wrong_passwords_lock_the_account_with_a_notice_even_for_the_right_one(unit_a, counters):
    _person(unit_a, "can-bo-a")
    counters("account", "can-bo-a")
    for n in range(signin.LIMIT_PER_ACCOUNT + 25):  # 30 wrong passwords, from many addresses
        counters("client", f"198.51.100.{n}")
        assert _sign_in(unit_a, "can-bo-a", f"sai-{n}", f"198.51.100.{n}").status_code == 200
    counters("client", "203.0.113.5")
    refused = _sign_in(unit_a, "can-bo-a", PASSWORD, "203.0.113.5")
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session
    assert "tạm khoá" in refused.content.decode()
    assert [m.to for m in mail.outbox] == [["can-bo-a@example.vn"]]  # one notice to the owner


@FAST
def test_a_success_before_the_limit_starts_the_count_again(unit_a, counters):
    _person(unit_a, "can-bo-b")
    counters("account", "can-bo-b")
    counters("client", "198.51.100.200")
    for _round in range(2):
        for n in range(signin.LIMIT_PER_ACCOUNT - 1):
            _sign_in(unit_a, "can-bo-b", f"sai-{n}", "198.51.100.200")
        assert _sign_in(unit_a, "can-bo-b", PASSWORD, "198.51.100.200").status_code == 302


@FAST
def test_one_client_trying_many_accounts_is_refused(unit_a, counters):
    _person(unit_a, "can-bo-c")
    counters("client", "198.51.100.99")
    counters("account", "can-bo-c")
    for n in range(signin.LIMIT_PER_CLIENT):
        counters("account", f"khong-co-{n}")
        _sign_in(unit_a, f"khong-co-{n}", "sai", "198.51.100.99")
    refused = _sign_in(unit_a, "can-bo-c", PASSWORD, "198.51.100.99")
    assert refused.status_code == 200 and "thử lại sau" in refused.content.decode()
    assert _sign_in(unit_a, "can-bo-c", PASSWORD, "198.51.100.98").status_code == 302  # the person, elsewhere
    counters("client", "198.51.100.98")


@pytest.mark.parametrize("password", ["1", "12345678901", "password123", "matkhau123", "Mat-Khau 123", "anhyeuem123",
                                      "ubnd@123", "can-bo-d1"])
def test_weak_passwords_are_refused(db, password):
    user = get_user_model()(username="can-bo-d1", email="d@example.vn")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_passes(db):
    validate_password("Mua-thu-Ha-Noi-2026", get_user_model()(username="can-bo-e"))


@FAST
def test_failures_add_up_across_units_sign_in_pages(unit_a, unit_b, counters):
    person = _person(unit_a, "can-bo-f")
    grant_membership(person, unit_b, ["administrator"])
    counters("account", "can-bo-f")
    for n in range(signin.LIMIT_PER_ACCOUNT):
        counters("client", f"198.51.101.{n}")
        _sign_in(unit_a if n % 2 else unit_b, "can-bo-f", f"sai-{n}", f"198.51.101.{n}")
    counters("client", "198.51.101.50")
    assert _sign_in(unit_a, "can-bo-f", PASSWORD, "198.51.101.50").status_code == 200  # locked everywhere
