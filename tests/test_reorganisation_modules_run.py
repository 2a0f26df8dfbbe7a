"""The modules' side of a real run (`tenants.services.reorganisation.carry_out`, as `egov reorganise` does it): a
province's communes merged and split with dossiers in progress, the new commune provisioned with the modules and
processes of its old ones, dossiers where their addresses say, the rest waiting for the successors' administrators,
old codes still answering."""

from datetime import date, datetime, timedelta

from api_support import add_member
from django_tenants.utils import tenant_context
from onestop_support import HN, PROC, open_office
from reorganisation_support import make_province, plan_data, write_plan

from core.modules.services import enable
from modules.onestop.models import Dossier, Status
from modules.onestop.services import reorganisation
from modules.onestop.services.intake import Application, receive
from modules.procedures.services.process import unit_process
from modules.tracking.services import throttle
from modules.tracking.services.lookup import lookup
from tenants.models import Unit
from tenants.services.reorganisation import carry_out, dry_run, load_plan_file

TODAY = date(2026, 11, 20)
PHONE = "0912345678"


def _receive(unit, clerk, days_ago: int, address: str = "") -> str:
    at = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), HN).replace(hour=9)
    with tenant_context(unit):
        return receive(Application(PROC, "counter", "Phạm Thị Lan", applicant_phone=PHONE,
                                   data={"applicant_address": address} if address else {}),
                       actor=clerk, received_at=at).code


def _codes(code: str, **filters) -> set[str]:
    with tenant_context(Unit.objects.get(code=code)):
        return set(Dossier.objects.filter(**filters).values_list("code", flat=True))


def test_a_province_run_carries_dossiers_into_kept_and_new_communes(make_unit, tmp_path):
    units = make_province(make_unit)
    clerks = {}
    for n, code in enumerate(("95001", "95002", "95003", "95004")):
        staff = open_office(units[code], catalogue=n == 0)
        enable(units[code], "tracking")
        clerks[code] = staff["receiving_officer"]
    own = _receive(units["95001"], clerks["95001"], 2)
    whole = _receive(units["95002"], clerks["95002"], 3)
    to_kept = _receive(units["95003"], clerks["95003"], 2, "xóm 2, Xã An Bình")
    to_new = _receive(units["95003"], clerks["95003"], 2, "đội 3, xã Cát Dũng")
    unknown = _receive(units["95003"], clerks["95003"], 1, "không rõ")
    from_d = _receive(units["95004"], clerks["95004"], 1)
    plan = load_plan_file(write_plan(tmp_path / "plan.json", plan_data(TODAY.isoformat())))

    report = dry_run(plan, TODAY)
    decisions = {u.code: " ".join(u.decisions) for u in report.units}
    assert "1 hồ sơ đang giải quyết chờ quyết định chuyển của 95003" in decisions["95010"]
    assert "1 hồ sơ đang giải quyết chờ quyết định chuyển của 95003" in decisions["95001"]
    moving = {u.code: sum(line.count for line in u.lines if line.what.startswith("Hồ sơ đang giải quyết (từ"))
              for u in report.units}
    assert moving == {"95001": 2, "95010": 2}  # 95001's own dossier stays where it is: it continues

    outcome = carry_out(plan, TODAY)

    assert outcome.failed == {} and outcome.provisioned == ["95010"]
    new = Unit.objects.get(code="95010")
    assert unit_process(new, PROC) is not None  # its old units' process, adopted before their dossiers came
    assert _codes("95001") == {own, whole, to_kept}
    assert _codes("95010") == {to_new, from_d}
    assert _codes("95003", status=Status.RECEIVED) == {unknown}  # waits for a person's decision
    admin = add_member(new, "admin-95010", roles=("administrator",))
    with tenant_context(new):
        assert [item.code for item in reorganisation.review_queue(admin)] == [unknown]
        reorganisation.assign(admin, unknown)
    assert _codes("95010") == {to_new, from_d, unknown}
    for code in (whole, to_new):
        throttle.FAILED_PER_CODE.forget(code)
    throttle.ATTEMPTS_PER_CLIENT.forget("198.51.100.9")
    assert lookup(whole, PHONE, client="198.51.100.9").holder_unit_name == "Xã An Bình"  # renamed, kept
    assert lookup(to_new, PHONE, client="198.51.100.9").holder_unit_name == "Xã Cát Dũng"
    throttle.ATTEMPTS_PER_CLIENT.forget("198.51.100.9")
