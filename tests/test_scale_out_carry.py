"""Scale-out: a reorganisation whose old unit is on the second database server and whose new unit is on the
platform's (tests/shard_support.py): the old unit's dossiers in progress are carried to the new unit with their
codes, the old unit becomes a read-only archive where it is, and nothing reaches a bystander. docs/ict/scale-out.md."""

from datetime import date

from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from onestop_support import PROC, open_office
from reorganisation_support import write_plan
from shard_support import SHARD, place_unit, schema_on, shard_server  # noqa: F401 - fixtures

from modules.onestop.models import Dossier
from modules.onestop.services.intake import Application, receive
from tenants.models import Unit, UnitStatus
from tenants.services import entered
from tenants.services.reorganisation import carry_out, load_plan_file

TODAY = date(2026, 11, 20)  # the suite's day (tests/conftest.py SUITE_NOW)


def test_dossiers_are_carried_from_a_unit_on_the_second_server_to_one_on_the_platforms(place, tmp_path):
    old = place("91575", server=SHARD)
    bystander = place("91576", server=SHARD)  # the platform's server is then the least loaded: the new unit goes there
    clerk = open_office(old)["receiving_officer"]
    open_office(bystander, catalogue=False)
    with entered(old):
        codes = sorted(receive(Application(PROC, "counter", name, applicant_phone="0912345678"), actor=clerk).code
                       for name in ("Nguyễn Văn An", "Trần Thị Bình"))
    plan = load_plan_file(write_plan(tmp_path / "plan.json", {
        "effective_on": TODAY.isoformat(), "decision": "Nghị quyết 9/2026/NQ-UBTVQH", "units": [
            {"code": "91578", "name": "Xã Kế Thừa", "kind": "commune", "parent_code": "",
             "old_units": [{"code": old.code, "succession": "full"}]}]}))

    outcome = carry_out(plan, TODAY)

    assert outcome.failed == {}, outcome.failed
    new = Unit.objects.get(code="91578")
    assert new.database == "default" and new.status == UnitStatus.READY
    old.refresh_from_db()
    assert old.status == UnitStatus.ARCHIVED and old.database == SHARD and schema_on(SHARD, old.schema_name)
    with entered(new):
        assert sorted(Dossier.objects.values_list("code", "carried_from")) == [(code, old.code) for code in codes]
    with entered(bystander):
        assert not Dossier.objects.exists()
