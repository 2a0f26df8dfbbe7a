"""The test province of reorganisation_support carried out, for the suites that show a reorganisation (API, admin):
95002 into 95001 whole, 95003 split 60/40 between 95001 and the new 95010, 95004 into 95010, the district split; a
specialist of 95003 carried into 95001, whose administrator was already there; unit B with its own administrator."""

from datetime import date

from api_support import add_member
from reorganisation_support import make_province, plan_data, write_plan

from tenants.services.reorganisation import carry_out, load_plan_file

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)


def reorganise_province(make_unit, unit_b, tmp_path) -> dict:
    units = make_province(make_unit)
    specialist = add_member(units["95003"], "clerk-c", roles=("specialist",))
    admin = add_member(units["95001"], "admin-an", roles=("administrator",))
    admin_b = add_member(unit_b, "admin-b", roles=("administrator",))
    outcome = carry_out(load_plan_file(write_plan(tmp_path / "plan.json", plan_data(TODAY.isoformat()))), TODAY)
    assert outcome.failed == {}
    return {"units": units, "specialist": specialist, "admin": admin, "admin_b": admin_b, "run": outcome.run}
