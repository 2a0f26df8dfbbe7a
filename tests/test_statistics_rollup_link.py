"""A unit's own statistics page links its leader to the roll-up of the unit with the units below it, which lives on
the platform's address (whose sign-in picks the unit); a unit with nothing below, or a person who may not open the
roll-up, gets no such link."""

import re

import pytest
from api_support import add_member
from test_statistics_access import page
from test_statistics_facts import week_fixture  # noqa: F401 - a fixture

from core.modules.services import enable
from core.public_address import public_url


@pytest.fixture
def district_leader(week):
    district = week["district"]
    for module in ("catalogue", "procedures", "onestop", "statistics"):
        enable(district, module)
    return district, add_member(district, "leader-district-link", roles=("leader",))


def _rollup_link(html: str) -> str | None:
    found = re.search(r'<a id="rollup" href="([^"]*)"', html)
    return found.group(1) if found else None


def test_a_district_leader_is_linked_to_the_roll_up_on_the_platform_address(week, district_leader):
    district, leader = district_leader
    response = page(leader, "/m/statistics/?tu=2026-10-05&den=2026-10-09", district)
    assert response.status_code == 200
    html = response.content.decode()
    link = _rollup_link(html)
    assert link == public_url(f"/m/statistics/{district.code}/") + "?tu=2026-10-05&amp;den=2026-10-09"
    assert link.startswith("http") and "Tổng hợp cùng các đơn vị trực thuộc" in html
    # The link opens the roll-up on the platform for the same person.
    rollup = page(leader, f"/m/statistics/{district.code}/?tu=2026-10-05&den=2026-10-09")
    assert rollup.status_code == 200 and "Huyện Thử Nghiệm và các đơn vị trực thuộc" in rollup.content.decode()


def test_a_commune_with_no_unit_below_has_no_roll_up_link(week):
    html = page(week["people_a"]["leader"], "/m/statistics/?tu=2026-10-05&den=2026-10-09", week["a"]).content.decode()
    assert _rollup_link(html) is None and "Tổng hợp cùng các đơn vị trực thuộc" not in html


def test_a_person_who_may_not_open_the_roll_up_gets_no_link(week, district_leader):
    district, _ = district_leader
    from modules.statistics.services import access

    specialist = add_member(district, "specialist-district-link", roles=("specialist",))
    assert access.rollup_address(specialist, district) == ""
    assert access.rollup_address(None, district) == ""
    assert access.rollup_address(week["people_a"]["leader"], district) == ""  # a commune's leader, not the district's
