"""The committed contract (graphql/*.graphql) matches the code, and every example operation runs against a real
unit without errors."""

import json
import re
from pathlib import Path

import pytest
from api_support import add_member, gql
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.module_loading import import_string

from core.api.contract import FILES, contract_dir, drift, render, write

OPERATIONS = sorted((Path(__file__).resolve().parent.parent / "graphql" / "operations").glob("*.graphql"))


def test_the_committed_schema_files_match_the_code():
    assert drift() == [], "run `egov graphql-schema` and commit graphql/"


def test_drift_is_detected_and_the_check_fails(tmp_path):
    write(tmp_path)
    call_command("graphql_schema", "--check", "--out-dir", str(tmp_path))
    stale = tmp_path / FILES["unit"]
    stale.write_text(render("unit").replace("myMembership", "myMembershipOld"), encoding="utf-8")
    (tmp_path / FILES["platform"]).unlink()
    with pytest.raises(CommandError, match="schema.graphql, platform.graphql"):
        call_command("graphql_schema", "--check", "--out-dir", str(tmp_path))
    assert drift(tmp_path) == ["schema.graphql", "platform.graphql"]


def test_both_endpoints_are_in_the_contract():
    assert (contract_dir() / "schema.graphql").read_text(encoding="utf-8").count("members(") == 1
    assert "requestUnit(" in (contract_dir() / "platform.graphql").read_text(encoding="utf-8")


def _header(text: str, name: str):
    found = re.search(rf"^# {name}: (.+)$", text, re.M)
    return found.group(1).strip() if found else None


@pytest.mark.parametrize("path", OPERATIONS, ids=[p.stem for p in OPERATIONS])
def test_example_operations_run_against_a_real_unit(path, unit_a, django_user_model):
    text = path.read_text(encoding="utf-8")
    endpoint = _header(text, "endpoint")
    assert endpoint in {"unit", "platform"}, f"{path.name}: needs a '# endpoint: unit|platform' line"
    variables = json.loads(_header(text, "variables") or "{}")
    for key, value in list(variables.items()):  # examples name unit 91001, the test's unit A
        if value == "91001":
            variables[key] = unit_a.code
    client = Client()
    if endpoint == "unit":
        client.force_login(add_member(unit_a, "example-admin", first_name="Quản", last_name="Trị"))
        add_member(unit_a, "example-specialist", roles=("specialist",))
        setup = _header(text, "setup")  # data the example needs: a function of tests/ given the unit
        if setup:
            import_string(setup)(unit_a)
        status, body = gql(client, text, variables, unit=unit_a)
    else:
        client.force_login(django_user_model.objects.create_superuser("example-ict", "ict@example.vn", None))
        add_member(unit_a, "example-admin")
        status, body = gql(client, text, variables)
    assert status == 200 and "errors" not in body, body
    for value in body["data"].values():
        if isinstance(value, dict) and "errors" in value:
            assert value["errors"] == [], body
