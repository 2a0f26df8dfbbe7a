"""A unit administrator adds a member by exact user name or e-mail; the add page never shows other people's accounts
(security finding 10: `/admin/accounts/membership/add/?user=N` named every user of the installation, one N at a time)."""

from api_support import add_member, headers
from django.contrib.auth import get_user_model
from django.test import Client

from core.accounts.models import Membership


def _admin_client(unit):
    client = Client()
    client.force_login(add_member(unit, "admin-a"))
    return client


def test_the_add_page_lists_no_one_and_ignores_a_user_id_in_the_address(unit_a, unit_b):
    stranger = add_member(unit_b, "nguoi-don-vi-b", roles=("specialist",), email="b@example.vn")
    client = _admin_client(unit_a)
    page = client.get(f"/admin/accounts/membership/add/?user={stranger.pk}", **headers(unit_a))
    assert page.status_code == 200
    text = page.content.decode()
    assert "nguoi-don-vi-b" not in text and "b@example.vn" not in text
    assert "person" in page.context["adminform"].form.fields and "user" not in page.context["adminform"].form.fields


def test_a_member_is_added_by_exact_user_name_or_email(unit_a, unit_b):
    add_member(unit_b, "nguoi-don-vi-b", roles=("specialist",))
    get_user_model().objects.create_user("can-bo-moi", email="Moi@Example.vn")
    client = _admin_client(unit_a)
    add = "/admin/accounts/membership/add/"

    refused = client.post(add, {"person": "nguoi-don-vi", "is_active": "on"}, **headers(unit_a))
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["person"]
    assert client.post(add, {"person": "moi@example.vn", "is_active": "on"}, **headers(unit_a)).status_code == 302
    assert Membership.objects.filter(unit=unit_a, user__username="can-bo-moi").exists()
    again = client.post(add, {"person": "can-bo-moi", "is_active": "on"}, **headers(unit_a))
    assert again.status_code == 200 and again.context["adminform"].form.errors["person"]
    assert client.post(add, {"person": "nguoi-don-vi-b", "is_active": "on"}, **headers(unit_a)).status_code == 302
    assert Membership.objects.filter(unit=unit_a, user__username="nguoi-don-vi-b").exists()
