"""Scale-out: units on a second PostgreSQL server (a second cluster this suite starts with Debian's pg_createcluster,
scripts/start-shard-cluster.sh). A unit provisioned there answers by its host and runs its tasks there; a message
between a unit on each server is delivered once; `egov units move` takes a unit with its dossiers over and back; a
unit on one server never sees another's rows. docs/ict/scale-out.md."""

import json

import pytest
from api_support import add_member
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from onestop_support import PROC, open_office
from shard_support import PORT, SHARD, place_unit, schema_on, shard_server  # noqa: F401 - fixtures

from modules.onestop.models import Dossier
from modules.onestop.services.intake import Application, receive
from tenants.messaging import services as messaging
from tenants.messaging.handlers import message_handler
from tenants.messaging.models import InboxMessage, OutboxMessage
from tenants.models import Unit, UnitStatus
from tenants.services.placement import least_loaded
from tenants.services.unit_context import entered
from tenants.services.unit_move import Code, MoveRefused, move_unit
from tenants.unit_tasks import unit_task

DOSSIER = "query($code: String!) { onestopDossier(code: $code) { code applicantName } }"


def _receive(unit, clerk, name: str) -> str:
    with entered(unit):
        return receive(Application(PROC, "counter", name, applicant_phone="0912345678"), actor=clerk).code


def _ask(client, unit, code: str):
    response = client.post("/graphql/", data=json.dumps({"query": DOSSIER, "variables": {"code": code}}),
                           content_type="application/json", HTTP_HOST=f"u-{unit.code}.localhost")
    return response.status_code, response.json()


@unit_task()
def where_am_i(unit_schema: str) -> dict:
    with connection.cursor() as cur:
        cur.execute("SELECT current_schema(), current_setting('port')")
        schema, port = cur.fetchone()
    return {"schema": schema, "port": int(port), "dossiers": Dossier.objects.count()}


def test_a_unit_on_the_second_server_answers_by_its_host_and_runs_its_tasks_there(place, client):
    unit = place("91501", server=SHARD)
    assert unit.database == SHARD and unit.status == UnitStatus.READY
    assert schema_on(SHARD, unit.schema_name) and not schema_on("default", unit.schema_name)
    clerk = open_office(unit)["receiving_officer"]
    code = _receive(unit, clerk, "Nguyễn Văn An")

    client.force_login(clerk)  # the session and the membership on the platform, the dossier on the second server
    status, body = _ask(client, unit, code)
    assert status == 200 and body["data"]["onestopDossier"] == {"code": code, "applicantName": "Nguyễn Văn An"}

    ran = where_am_i.apply(args=(unit.schema_name,)).get()  # Celery's own execution path, as on a worker
    assert ran == {"schema": unit.schema_name, "port": PORT, "dossiers": 1}


def test_new_units_go_to_the_least_loaded_server(place):
    first = place("91511")
    assert first.database == "default"  # both empty: the platform's first
    assert least_loaded() == SHARD
    assert place("91512").database == SHARD


calls: list[str] = []


@message_handler("test.scaleout")
def _note(message):
    calls.append(str(message.id))
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('port')")
        return {"received_in": connection.schema_name, "port": int(cur.fetchone()[0])}


def test_a_message_between_a_unit_on_each_server_is_delivered_once(place):
    calls.clear()
    here, there = place("91521", server="default"), place("91522", server=SHARD)
    with entered(here):
        message = messaging.send(there.code, "test.scaleout", {"n": 1})
    assert messaging.deliver(here.schema_name, str(message.id)) == "delivered"
    assert messaging.deliver(here.schema_name, str(message.id)) == "delivered"  # again: nothing applied twice
    assert calls == [str(message.id)]
    with entered(there):
        assert InboxMessage.objects.get().sender_code == here.code
    with entered(here):
        sent = OutboxMessage.objects.get()
        assert sent.status == "delivered" and sent.reply == {"received_in": there.schema_name, "port": PORT}

    with entered(there):  # and back, from the second server to the platform's
        reply = messaging.send(here.code, "test.scaleout", {"n": 2})
    assert messaging.deliver(there.schema_name, str(reply.id)) == "delivered"
    with entered(here):
        assert InboxMessage.objects.get().result["received_in"] == here.schema_name


def test_a_unit_moves_to_the_second_server_with_its_dossiers_and_back(place, client):
    unit, neighbour = place("91531", server="default"), place("91532", server=SHARD)
    people = open_office(unit)
    clerk = people["receiving_officer"]
    codes = sorted(_receive(unit, clerk, name) for name in ("Nguyễn Văn An", "Trần Thị Bình"))
    open_office(neighbour, catalogue=False)
    theirs = _receive(neighbour, add_member(neighbour, "clerk-91532", roles=("receiving_officer",)), "Lê Văn Cường")

    call_command("units", "move", unit.code, "--to", SHARD)
    unit.refresh_from_db()
    assert unit.database == SHARD and unit.status == UnitStatus.READY
    assert schema_on(SHARD, unit.schema_name) and not schema_on("default", unit.schema_name)
    with entered(unit):
        assert sorted(Dossier.objects.values_list("code", flat=True)) == codes
        # Sequences continue after the moved rows: the next dossier gets a new number, not a clash.
        codes.append(_receive(unit, clerk, "Phạm Thị Dung"))
        assert len(set(codes)) == 3
    client.force_login(clerk)
    assert _ask(client, unit, codes[0])[1]["data"]["onestopDossier"]["code"] == codes[0]
    # Isolation on one server: the neighbour's dossier is not the moved unit's to see, and the other way round.
    assert _ask(client, unit, theirs)[1]["data"]["onestopDossier"] is None
    with entered(neighbour):
        assert list(Dossier.objects.values_list("code", flat=True)) == [theirs]

    move_unit(unit.code, "default")
    unit.refresh_from_db()
    assert unit.database == "default" and not schema_on(SHARD, unit.schema_name)
    with entered(unit):
        assert sorted(Dossier.objects.values_list("code", flat=True)) == sorted(codes)
    assert _ask(client, unit, codes[2])[1]["data"]["onestopDossier"]["code"] == codes[2]


def test_a_refused_move_changes_nothing(place):
    unit = place("91541", server="default")
    for to, code in ((SHARD + "x", Code.UNKNOWN_SERVER), ("default", Code.SAME_SERVER)):
        with pytest.raises(MoveRefused) as refused:
            move_unit(unit.code, to)
        assert refused.value.code == code
    Unit.objects.filter(pk=unit.pk).update(status=UnitStatus.FAILED)
    with pytest.raises(CommandError, match="NOT_MOVABLE"):
        call_command("units", "move", unit.code, "--to", SHARD)
    unit.refresh_from_db()
    assert unit.database == "default" and unit.status == UnitStatus.FAILED
    assert schema_on("default", unit.schema_name) and not schema_on(SHARD, unit.schema_name)


def test_a_move_that_fails_during_the_copy_leaves_the_unit_where_it_was(place):
    unit = place("91551", server="default")
    with entered(unit), connection.cursor() as cur:  # a row the target's check will not find again
        cur.execute("CREATE TABLE extra_rows (id int PRIMARY KEY)")
        cur.execute("INSERT INTO extra_rows VALUES (1)")
    with pytest.raises(Exception):  # noqa: B017, PT011 - the copy's COPY into a table the target lacks
        move_unit(unit.code, SHARD)
    unit.refresh_from_db()
    assert unit.database == "default" and unit.status == UnitStatus.READY
    assert not schema_on(SHARD, unit.schema_name)
    with entered(unit), connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM extra_rows")
        assert cur.fetchone()[0] == 1


DOSSIERS = "{ onestopDossiers(first: 10) { edges { node { code assignee { username } } } } }"


def test_a_list_on_the_second_server_reads_people_on_the_platforms_server_not_through_a_foreign_table(place, client):
    unit = place("91561", server=SHARD)
    clerk = open_office(unit)["receiving_officer"]
    codes = sorted(_receive(unit, clerk, name) for name in ("Nguyễn Văn An", "Trần Thị Bình"))
    with entered(unit):
        Dossier.objects.update(assignee=clerk)
    on_shard: list[str] = []

    def spy(execute, sql, params, many, context):
        on_shard.append(sql)
        return execute(sql, params, many, context)

    client.force_login(clerk)
    with connections[SHARD].execute_wrapper(spy):
        response = client.post("/graphql/", data=json.dumps({"query": DOSSIERS}), content_type="application/json",
                               HTTP_HOST=f"u-{unit.code}.localhost")
    nodes = [edge["node"] for edge in response.json()["data"]["onestopDossiers"]["edges"]]
    assert sorted(n["code"] for n in nodes) == codes and {n["assignee"]["username"] for n in nodes} == {clerk.username}
    assert any("onestop_dossier" in sql for sql in on_shard)
    # The assignees come by primary key from the platform's server: a join through the foreign table would read
    # every person of the installation for each page.
    assert not [sql for sql in on_shard if "accounts_user" in sql]


def test_preparing_a_server_refuses_a_platform_known_by_a_unix_socket_only(shard, transactional_db, monkeypatch):
    """The embedded server is reached by a socket inside its data directory: another server cannot use that address,
    so `egov servers prepare` asks for one it can and leaves the server's link to the platform as it was."""
    def link():
        with connections[SHARD].cursor() as cur:
            cur.execute("SELECT srvoptions FROM pg_foreign_server WHERE srvname = 'egov_platform'")
            return cur.fetchone()[0]

    before = link()
    monkeypatch.setitem(connections["default"].settings_dict, "HOST", "")
    monkeypatch.setitem(connections["default"].settings_dict, "OPTIONS", {"host": "/srv/egov/.data/pg"})
    with pytest.raises(CommandError, match="--platform-url"):
        call_command("servers", "prepare", SHARD)
    assert link() == before
