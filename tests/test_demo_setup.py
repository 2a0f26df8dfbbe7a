"""`egov demo` sets up people whose roles differ, so that role checks can be tried, and sends nothing out."""

from io import StringIO

import pytest

from core.accounts.models import User
from core.accounts.services import role_codes
from core.management.commands._demo_accounts import COMMUNE, DISTRICT, ICT_USER, STAFF, create_demo_accounts
from core.modules.services import get_settings
from modules.onestop.services.plans import forget_plans


@pytest.fixture
def demo_units(make_unit):
    district = make_unit(DISTRICT, "Huyện Yên Thành", "district")
    commune = make_unit(COMMUNE, "Xã Mã Thành", "commune", parent=DISTRICT)
    return commune, district


def test_the_demo_has_one_account_per_role_in_the_commune_and_its_district(demo_units):
    commune, district = demo_units
    lines = create_demo_accounts(StringIO())

    assert User.objects.get(username=ICT_USER[0]).is_superuser
    held = {}
    for account in STAFF:
        user = User.objects.get(username=account.username)
        assert user.check_password("egov-demo-2025") and not user.is_staff and not user.is_superuser
        unit = commune if account.unit == COMMUNE else district
        held[account.username] = role_codes(user, unit)
        assert held[account.username] == {account.role}  # one role each: no one holds them all
        assert role_codes(user, district if unit == commune else commune) == set()
    in_commune = [a.role for a in STAFF if a.unit == COMMUNE]
    assert sorted(in_commune) == sorted({"administrator", "receiving_officer", "specialist", "leader",
                                         "result_officer"})
    assert len(lines) == 1 + len(STAFF) and all(line.split()[0] in held or line.startswith("ict-demo")
                                                for line in lines)

    # A second `egov demo` creates nothing and changes no one's roles.
    out = StringIO()
    assert create_demo_accounts(out) == lines and out.getvalue() == ""
    assert User.objects.filter(username__in=[a.username for a in STAFF]).count() == len(STAFF)


@pytest.fixture
def _fresh_plans():
    forget_plans()
    yield
    forget_plans()


@pytest.mark.usefixtures("_fresh_plans")
def test_the_demo_sends_citizens_sms_to_the_console(demo_units):
    from core.management.commands._demo_content import set_up_units

    set_up_units(list(demo_units), StringIO())
    for unit in demo_units:
        assert get_settings(unit, "notices")["sms_channel"] == "console"
