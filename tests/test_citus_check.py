"""The installation stays movable onto Citus schema-based sharding: `egov citus-check` finds nothing blocking in the
template (every unit table), a provisioned unit and public - and does find what would block, when it is there."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from tenants.services.citus_check import blocking, findings


def _check(*codes) -> tuple[int, list[dict]]:
    out = io.StringIO()
    try:
        call_command("citus_check", "--json", "--units", *codes, stdout=out)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, json.loads(out.getvalue())


def test_nothing_blocks_schema_based_sharding(make_unit):
    unit = make_unit("91601")
    assert blocking([unit.schema_name]) == []
    status, found = _check("91601")
    assert status == 0 and all(f["severity"] == "warning" for f in found)


@pytest.fixture
def bad_schema(db):
    with connection.cursor() as cur:
        cur.execute("""
            CREATE SCHEMA citus_probe;
            CREATE TABLE citus_probe.loose (note text);
            CREATE TABLE citus_probe.owner_ref (id bigint PRIMARY KEY, user_id bigint REFERENCES public.accounts_user(id));
            CREATE RULE no_delete AS ON DELETE TO citus_probe.owner_ref DO INSTEAD NOTHING;
            CREATE SEQUENCE public.citus_probe_seq;
            CREATE TABLE citus_probe.numbered (id bigint PRIMARY KEY DEFAULT nextval('public.citus_probe_seq'));
        """)
    yield "citus_probe"  # the test's transaction is rolled back: the schema goes with it


def test_what_would_block_is_listed_by_kind(bad_schema):
    kinds = {(f.kind, f.obj) for f in findings([bad_schema]) if f.severity == "blocking"}
    assert ("no_primary_key", "loose") in kinds
    assert ("rule", "owner_ref.no_delete") in kinds
    assert ("sequence_in_other_schema", "numbered.id") in kinds
    assert any(kind == "foreign_key_across_schemas" and obj.startswith("owner_ref.") for kind, obj in kinds)
