"""The shipped 2025 mapping as the platform reads it (tenants/data/README.md): the two codes the 2025 list reuses for
another unit corrected by the file shipped beside it, and the island districts the mapping itself makes special zones
taken once; a province recorded from the 2023 list plans with no problem."""

from datetime import date

import pytest

from tenants.models import Unit, UnitStatus
from tenants.services.datasets import load_dataset
from tenants.services.reorganisation import Existing, installed_plan, validate
from tenants.services.reorganisation.plan import DISTRICT_KINDS, corrections, mapping_rows, plan_from_dataset
from tenants.services.units import UnitRecord, record_units

TODAY = date(2026, 11, 20)
ISLANDS = {"318": "11948", "471": "19742", "498": "20333", "536": "21548", "755": "26732"}


def _country():
    old = load_dataset("vn-2023")
    existing = {r.code: Existing(r.code, r.name, r.kind, r.parent_code) for r in old}
    tree: dict[str, list[str]] = {}
    for r in old:
        tree.setdefault(r.parent_code, []).append(r.code)
    return plan_from_dataset(existing, old_tree=tree)


def test_no_new_unit_takes_the_code_of_an_old_unit_that_goes_elsewhere():
    plan = _country()
    olds = set(plan.old_codes())
    wrong = [u.code for u in plan.units if u.code in olds and u.kept_code is None]
    assert wrong == []
    by_code = {u.code: u for u in plan.units}
    assert corrections() == {"23710": "23719", "23737": "23938"}
    assert "23710" not in by_code and "23737" not in by_code
    assert by_code["23719"].name == "Xã Ia Băng" and by_code["23719"].kept_code == "23719"
    assert {o.code for o in by_code["23719"].olds if o.code not in ("626",)} == {"23716", "23719"}  # 626: its district
    assert by_code["23938"].name == "Xã Ia Mơ" and by_code["23938"].kept_code == "23938"
    takers = plan.takers()
    assert [u.code for u, _p in takers["23710"]] == ["23869"] and [u.code for u, _p in takers["23737"]] == ["23734"]


def test_an_island_district_the_mapping_makes_a_special_zone_is_taken_once():
    takers = _country().takers()
    for district, zone in ISLANDS.items():
        assert [(u.code, p.succession) for u, p in takers[district]] == [(zone, "full")]


def test_the_corrected_mapping_keeps_every_row():
    import csv

    from tenants.services.datasets import DATA_DIR

    rows = mapping_rows()
    raw = list(csv.DictReader(open(DATA_DIR / "vn-2025-merges.csv", encoding="utf-8")))
    assert len(rows) == len(raw) and not {r["code"] for r in rows} & set(corrections())
    assert [r for r in rows if r["code"] not in ("23719", "23938")] == [
        r for r in raw if r["code"] not in corrections()]


@pytest.mark.parametrize("province", ["52", "31"])  # Gia Lai (the corrected codes), Hải Phòng (Bạch Long Vĩ)
def test_a_province_recorded_from_the_2023_list_plans_without_problems(db, province):
    rows = mapping_rows()
    old_provinces = {r["old_code"] for r in rows if r["code"] == province and not r["parent_code"]}
    mapped = {r["old_code"] for r in rows}
    old = load_dataset("vn-2023")
    districts = {r.code for r in old if r.parent_code in old_provinces and r.kind in DISTRICT_KINDS}
    wanted = [r for r in old if r.code in old_provinces or r.code in districts
              or (r.parent_code in districts and r.code in mapped)]
    record_units([UnitRecord(r.code, r.name, r.kind, r.parent_code) for r in wanted])
    Unit.objects.filter(code__in=[r.code for r in wanted]).update(status=UnitStatus.READY)
    plan = installed_plan(province, effective_on=TODAY)
    assert validate(plan, TODAY) == []
    assert plan.skipped_olds == [] or set(plan.skipped_olds).isdisjoint(r.code for r in wanted)
