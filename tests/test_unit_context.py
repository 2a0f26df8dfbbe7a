"""Entering a unit hands the connection back where the caller had it: on another unit, not on public."""

import uuid

import pytest
from django.db import connection

from tenants.messaging.services import deliver, mark_failed
from tenants.services import UnknownUnit, current_unit, entered, in_unit
from tenants.unit_tasks import run_in_unit


def test_entering_a_unit_from_another_unit_comes_back_to_the_first(unit_a, unit_b):
    with entered(unit_a):
        with entered(unit_b):
            assert connection.schema_name == unit_b.schema_name and current_unit() == unit_b
        assert connection.schema_name == unit_a.schema_name and current_unit() == unit_a
        with in_unit(unit_b.code) as unit:
            assert unit == unit_b and connection.schema_name == unit_b.schema_name
        assert connection.schema_name == unit_a.schema_name
    assert connection.schema_name == "public" and current_unit() is None


def test_the_caller_is_restored_when_the_block_raises(unit_a, unit_b):
    with entered(unit_a):
        with pytest.raises(RuntimeError), entered(unit_b):
            raise RuntimeError("refused")
        assert connection.schema_name == unit_a.schema_name


def test_an_unknown_code_is_refused(db):
    with pytest.raises(UnknownUnit, match="99999"), in_unit("99999"):
        pass
    assert connection.schema_name == "public"


def test_a_unit_task_run_from_a_unit_leaves_the_caller_in_that_unit(unit_a, unit_b):
    with entered(unit_a):
        assert run_in_unit(unit_b.schema_name, lambda schema: connection.schema_name) == unit_b.schema_name
        assert connection.schema_name == unit_a.schema_name  # was left on public before


def test_delivering_a_message_from_inside_a_unit_leaves_the_caller_in_that_unit(unit_a, unit_b):
    with entered(unit_b):
        assert deliver(unit_a.schema_name, str(uuid.uuid4())) == "missing"
        assert connection.schema_name == unit_b.schema_name
        mark_failed(unit_a.schema_name, str(uuid.uuid4()))
        assert connection.schema_name == unit_b.schema_name


def test_migrating_a_schema_from_inside_a_unit_leaves_the_caller_in_that_unit(unit_a, unit_b):
    from tenants.services.schema_migrations import migrate_schema

    with entered(unit_a):
        migrate_schema(unit_b.schema_name)  # nothing pending: only the schema switching is exercised
        assert connection.schema_name == unit_a.schema_name and connection.include_public_schema
