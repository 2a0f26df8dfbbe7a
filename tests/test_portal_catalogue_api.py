"""The portal's catalogue search through GraphQL (portalProcedures): the same matches as the portal's page - with or
without tone marks, by sector and online level - a unit's procedures on its endpoint, the province's whole catalogue
on the platform's, and the same per-client search limit."""

import pytest
from api_support import gql
from django.test import Client
from onestop_support import PROC
from test_portal_views import OTHER, _sector_id, portal  # noqa: F401 - the portal's fixture and its data

from modules.portal.services import limits

pytestmark = pytest.mark.usefixtures("portal")  # unit_a handles PROC with the portal on; unit_b handles nothing

SEARCH = """query($q: String, $s: Int, $l: PortalOnlineLevel) {
  portalProcedures(search: $q, sectorId: $s, level: $l) { total procedures { code name onlineLevel } sectors { id } } }"""


def _codes(client, unit=None, **variables) -> list[str]:
    status, body = gql(client, SEARCH, variables, unit=unit)
    assert status == 200 and "errors" not in body, body
    return [p["code"] for p in body["data"]["portalProcedures"]["procedures"]]


@pytest.mark.parametrize("typed", ["đăng ký thành lập hộ kinh doanh", "dang ky thanh lap ho kinh doanh", PROC])
def test_a_unit_endpoint_finds_its_procedure_with_or_without_tone_marks(unit_a, typed):
    assert _codes(Client(REMOTE_ADDR="10.90.0.1"), unit_a, q=typed) == [PROC]


def test_the_platform_searches_the_whole_catalogue_by_sector_and_level():
    client = Client(REMOTE_ADDR="10.90.0.2")
    try:
        found = _codes(client, q="ho kinh doanh")
        assert found.index("1.001612") < found.index("2.000720")  # the name typed with its tones ranks first
        civil = _codes(client, q="dang ky", s=_sector_id("Hộ tịch"))
        assert OTHER in civil and "1.001612" not in civil
        assert OTHER in _codes(Client(REMOTE_ADDR="10.90.0.3"), l="FULL")
    finally:  # the platform's counts (the fixture forgets the units')
        for address in ("10.90.0.2", "10.90.0.3"):
            limits.SEARCHES.forget(address)


def test_a_unit_lists_only_its_own_procedures(unit_a, unit_b):
    assert OTHER not in _codes(Client(REMOTE_ADDR="10.90.0.1"), unit_a)
    assert _codes(Client(REMOTE_ADDR="10.90.0.1"), unit_b) == []  # B handles no procedure


def test_searches_through_the_api_are_limited_per_client_as_the_page_is(unit_a):
    client = Client(REMOTE_ADDR="10.90.0.1")
    answers = [gql(client, SEARCH, {"q": "ho"}, unit=unit_a)[1] for _ in range(4)]
    assert all("errors" not in a for a in answers[:3])
    assert answers[3]["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
