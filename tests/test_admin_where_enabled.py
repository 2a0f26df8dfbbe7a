"""A module's pages in the unit admin exist only where the unit enabled the module (core.modules.admin_mixins)."""

import pytest
from api_support import add_member
from django.test import Client

from core.modules.services import enable

URL = "/admin/procedures/unitprocedure/"


def _gateway(unit) -> dict:
    return {"HTTP_HOST": "localhost", "HTTP_X_EGOV_UNIT": unit.code}


@pytest.fixture
def administrator(unit_a) -> Client:
    client = Client()
    client.force_login(add_member(unit_a, "admin-procedures"))  # the administrator role, which holds procedures.*
    return client


def test_the_procedures_admin_is_invisible_where_the_module_is_off(unit_a, administrator):
    assert administrator.get(URL, **_gateway(unit_a)).status_code == 403
    assert administrator.get(f"{URL}add/", **_gateway(unit_a)).status_code == 403
    assert URL not in administrator.get("/admin/", **_gateway(unit_a)).content.decode()


def test_the_procedures_admin_appears_once_the_module_is_enabled(unit_a, administrator):
    enable(unit_a, "catalogue")
    enable(unit_a, "procedures")
    assert administrator.get(URL, **_gateway(unit_a)).status_code == 200
    assert URL in administrator.get("/admin/", **_gateway(unit_a)).content.decode()
