from decimal import Decimal

import pytest
from django_tenants.utils import schema_context
from modules_support import enable_modules

from modules.catalogue.services import current_version, import_records
from modules.procedures.models import ProcessStep, UnitProcedure
from modules.procedures.services import (
    ProcessConfigError,
    StepSpec,
    adopt_procedure,
    resolve_handover,
    unit_procedures,
    unit_process,
    withdraw_procedure,
)

BUSINESS = {
    "ma_thu_tuc": "1.001612",
    "ten_thu_tuc": "Đăng ký thành lập hộ kinh doanh",
    "cach_thuc_thuc_hien": "Trực tiếp: 03 ngày làm việc; Lệ phí: 100.000 đồng. Trực tuyến: 03 ngày làm việc",
}
BIRTH = {"ma_thu_tuc": "1.001193", "ten_thu_tuc": "Thủ tục đăng ký khai sinh",
         "cach_thuc_thuc_hien": "Trực tiếp: Ngay trong ngày tiếp nhận hồ sơ; Lệ phí: Miễn lệ phí"}
STEPS = [
    {"name": "Tiếp nhận hồ sơ", "role": "receiving_officer", "hours": 4},
    {"name": "Thẩm định", "role": "specialist", "days": 1.5},
    {"name": "Phê duyệt", "role": "leader", "hours": 4},
    StepSpec("Trả kết quả", "result_officer", Decimal("0.5"), "days"),
]


@pytest.fixture
def catalogue(db):
    import_records([BUSINESS, BIRTH])


def test_a_unit_without_the_module_handles_no_procedure_and_cannot_set_one_up(catalogue, unit_a):
    with pytest.raises(ProcessConfigError, match="chưa bật mô-đun"):
        adopt_procedure(unit_a, "1.001612", STEPS)
    assert unit_procedures(unit_a) == [] and unit_process(unit_a, "1.001612") is None
    assert not withdraw_procedure(unit_a, "1.001612")


def test_a_units_process_is_invisible_to_another_unit(catalogue, unit_a, unit_b):
    enable_modules(unit_a, "procedures")
    enable_modules(unit_b, "procedures")
    adoption = adopt_procedure(unit_a, "1.001612", STEPS)
    assert adoption.created and adoption.warnings == []
    process = adoption.process
    assert process.version_id == current_version("1.001612").pk and not process.outdated
    assert [(s.position, s.role_code, s.working_days) for s in process.steps] == [
        (1, "receiving_officer", Decimal("0.5")), (2, "specialist", Decimal("1.5")), (3, "leader", Decimal("0.5")),
        (4, "result_officer", Decimal("0.5"))]
    assert process.total_days == 3
    assert [p.code for p in unit_procedures(unit_a)] == ["1.001612"]
    assert unit_procedures(unit_b) == [] and unit_process(unit_b, "1.001612") is None
    with schema_context(unit_b.schema_name):
        assert not UnitProcedure.objects.exists() and not ProcessStep.objects.exists()
    with schema_context(unit_a.schema_name):
        assert UnitProcedure.objects.get().steps.count() == 4

    # Unit B sets up the same procedure its own way; neither sees the other's steps.
    adopt_procedure(unit_b, "1.001612", [{"name": "Một bước", "role": "specialist", "days": 2}])
    assert len(unit_process(unit_a, "1.001612").steps) == 4
    assert [s.name for s in unit_process(unit_b, "1.001612").steps] == ["Một bước"]


def test_steps_longer_than_the_processing_time_are_refused(catalogue, unit_a):
    enable_modules(unit_a, "procedures")
    with pytest.raises(ProcessConfigError) as err:
        adopt_procedure(unit_a, "1.001612", STEPS + [{"name": "Thêm", "role": "specialist", "hours": 1}])
    assert "3.125" in err.value.messages[0] and "3" in err.value.messages[0]
    # Birth registration is done within the day: 8 working hours at most.
    adopt_procedure(unit_a, "1.001193", [{"name": "Tiếp nhận", "role": "receiving_officer", "hours": 2},
                                         {"name": "Giải quyết", "role": "leader", "hours": 6}])
    with pytest.raises(ProcessConfigError):
        adopt_procedure(unit_a, "1.001193", [{"name": "Giải quyết", "role": "leader", "hours": 9}])
    assert [p.code for p in unit_procedures(unit_a)] == ["1.001193"]


def test_invalid_steps_are_all_named(catalogue, unit_a):
    enable_modules(unit_a, "procedures")
    with pytest.raises(ProcessConfigError) as err:
        adopt_procedure(unit_a, "1.001612", [
            {"name": "", "role": "janitor", "hours": 0},
            {"name": "Chuyển", "role": "specialist", "hours": 1, "handover_unit": "404404"},
            {"name": "Chuyển", "role": "specialist", "hours": 1, "handover_kind": "galaxy"},
            {"name": "Sai", "role": "specialist", "hours": "nhiều"},
        ])
    text = "\n".join(err.value.messages)
    for expected in ["Bước 1", "janitor", "lớn hơn 0", "404404", "galaxy", "Bước 4"]:
        assert expected in text
    with pytest.raises(ProcessConfigError):
        adopt_procedure(unit_a, "1.001612", [])
    with pytest.raises(ProcessConfigError):
        adopt_procedure(unit_a, "9.999999", STEPS)
    assert unit_procedures(unit_a) == []


def test_hand_over_to_a_unit_or_to_the_kind_above(catalogue, make_unit, unit_b):
    make_unit("91900", "Huyện Thử", kind="district")
    commune = make_unit("91901", "Xã Thuộc Huyện", parent="91900")
    enable_modules(commune, "procedures")
    enable_modules(unit_b, "procedures")
    steps = [{"name": "Tiếp nhận", "role": "receiving_officer", "hours": 4},
             {"name": "Chuyển huyện", "role": "specialist", "days": 2, "handover_kind": "district"},
             {"name": "Chuyển xã B", "role": "specialist", "hours": 2, "handover_unit": unit_b.code}]
    adoption = adopt_procedure(commune, "1.001612", steps)
    assert adoption.warnings == []
    _receive, to_district, to_b = adoption.process.steps
    assert resolve_handover(commune, to_district).code == "91900"
    assert resolve_handover(commune, to_b).pk == unit_b.pk
    # A commune with no district above: saved, with a warning that the receiver cannot be resolved.
    assert adopt_procedure(unit_b, "1.001612", steps[:2]).warnings
    assert resolve_handover(unit_b, unit_process(unit_b, "1.001612").steps[1]) is None


def test_a_new_catalogue_version_marks_the_process_outdated_until_adopted_again(catalogue, unit_a):
    enable_modules(unit_a, "procedures")
    adopt_procedure(unit_a, "1.001612", STEPS)
    import_records([dict(BUSINESS, cach_thuc_thuc_hien="Trực tiếp: 02 ngày làm việc")])
    process = unit_process(unit_a, "1.001612")
    assert process.outdated and process.version_id != current_version("1.001612").pk
    with pytest.raises(ProcessConfigError):  # the old steps no longer fit the new processing time
        adopt_procedure(unit_a, "1.001612", STEPS)
    again = adopt_procedure(unit_a, "1.001612", STEPS[:1] + STEPS[2:])
    assert not again.created and not again.process.outdated and len(again.process.steps) == 3


def test_withdrawing_keeps_the_process_but_hides_it(catalogue, unit_a):
    enable_modules(unit_a, "procedures")
    adopt_procedure(unit_a, "1.001612", STEPS)
    assert withdraw_procedure(unit_a, "1.001612") and not withdraw_procedure(unit_a, "1.001612")
    assert unit_procedures(unit_a) == [] and unit_process(unit_a, "1.001612") is None
    kept = unit_procedures(unit_a, include_inactive=True)
    assert [(p.code, p.is_active, len(p.steps)) for p in kept] == [("1.001612", False, 4)]
