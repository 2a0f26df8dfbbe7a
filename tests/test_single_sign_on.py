"""Single sign-on with the province's OpenID Connect provider (issue 10: a configurable option, local accounts the
default), against a stand-in provider on loopback: the authorization code flow with state, nonce and PKCE, the person
found (never created) by a verified e-mail, the second factor still asked, nothing of another unit shown."""

import pyotp
import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from core.accounts import second_factor
from core.accounts.services import grant_membership
from tests.oidc_provider import Provider

PLATFORM = {"HTTP_HOST": "localhost"}


@pytest.fixture
def provider():
    with Provider() as running, override_settings(
            **running.settings(), AUTHENTICATION_BACKENDS=[*settings.AUTHENTICATION_BACKENDS,
                                                           "core.accounts.oidc.ProvinceSignOn"]):
        yield running


def _person(unit, username: str, email: str):
    user = get_user_model().objects.create_user(username, email, "Mat-khau-rieng-2026")
    grant_membership(user, unit, ["specialist"])
    return user


def _sign_on(client: Client):
    """The browser's round trip: our address -> the provider -> our callback."""
    start = client.get("/dang-nhap/mot-lan/?next=/don-vi/", **PLATFORM)
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = at_provider.headers["Location"]
    assert back.startswith("http://localhost/dang-nhap/mot-lan/ve/?")
    return client.get(back.removeprefix("http://localhost"), **PLATFORM)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_verified_email_signs_in_and_the_picker_shows_only_their_units(provider, unit_a, unit_b):
    _person(unit_a, "chuyen.vien", "Chuyen.Vien@nghean.gov.vn")
    provider.person = {"sub": "cv-1", "email": "chuyen.vien@nghean.gov.vn", "email_verified": True}
    client = Client()
    answer = _sign_on(client)
    assert answer.status_code == 302 and answer["Location"] == "/don-vi/" and _signed_in(client)
    picker = client.get("/don-vi/", **PLATFORM).content.decode()
    assert unit_a.name in picker and unit_b.name not in picker


def test_a_person_unknown_here_is_not_signed_in_and_no_account_is_made(provider, unit_a):
    provider.person = {"sub": "la-1", "email": "nguoi.la@example.vn", "email_verified": True}
    users = get_user_model().objects.count()
    client = Client()
    answer = _sign_on(client)
    assert answer["Location"] == "/dang-nhap/?mot-lan=loi" and not _signed_in(client)
    assert get_user_model().objects.count() == users
    page = client.get("/dang-nhap/?mot-lan=loi", **PLATFORM).content.decode()
    assert "Đăng nhập một lần không thành công" in page


def test_an_unverified_email_is_not_enough(provider, unit_a):
    _person(unit_a, "chua.xac.minh", "chua.xac.minh@nghean.gov.vn")
    provider.person = {"sub": "cx-1", "email": "chua.xac.minh@nghean.gov.vn", "email_verified": False}
    client = Client()
    _sign_on(client)
    assert not _signed_in(client)


def test_the_second_factor_is_still_asked(provider, unit_a):
    user = _person(unit_a, "lanh.dao", "lanh.dao@nghean.gov.vn")
    assert second_factor.confirm(user, pyotp.TOTP(pyotp.parse_uri(second_factor.start(user)).secret).now())
    provider.person = {"sub": "ld-1", "email": "lanh.dao@nghean.gov.vn", "email_verified": True}
    client = Client()
    answer = _sign_on(client)
    assert answer["Location"] == "/dang-nhap/ma-xac-thuc/" and not _signed_in(client)


def test_a_forged_state_is_refused(provider, unit_a):
    _person(unit_a, "chuyen.vien", "chuyen.vien@nghean.gov.vn")
    provider.person = {"sub": "cv-1", "email": "chuyen.vien@nghean.gov.vn", "email_verified": True}
    client = Client()
    client.get("/dang-nhap/mot-lan/", **PLATFORM)
    forged = client.get("/dang-nhap/mot-lan/ve/?code=abc&state=gia-mao", **PLATFORM)
    assert forged.status_code == 400 and not _signed_in(client)


def test_only_on_the_platform_address_and_only_when_configured(provider, unit_a):
    unit_page = Client().get("/dang-nhap/", HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit_a.code).content.decode()
    assert "http://localhost/dang-nhap/mot-lan/" in unit_page  # the unit's page sends people to the platform
    assert Client().get("/dang-nhap/mot-lan/", HTTP_HOST="localhost",
                        HTTP_X_EGOV_UNIT=unit_a.code).status_code == 404
    with override_settings(OIDC_RP_CLIENT_ID=""):
        assert Client().get("/dang-nhap/mot-lan/", **PLATFORM).status_code == 404
        assert "mot-lan" not in Client().get("/dang-nhap/", **PLATFORM).content.decode()
