"""Dossiers in the unit admin: unit administrators look them up (list, filters, search, steps and history) and
change nothing; a unit without the one-stop module shows none."""

import pytest
from api_support import add_member
from django.test import Client
from onestop_support import open_office, receive_at

from modules.onestop.services.plans import forget_plans

LIST_URL = "/admin/onestop/dossier/"


@pytest.fixture(autouse=True)
def _fresh_plans():
    forget_plans()
    yield
    forget_plans()


def _admin_of(unit) -> Client:
    client = Client()
    client.force_login(add_member(unit, f"admin-{unit.code}"))  # the administrator role only, not a superuser
    return client


def _gateway(unit) -> dict:
    return {"HTTP_HOST": "localhost", "HTTP_X_EGOV_UNIT": unit.code}


def test_the_unit_administrator_reads_dossiers_and_changes_nothing(unit_a):
    people = open_office(unit_a)
    first = receive_at(unit_a, people["receiving_officer"], name="Nguyễn Văn An")
    second = receive_at(unit_a, people["receiving_officer"], name="Trần Thị Bình")
    client = _admin_of(unit_a)
    listing = client.get(LIST_URL, **_gateway(unit_a))
    assert listing.status_code == 200
    content = listing.content.decode()
    assert first.code in content and second.code in content
    found = client.get(LIST_URL, {"q": "Bình"}, **_gateway(unit_a)).content.decode()
    assert second.code in found and first.code not in found
    assert client.get(LIST_URL, {"status__exact": "in_process"}, **_gateway(unit_a)).status_code == 200

    page = client.get(f"{LIST_URL}{first.pk}/change/", **_gateway(unit_a))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Thẩm định" in text and "Ký duyệt" in text and "receiving_officer" in text  # steps, history
    assert 'name="_save"' not in text
    assert client.get(f"{LIST_URL}add/", **_gateway(unit_a)).status_code == 403
    assert client.post(f"{LIST_URL}{first.pk}/change/", {"applicant_name": "Khác"},
                       **_gateway(unit_a)).status_code == 403
    assert client.post(f"{LIST_URL}{first.pk}/delete/", {"post": "yes"}, **_gateway(unit_a)).status_code == 403


def test_staff_without_the_administrator_role_have_no_admin(unit_a):
    people = open_office(unit_a)
    client = Client()
    client.force_login(people["leader"])
    response = client.get(LIST_URL, **_gateway(unit_a))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_unit_without_the_module_shows_no_dossiers(unit_a, unit_b):
    open_office(unit_a)
    response = _admin_of(unit_b).get(LIST_URL, **_gateway(unit_b))
    assert response.status_code == 403
