"""A provisioned unit announces itself; accounts gives it roles and an administrator invitation, which the invited
person redeems once (page or API) and then signs in to the unit's admin with the administrator role."""

from datetime import timedelta

import pytest
import time_machine
from api_support import gql
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from core.accounts.models import Invitation, Membership
from core.accounts.services import role_codes
from core.modules import hooks
from tenants.models import Unit
from tenants.services import provisioning
from tenants.services.units import UnitRecord, record_units
from tenants.signals import unit_provisioned

PLATFORM = {"HTTP_HOST": "localhost"}
PASSWORD = "mật-khẩu-đủ-dài-2026"

REDEEM = """
mutation Redeem($input: RedeemInvitationInput!) {
  redeemInvitation(input: $input) { unitCode roleCode username errors { field code message } }
}"""


def _invitation(unit) -> Invitation:
    return Invitation.objects.get(unit=unit, accepted_at__isnull=True)


def _unit_admin(client, unit):
    return client.get("/admin/", HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)


def _nothing_changed(invitation, users_before: int) -> None:
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.accepted_by is None
    assert get_user_model().objects.count() == users_before


def test_provisioning_announces_the_unit_to_the_kernel_and_to_the_modules(db, monkeypatch):
    heard, sent = [], []
    unit_provisioned.connect(lambda sender, unit, method, **kw: heard.append((unit.code, method)), weak=False,
                             dispatch_uid="test-listener")
    real_send = hooks.send
    monkeypatch.setattr(provisioning.hooks, "send",
                        lambda hook, unit, **payload: sent.append((hook.name, unit.code, payload))
                        or real_send(hook, unit, **payload))
    try:
        record_units([UnitRecord("91300", "Xã Mới", "commune")])
        provisioning.provision_unit(Unit.objects.get(code="91300"))
    finally:
        unit_provisioned.disconnect(dispatch_uid="test-listener")
    assert heard == [("91300", "clone")]
    assert sent == [("unit_provisioned", "91300", {"method": "clone"})]
    assert _invitation(Unit.objects.get(code="91300")).role.code == "administrator"  # the accounts receiver


def test_the_invitation_is_redeemed_on_its_page_and_the_person_signs_in_as_the_units_administrator(make_unit):
    unit = make_unit("91301", "Xã Nhận Lời Mời")
    invitation = _invitation(unit)
    page = Client()
    shown = page.get(f"/loi-moi/{invitation.token}/", **PLATFORM)
    assert shown.status_code == 200
    assert "Xã Nhận Lời Mời" in shown.text and "Quản trị đơn vị" in shown.text

    done = page.post(f"/loi-moi/{invitation.token}/", {
        "username": "chutich.91301", "last_name": "Nguyễn Văn", "first_name": "An", "email": "an@example.vn",
        "password": PASSWORD, "password_again": PASSWORD}, **PLATFORM)
    assert done.status_code == 200 and "chutich.91301" in done.text
    assert "u-91301.localhost" in done.text  # where to sign in

    person = get_user_model().objects.get(username="chutich.91301")
    assert (person.last_name, person.first_name) == ("Nguyễn Văn", "An")
    assert role_codes(person, unit) == {"administrator"}
    invitation.refresh_from_db()
    assert invitation.accepted_by == person and invitation.accepted_at is not None

    staff = Client()
    assert _unit_admin(staff, unit).status_code == 302  # signed out: sent to sign in
    assert staff.login(username="chutich.91301", password=PASSWORD)
    assert _unit_admin(staff, unit).status_code == 200  # the unit's admin, through the administrator role


def test_the_invitation_is_redeemed_through_the_api_once(make_unit):
    unit = make_unit("91302")
    invitation = _invitation(unit)
    client = Client()
    status, body = gql(client, REDEEM, {"input": {"token": invitation.token, "username": "qtv.91302",
                                                  "password": PASSWORD}})
    assert status == 200, body
    assert body["data"]["redeemInvitation"] == {"unitCode": "91302", "roleCode": "administrator",
                                                "username": "qtv.91302", "errors": []}
    assert Client().login(username="qtv.91302", password=PASSWORD)

    users = get_user_model().objects.count()
    _, replay = gql(client, REDEEM, {"input": {"token": invitation.token, "username": "someone.else",
                                               "password": PASSWORD}})
    assert replay["data"]["redeemInvitation"]["errors"] == [
        {"field": "token", "code": "INVITATION_USED", "message": "Lời mời này đã được dùng."}]
    assert get_user_model().objects.count() == users
    assert Membership.objects.filter(unit=unit).count() == 1


def test_a_forged_token_is_refused_and_changes_nothing(make_unit):
    unit = make_unit("91303")
    invitation, users = _invitation(unit), get_user_model().objects.count()
    page = Client().get("/loi-moi/khong-phai-ma-that/", **PLATFORM)
    assert page.status_code == 404 and "Lời mời không tồn tại." in page.text
    _, body = gql(Client(), REDEEM, {"input": {"token": invitation.token[:-1] + "x", "username": "ke.gia.mao",
                                               "password": PASSWORD}})
    assert [e["code"] for e in body["data"]["redeemInvitation"]["errors"]] == ["INVITATION_NOT_FOUND"]
    _nothing_changed(invitation, users)


def test_an_expired_invitation_is_refused_and_changes_nothing(make_unit):
    unit = make_unit("91304")
    invitation, users = _invitation(unit), get_user_model().objects.count()
    with time_machine.travel(invitation.expires_at + timedelta(minutes=1)):
        page = Client().post(f"/loi-moi/{invitation.token}/", {
            "username": "tre.han", "password": PASSWORD, "password_again": PASSWORD}, **PLATFORM)
        assert page.status_code == 410 and "hết hạn" in page.text
        _, body = gql(Client(), REDEEM, {"input": {"token": invitation.token, "username": "tre.han",
                                                   "password": PASSWORD}})
    assert [e["code"] for e in body["data"]["redeemInvitation"]["errors"]] == ["INVITATION_EXPIRED"]
    _nothing_changed(invitation, users)
    assert invitation.expires_at > timezone.now()  # still usable before its day


@pytest.mark.parametrize("username, password, code, field", [
    ("qtv.taken", PASSWORD, "USERNAME_TAKEN", "username"),
    ("qtv.new", "ngan", "WEAK_PASSWORD", "password"),
    ("", PASSWORD, "USERNAME_REQUIRED", "username"),
])
def test_a_refused_account_leaves_the_invitation_open(make_unit, username, password, code, field):
    unit = make_unit("91305")
    get_user_model().objects.create_user("qtv.taken")
    invitation, users = _invitation(unit), get_user_model().objects.count()
    _, body = gql(Client(), REDEEM, {"input": {"token": invitation.token, "username": username, "password": password}})
    [error] = body["data"]["redeemInvitation"]["errors"]
    assert (error["code"], error["field"]) == (code, field)
    _nothing_changed(invitation, users)


def test_the_ict_department_finds_the_invitations_address_in_the_platform_admin(make_unit, settings):
    settings.EGOV_PUBLIC_URL = "https://egov.example.gov.vn"
    unit = make_unit("91306")
    invitation = _invitation(unit)
    staff = get_user_model().objects.create_superuser("ict-admin", "ict@example.vn", PASSWORD)
    client = Client()
    client.force_login(staff)
    listing = client.get("/admin/accounts/invitation/", **PLATFORM)
    assert listing.status_code == 200
    address = f"https://egov.example.gov.vn/loi-moi/{invitation.token}/"
    assert address in listing.content.decode()
    assert Client().get(address.removeprefix("https://egov.example.gov.vn"), **PLATFORM).status_code == 200
