"""Scale-out: the workspace's pages, a printed form and an export of a unit on a second database server
(tests/shard_support.py) read the platform's people by key on the platform's connection, never through the foreign
tables (core.platform_relations; a join into one reads the whole platform table): the rows are right, no query on
the unit's server names a platform table, and a page costs the same number of queries whatever it shows. Nothing of
one unit shows in another's. docs/ict/scale-out.md."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from api_support import add_member
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from onestop_support import PROC, open_office
from shard_support import SHARD, foreign_tables_on, place_unit, shard_server  # noqa: F401 - fixtures
from workspace_support import UnitClient

from core.modules.services import enable
from core.platform_relations import with_related
from modules.onestop.models import Dossier, DossierEvent
from modules.onestop.services import events
from modules.onestop.services.intake import Application, receive
from modules.printing.services import form_html
from tenants.services import entered
from tenants.services.unit_context import platform_connection


@pytest.fixture(name="foreign_tables", scope="module")
def _foreign_tables(shard, django_db_blocker) -> set[str]:
    """The platform's tables as the second server holds them: foreign tables in its public schema."""
    with django_db_blocker.unblock():
        found = foreign_tables_on(SHARD)
    assert {"accounts_user", "tenants_unit"} <= found
    return found


@contextmanager
def queries_on_both():
    """(the second server's queries, the platform's) made in the block, wherever the thread is."""
    with CaptureQueriesContext(connections[SHARD]) as there, CaptureQueriesContext(platform_connection()) as here:
        yield there, here


def _foreign(queries, tables: set[str]) -> list[str]:
    return [q["sql"] for q in queries if any(f'"{table}"' in q["sql"] for table in tables)]


def _office(place, code: str, names: list[str]):
    unit = place(code, server=SHARD)
    staff = open_office(unit)
    enable(unit, "printing")
    clerk = staff["receiving_officer"]
    clerk.first_name, clerk.last_name = "Lan", "Nguyễn Thị"
    clerk.save()
    others = [add_member(unit, f"{code}-helper-{i}", roles=("specialist",), first_name=f"Người {i}", last_name="Trần")
              for i in range(4)]
    with entered(unit):
        made = [receive(Application(PROC, "counter", name, applicant_phone="0912345678"), actor=clerk)
                for name in names]
        Dossier.objects.filter(pk__in=[d.pk for d in made]).update(assignee=staff["specialist"])
        # The second dossier's history names more people: its pages must cost no more queries.
        for i, person in enumerate(others):
            events.record(made[1], "note", at=timezone.now() + timedelta(minutes=i), to_status=made[1].status,
                          actor=person, unit_code=unit.code, role_code="specialist")
    return unit, staff, made, others


def test_the_dossier_and_queue_pages_of_a_unit_on_the_second_server_read_people_on_the_platform(place,
                                                                                                   foreign_tables):
    unit, staff, (first, second), others = _office(place, "91591", ["Nguyễn Văn An", "Trần Thị Bình"])
    other_unit, other_staff, _made, _others = _office(place, "91592", ["Lê Văn Cường", "Phạm Thị Dung"])
    client = UnitClient(unit, staff["specialist"])
    client.get(f"/m/onestop/ho-so/{first.code}/")  # warm: the session, the unit's plans and catalogue caches

    counts = []
    for dossier, actors in ((first, [staff["receiving_officer"]]), (second, [staff["receiving_officer"], *others])):
        with queries_on_both() as (there, here):
            response = client.get(f"/m/onestop/ho-so/{dossier.code}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert dossier.applicant_name in page and staff["specialist"].username in page  # the assignee
        for person in actors:
            assert person.get_full_name() in page
        assert "Lê Văn Cường" not in page and other_staff["specialist"].username not in page
        assert not _foreign(there.captured_queries, foreign_tables)
        assert any('"accounts_user"' in q["sql"] for q in here.captured_queries)  # by key, on the platform's
        counts.append(len(there.captured_queries) + len(here.captured_queries))
    assert counts[0] == counts[1]  # one dossier's history with 1 person or 5: the same queries

    with queries_on_both() as (there, _here):
        response = client.get("/m/onestop/?hang=open")
    assert response.status_code == 200
    page = response.content.decode()
    assert first.code in page and second.code in page and "Lê Văn Cường" not in page
    assert not _foreign(there.captured_queries, foreign_tables)


def test_a_printed_form_and_the_register_export_of_a_unit_on_the_second_server(place, foreign_tables):
    unit, staff, (first, second), others = _office(place, "91593", ["Nguyễn Văn An", "Trần Thị Bình"])
    with entered(unit):
        with queries_on_both() as (there, _here):
            html, _page = form_html("01", first.code)  # the receipt names the officer who received it
        assert "Nguyễn Thị Lan" in html and first.code in html
        assert not _foreign(there.captured_queries, foreign_tables)
        counts = []
        for dossier in (first, second):
            with queries_on_both() as (there, here):
                html, _page = form_html("06", dossier.code)  # the control sheet: the steps' people
            assert dossier.applicant_name in html
            assert not _foreign(there.captured_queries, foreign_tables)
            counts.append(len(there.captured_queries) + len(here.captured_queries))
        assert counts[0] == counts[1]

    client = UnitClient(unit, staff["receiving_officer"])
    day = timezone.localdate().isoformat()
    with queries_on_both() as (there, _here):
        response = client.get(f"/m/printing/register.xlsx?from={day}&to={day}")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not _foreign(there.captured_queries, foreign_tables)


def test_with_related_joins_on_the_platforms_server_and_prefetches_on_another(place, foreign_tables):
    there_unit, here_unit = place("91594", server=SHARD), place("91595", server="default")
    for unit in (there_unit, here_unit):
        staff = open_office(unit, catalogue=unit is there_unit)
        with entered(unit):
            receive(Application(PROC, "counter", "Nguyễn Văn An", applicant_phone="0912345678"),
                    actor=staff["receiving_officer"])
            with queries_on_both() as (there, here):
                rows = list(with_related(DossierEvent.objects.all(), "actor", "dossier"))
            assert [r.actor.username for r in rows] == [staff["receiving_officer"].username]
            assert rows[0].dossier.applicant_name == "Nguyễn Văn An"  # joined: no query of its own
            if unit is there_unit:  # the events (with their dossier, joined) there; the people here, by key
                assert len(there.captured_queries) == 1 and len(here.captured_queries) == 1
                assert not _foreign(there.captured_queries, foreign_tables)
            else:  # one server: one join
                assert len(here.captured_queries) == 1 and '"accounts_user"' in here.captured_queries[0]["sql"]
