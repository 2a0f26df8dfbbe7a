"""The unit admin: number series configured where the module is on; documents shown, never changed there."""

from api_support import add_member
from django.test import Client
from django_tenants.utils import tenant_context
from documents_support import incoming_meta, open_registry

from modules.documents.services import actions

SERIES, DOCUMENTS = "/admin/documents/series/", "/admin/documents/document/"


def _gateway(unit) -> dict:
    return {"HTTP_HOST": "localhost", "HTTP_X_EGOV_UNIT": unit.code}


def test_series_are_configured_and_documents_read_only_in_the_unit_admin(unit_a):
    client = Client()
    client.force_login(add_member(unit_a, "admin-documents"))
    assert client.get(SERIES, **_gateway(unit_a)).status_code == 403  # the module is off
    people = open_registry(unit_a)
    with tenant_context(unit_a):
        doc = actions.register_incoming(incoming_meta(), actor=people["clerk"])
    listing = client.get(SERIES, **_gateway(unit_a))
    assert listing.status_code == 200 and "Sổ đăng ký văn bản đi (mật)" in listing.content.decode()
    assert client.get(f"{SERIES}add/", **_gateway(unit_a)).status_code == 200
    page = client.get(f"{DOCUMENTS}{doc.pk}/change/", **_gateway(unit_a))
    assert page.status_code == 200 and "12/QĐ-UBND" in page.content.decode()
    assert client.get(f"{DOCUMENTS}add/", **_gateway(unit_a)).status_code == 403
