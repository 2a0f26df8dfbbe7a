"""Reorganisations in the platform admin: units filtered by ended and by the day they existed, a unit's successions
and earlier names on its page, plans and runs with their steps read-only, carried memberships confirmed by an action;
people without the platform grants see none of it."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from reorganised_support import reorganise_province

from core.accounts.models import User
from tenants.models import CarriedMembership, ReorganisationPlan, Unit


@pytest.fixture
def reorganised(make_unit, unit_b, tmp_path):
    return reorganise_province(make_unit, unit_b, tmp_path)


def _client(user) -> Client:
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


@pytest.fixture
def ict():
    return _client(User.objects.create_superuser("platform-admin", password=None))


def _codes_listed(page: str, candidates) -> set[str]:
    return {code for code in candidates if f">{code}</a>" in page or f">{code} " in page}


def test_the_unit_list_filters_ended_units_and_the_units_of_a_day(reorganised, ict):
    candidates = ("95001", "95002", "95003", "95004", "95010", "951")
    page = ict.get("/admin/tenants/unit/?ended=yes").content.decode()
    assert _codes_listed(page, candidates) == {"95002", "95003", "95004", "951"}
    page = ict.get("/admin/tenants/unit/?ended=no").content.decode()
    assert _codes_listed(page, candidates) == {"95001", "95010"}
    page = ict.get("/admin/tenants/unit/?existing_on=2026-11-19").content.decode()
    assert _codes_listed(page, candidates) == {"95001", "95002", "95003", "95004", "951"}
    assert "19/11/2026 (trước sắp xếp)" in page and "20/11/2026 (sau sắp xếp)" in page
    page = ict.get("/admin/tenants/unit/?existing_on=2026-11-20").content.decode()
    assert _codes_listed(page, candidates) == {"95001", "95010"}
    kept = Unit.objects.get(code="95001")
    page = ict.get(f"/admin/tenants/unit/{kept.pk}/change/").content.decode()
    assert "Đơn vị cũ mà đơn vị này kế thừa" in page and "95002 Xã Bình Minh" in page
    assert "Xã An Hòa" in page  # its earlier name
    assert ict.get("/admin/tenants/unit/add/").status_code == 200


def test_plans_and_runs_are_shown_read_only_with_their_steps(reorganised, ict):
    plan = ReorganisationPlan.objects.get()
    listing = ict.get("/admin/tenants/reorganisationplan/").content.decode()
    assert "plan.json" in listing and "Hoàn thành" in listing
    page = ict.get(f"/admin/tenants/reorganisationplan/{plan.pk}/change/").content.decode()
    assert "Xã Cát Dũng" in page and 'name="_save"' not in page
    run = reorganised["run"]
    page = ict.get(f"/admin/tenants/reorganisationrun/{run.pk}/change/").content.decode()
    assert "5/5" in ict.get("/admin/tenants/reorganisationrun/").content.decode()
    assert "95003 Xã Cát Tiên" in page and "Chuyển và chấm dứt" in page and "-&gt; 95001" in page
    assert ict.get("/admin/tenants/reorganisationplan/add/").status_code == 403
    assert ict.post(f"/admin/tenants/reorganisationplan/{plan.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ReorganisationPlan.objects.count() == 1
    assert ict.get("/admin/tenants/unitsuccession/?q=95003").status_code == 200


def test_carried_memberships_are_confirmed_by_the_admin_action(reorganised, ict):
    carried = CarriedMembership.objects.get(user=reorganised["specialist"])
    listing = ict.get("/admin/tenants/carriedmembership/?confirmed=no").content.decode()
    assert "clerk-c" in listing and "specialist" in listing
    response = ict.post("/admin/tenants/carriedmembership/", {"action": "confirm", "_selected_action": [carried.pk]})
    assert response.status_code == 302
    carried.refresh_from_db()
    assert carried.confirmed and carried.confirmed_by.username == "platform-admin"
    assert "clerk-c" not in ict.get("/admin/tenants/carriedmembership/?confirmed=no").content.decode()
    assert ict.get("/admin/tenants/carriedmembership/add/").status_code == 403


def test_staff_without_the_grants_see_no_reorganisation(reorganised):
    staff = User.objects.create_user("staff-only", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_unit", content_type__app_label="tenants"))
    client = _client(staff)
    for page in ("reorganisationplan", "reorganisationrun", "carriedmembership"):
        assert client.get(f"/admin/tenants/{page}/").status_code == 403, page
    carried = CarriedMembership.objects.get(user=reorganised["specialist"])
    client.post("/admin/tenants/carriedmembership/", {"action": "confirm", "_selected_action": [carried.pk]})
    carried.refresh_from_db()
    assert not carried.confirmed
    assert client.get("/admin/tenants/unit/?ended=yes").status_code == 200  # the unit list itself they may read
