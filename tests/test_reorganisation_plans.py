"""Reorganisation plans: read from files and from the shipped 2025 mapping (districts included), checked as a whole;
the Nghệ An pilot's plan (deploy/demo/nghe-an-2025.csv) fits the pilot's units."""

import csv
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from tenants.models import Unit, UnitStatus
from tenants.services.reorganisation import dry_run, installed_plan, load_plan_file, validate
from tenants.services.reorganisation.plan import mapping_rows, plan_from_dataset, province_of
from tenants.services.units import UnitRecord, record_units

DEMO = Path(settings.BASE_DIR) / "deploy" / "demo"
TODAY = date(2026, 11, 20)


@pytest.fixture
def pilot(db):
    """The pilot's 78 units recorded and marked ready (their schemas are not needed to plan)."""
    rows = list(csv.DictReader(open(DEMO / "nghe-an-pilot.csv", encoding="utf-8")))
    record_units([UnitRecord(r["code"], r["name"], r["kind"], r["parent_code"], r["organ_id"]) for r in rows])
    Unit.objects.filter(code__in=[r["code"] for r in rows]).update(status=UnitStatus.READY)
    return rows


def test_the_pilots_plan_file_fits_the_pilot_and_its_dry_run_lists_each_new_unit(pilot):
    plan = load_plan_file(DEMO / "nghe-an-2025.csv")
    assert plan.effective_on == date(2025, 7, 1) and "Nghệ An" in plan.decision
    assert validate(plan, TODAY) == []
    report = dry_run(plan, TODAY)
    assert len(report.units) == 17 and report.problems == []
    province = next(u for u in report.units if u.code == "40")
    assert province.continues == "40" and province.olds == [("40", "full", "")]
    ended = {code for u in report.units for code, _k, _s in u.olds} - {u.code for u in report.units}
    assert {"421", "426"} <= ended  # the districts end, split between the new communes
    assert not Unit.objects.filter(ended_on__isnull=False).exists()


def test_the_mapping_alone_does_not_cover_the_pilot_and_says_which_units_it_leaves(pilot):
    plan = installed_plan("40")
    problems = validate(plan, TODAY)
    left = sorted(p.split()[2] for p in problems if "không có trong kế hoạch" in p)
    assert "17098" in left and "17161" in left and len(left) == 15  # communes merged in 2024, not in the mapping
    assert len(plan.skipped_news) == 114 and "16681" in plan.skipped_news  # new communes with nothing here
    district_parts = [(u.code, o.share) for u in plan.units for o in u.olds if o.code == "421"]
    assert len(district_parts) > 1 and sum(s for _c, s in district_parts) == 1


def test_an_old_province_code_names_the_2025_province_it_joined():
    rows = mapping_rows()
    assert province_of(rows, "02") == "08" and province_of(rows, "08") == "08" and province_of(rows, "40") == "40"


def test_the_whole_country_plans_in_memory():
    from tenants.services.datasets import load_dataset
    from tenants.services.reorganisation import Existing

    old = load_dataset("vn-2023")
    existing = {r.code: Existing(r.code, r.name, r.kind, r.parent_code) for r in old}
    tree: dict[str, list[str]] = {}
    for r in old:
        tree.setdefault(r.parent_code, []).append(r.code)
    plan = plan_from_dataset(existing, old_tree=tree)
    assert len(plan.units) == 3321 + 34
    districts = {r.code for r in old if r.kind in ("district", "urban_district", "town", "provincial_city")}
    assert districts <= set(plan.old_codes())  # every district ends


def test_a_file_with_mistakes_lists_them_all(db, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("code,name,kind,parent_code,old_code,succession,share,effective_on\n"
                    "95101,Xã Một,commune,,95901,whole,,2026-11-20\n"
                    "95102,Xã Hai,commune,,95902,partial,1.5,2026-11-20\n"
                    "95103,,commune,,95903,full,,2026-13-01\n", encoding="utf-8")
    problems = validate(load_plan_file(path), TODAY)
    text = "\n".join(problems)
    for expected in ("dòng 1: hình thức 'whole' phải là full hoặc partial", "dòng 2: tỷ lệ '1.5'", "dòng 3: thiếu name",
                     "Không có đơn vị cũ mã 95902"):
        assert expected in text, expected
