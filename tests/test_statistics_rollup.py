"""Roll-ups: a unit's figures are the sum of the units below it (one query over the facts table), and who may read
them: a unit's leaders its own figures, a province's leaders every unit below, never a commune the province's."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.catalogue.models import Sector
from modules.statistics.models import COUNTERS, DailyFact, FactsDay
from modules.statistics.services import rollup_report, unit_report
from modules.statistics.services.report import CHILD, DAY, PROCEDURE, ROLLUP_GROUPS, SECTOR, UNIT, Figures, ReportError
from tenants.models import Unit
from tenants.services.units import UnitRecord, record_units

PROCEDURES = ["1.001193", "1.000894", "2.000815", "1.004222"]  # the last one of no sector
FIRST = date(2026, 3, 1)
DAYS = [FIRST + timedelta(days=i) for i in range(14)]
TREE = [  # code, kind, parent: two districts, three communes, and another province that must never count
    ("81", "province", ""), ("811", "district", "81"), ("812", "district", "81"),
    ("81101", "commune", "811"), ("81102", "commune", "811"), ("81201", "commune", "812"),
    ("82", "province", ""), ("82101", "commune", "82"),
]


def _sum(figures) -> Figures:
    total = Figures()
    for f in figures:
        total = total.add(f)
    return total


@pytest.fixture
def facts(db):
    """Random facts of a fortnight for a tree of units (rows only: the report reads nothing else), some days missing."""
    record_units([UnitRecord(code, f"Đơn vị {code}", kind, parent) for code, kind, parent in TREE])
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c, _k, _p in TREE])}
    sectors = [Sector.objects.create(name=f"Lĩnh vực thử {i}") for i in range(3)] + [None]
    rng = random.Random(2026)
    rows, days_done = [], []
    for code, unit in units.items():
        last = len(DAYS) - (3 if code == "81201" else 0)  # this commune has not computed its last three days
        for day in DAYS[:last]:
            days_done.append(FactsDay(unit=unit, day=day, computed_at=f"{day.isoformat()}T23:30:00+07:00"))
            for procedure in rng.sample(PROCEDURES, rng.randint(0, 3)):
                counters = {name: rng.randint(0, 9) for name in COUNTERS}
                counters["rating_points"] = counters["ratings"] * rng.randint(1, 5)
                counters["fees_paid_online"] = min(counters["fees_paid_online"], counters["fees_paid"])
                rows.append(DailyFact(unit=unit, day=day, procedure_code=procedure,
                                      sector=sectors[PROCEDURES.index(procedure)], **counters))
    DailyFact.objects.bulk_create(rows)
    FactsDay.objects.bulk_create(days_done)
    return units


@pytest.mark.parametrize("group_by", ROLLUP_GROUPS)
def test_the_rollup_is_the_sum_of_its_units(facts, group_by):
    province = facts["81"]
    below = [facts[c] for c in ("81", "811", "812", "81101", "81102", "81201")]
    rolled = rollup_report(province, DAYS[2], DAYS[-1], group_by)
    assert rolled.units == 6 and rolled.units_reporting == 6
    assert rolled.total == _sum(unit_report(u, DAYS[2], DAYS[-1]).total for u in below)
    flows = [c for c in COUNTERS if not c.startswith("in_progress")]
    for name in flows:  # every row of every grouping adds up to the total
        assert sum(getattr(r.figures, name) for r in rolled.rows) == getattr(rolled.total, name), name
    if group_by != DAY:  # by day each row holds that day's stock; otherwise the stock read on each unit's last day
        assert _sum(r.figures for r in rolled.rows) == rolled.total


def test_each_unit_below_and_each_branch_adds_up(facts):
    province, district = facts["81"], facts["811"]
    by_unit = {r.key: r.figures for r in rollup_report(province, DAYS[0], DAYS[-1], UNIT).rows}
    assert list(by_unit) == ["81", "811", "81101", "81102", "812", "81201"]  # each unit, then those below it
    for code, figures in by_unit.items():
        assert figures == unit_report(facts[code], DAYS[0], DAYS[-1]).total
    by_child = {r.key: r.figures for r in rollup_report(province, DAYS[0], DAYS[-1], CHILD).rows}
    assert list(by_child) == ["81", "811", "812"]  # the province's own dossiers, then each district with its communes
    assert by_child["811"] == by_unit["811"].add(by_unit["81101"]).add(by_unit["81102"])
    assert by_child["811"] == rollup_report(district, DAYS[0], DAYS[-1], SECTOR).total
    # The commune that stopped computing three days early reports its stock of its own last day.
    last_of_81201 = unit_report(facts["81201"], DAYS[-1] - timedelta(days=5), DAYS[-1], DAY)
    assert last_of_81201.total.in_progress == last_of_81201.rows[2].figures.in_progress


def test_the_rollup_is_one_query_over_the_facts_and_never_reads_another_province(facts):
    from modules.statistics.services.report import aggregate, scope_of

    with CaptureQueriesContext(connection) as queries:
        scope = scope_of(facts["81"].pk, DAYS[0], DAYS[-1], below=True)
    assert len(queries) == 1 and "WITH RECURSIVE" in queries[0]["sql"]
    assert len(scope.ids) == 6 and scope.reporting == 6
    with CaptureQueriesContext(connection) as queries:
        aggregate(scope, DAYS[0], DAYS[-1], SECTOR)
    assert len(queries) == 1 and "GROUP BY f.sector_id" in queries[0]["sql"]
    other = rollup_report(facts["82"], DAYS[0], DAYS[-1], UNIT)
    assert [r.key for r in other.rows] == ["82", "82101"]
    assert _sum(r.figures for r in rollup_report(facts["81"], DAYS[0], DAYS[-1], UNIT).rows).received + \
        other.total.received == _sum(unit_report(u, DAYS[0], DAYS[-1]).total for u in facts.values()).received


def test_groupings_label_their_rows(facts):
    by_sector = rollup_report(facts["81"], DAYS[0], DAYS[-1], SECTOR)
    labels = [r.label for r in by_sector.rows]
    assert "Chưa xác định lĩnh vực" in labels and any(label.startswith("Lĩnh vực thử") for label in labels)
    by_procedure = rollup_report(facts["81"], DAYS[0], DAYS[-1], PROCEDURE)
    assert {r.key for r in by_procedure.rows} == set(PROCEDURES)
    by_child = rollup_report(facts["81"], DAYS[0], DAYS[-1], CHILD)
    assert by_child.rows[0].label == "Đơn vị 81 (hồ sơ của chính đơn vị)"


def test_periods_and_groupings_are_checked(facts):
    unit = facts["81101"]
    with pytest.raises(ReportError):
        unit_report(unit, DAYS[3], DAYS[1])
    with pytest.raises(ReportError):
        unit_report(unit, DAYS[0], DAYS[0], CHILD)  # a unit's own report has no units below
    with pytest.raises(ReportError):
        unit_report(unit, date(2025, 1, 1), date(2026, 3, 1), DAY)  # more than a year, day by day
    empty = unit_report(unit, date(2020, 1, 1), date(2020, 1, 31))
    assert empty.total == Figures() and empty.rows == [] and empty.units_reporting == 0
