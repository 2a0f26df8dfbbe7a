"""The unit tree: units above (nearest first), units below (depth first), the nearest unit above of a kind; each
one recursive query, safe from a loop in the data."""

import pytest

from tenants.models import Unit
from tenants.services import ancestor_ids, ancestors, descendants, nearest_above
from tenants.services.units import UnitRecord, record_units


@pytest.fixture
def tree(db):
    record_units([
        UnitRecord("93", "Tỉnh", "province"),
        UnitRecord("930", "Huyện B", "district", "93"),
        UnitRecord("931", "Huyện A", "district", "93"),
        UnitRecord("93001", "Xã 1", "commune", "930"),
        UnitRecord("93002", "Xã 2", "commune", "930"),
        UnitRecord("93101", "Xã 3", "commune", "931"),
    ])
    return {u.code: u for u in Unit.objects.filter(code__startswith="93")}


def test_units_above_nearest_first(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert ancestor_ids(tree["93002"]) == [tree["930"].pk, tree["93"].pk]
    assert [u.code for u in ancestors(tree["93002"], include_self=True)] == ["93002", "930", "93"]
    assert ancestors(tree["93"]) == []


def test_the_nearest_unit_above_of_a_kind(tree, django_assert_num_queries):
    with django_assert_num_queries(2):  # the walk, then the units with their kinds
        assert nearest_above(tree["93101"], "province").code == "93"
    assert nearest_above(tree["93101"], "district").code == "931"
    assert nearest_above(tree["93101"], "commune") is None  # not the unit itself
    assert nearest_above(tree["93"], "province") is None


def test_units_below_depth_first_with_their_branch(tree):
    below = descendants(tree["93"])
    assert [u.code for u in below] == ["930", "93001", "93002", "931", "93101"]
    assert {u.code: (u.depth, u.branch_id) for u in below}["93002"] == (2, tree["930"].pk)
    assert [u.code for u in descendants(tree["930"], include_self=True)] == ["930", "93001", "93002"]
    assert descendants(tree["93101"]) == []


def test_a_loop_in_the_data_does_not_run_forever(tree):
    Unit.objects.filter(pk=tree["93"].pk).update(parent=tree["93001"])  # 93 -> 930 -> 93001 -> 93
    assert [u.code for u in ancestors(tree["93001"])] == ["930", "93"]
    assert "93" not in [u.code for u in descendants(tree["93"])]
