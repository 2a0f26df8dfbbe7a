"""Scale-out: the unit admin's inline tables (the history of a document, a dossier, a case file; a department's
people) read the people their rows show together with the rows (core.platform_relations.PlatformRelationsInline): on
the platform's server by a join, on a second server (tests/shard_support.py) by key on the platform's connection -
never a query a row, never through a foreign table. A change page costs the same number of queries with 2 people as
with 12; a raw-id field still labels its row's person and a row added in the table is saved. Another unit sees none
of it. docs/ict/scale-out.md."""

from contextlib import contextmanager

import pytest
from api_support import add_member
from casefiles_support import file_with_documents, open_archive
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.contrib.auth import get_user_model
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from documents_support import incoming_meta, open_registry
from onestop_support import PROC, open_office
from shard_support import SHARD, foreign_tables_on, place_unit, shard_server  # noqa: F401 - fixtures
from workspace_support import UnitClient

from modules.casefiles.services import events as casefile_events
from modules.documents.models import DepartmentMember
from modules.documents.services import actions, departments
from modules.documents.services import events as document_events
from modules.onestop.services import events as dossier_events
from modules.onestop.services.intake import Application, receive
from tenants.services import entered
from tenants.services.unit_context import platform_connection

SERVERS = pytest.mark.parametrize("server", ["default", SHARD])


@pytest.fixture(name="foreign_tables", scope="module")
def _foreign_tables(shard, django_db_blocker) -> set[str]:
    with django_db_blocker.unblock():
        found = foreign_tables_on(SHARD)
    assert "accounts_user" in found
    return found


@contextmanager
def _queries():
    """(the second server's queries, the platform's) made in the block, wherever the thread is."""
    with CaptureQueriesContext(connections[SHARD]) as there, CaptureQueriesContext(platform_connection()) as here:
        yield there, here


def _page(client, url: str, foreign_tables: set[str]) -> tuple[str, int]:
    """The page's text and the number of queries it took on both servers; none names a foreign table."""
    with _queries() as (there, here):
        response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:2000]
    through = [q["sql"] for q in there.captured_queries if any(f'"{t}"' in q["sql"] for t in foreign_tables)]
    assert not through
    return response.content.decode(), len(there.captured_queries) + len(here.captured_queries)


def _units(place, server: str, code: str):
    """Two units on `server` (codes `code` and the next one)."""
    return place(code, server=server), place(str(int(code) + 1), server=server)


def _people(unit, count: int) -> list:
    return [add_member(unit, f"nguoi-{unit.code}-{i:02}", roles=("specialist",), first_name=f"Người {i:02}",
                       last_name="Trần") for i in range(count)]


def _same_queries_for_2_and_12_people(client, url: str, foreign_tables: set[str], write, first, others,
                                       shown: str) -> None:
    """The page once the history has a row by `first` and one by others[0], then once the 10 other people wrote a row
    each: every person's name on it, and the same number of queries both times."""
    client.get(url)  # warm: the session, the roles' permissions, the unit's modules
    counts = []
    for persons, named in ((others[:1], [first, others[0]]), (others[1:], [first, *others])):
        write(persons)
        page, count = _page(client, url, foreign_tables)
        assert shown in page
        assert [p.username for p in named if p.username not in page] == []
        counts.append(count)
    assert counts[0] == counts[1]


def _not_in_the_other_unit(other, user, url: str, people) -> None:
    theirs = UnitClient(other, user)
    response = theirs.get(url)
    assert response.status_code in (302, 403, 404)  # Django's admin sends a missing object to the index
    page = theirs.get(url, follow=True).content.decode()
    assert not any(person.username in page for person in people)


@SERVERS
def test_a_documents_history_in_the_unit_admin_reads_its_people_with_its_rows(place, foreign_tables, server):
    unit, other = _units(place, server, "91741" if server == "default" else "91743")
    people = open_registry(unit)
    open_registry(other)
    others = _people(unit, 11)
    with entered(unit):
        document = actions.register_incoming(incoming_meta(), actor=people["clerk"])  # the history's first row

    def written_by(persons):
        with entered(unit):
            for person in persons:
                document_events.record(document, "note", at=timezone.now(), actor=person)

    client = UnitClient(unit, add_member(unit, f"admin-{unit.code}"))
    url = f"/admin/documents/document/{document.pk}/change/"
    # The history: 2 rows by 2 people (the clerk's registration and one more), then 12 by 12.
    _same_queries_for_2_and_12_people(client, url, foreign_tables, written_by, people["clerk"], others, "12/QĐ-UBND")
    _not_in_the_other_unit(other, add_member(other, f"admin-{other.code}"), url, others)


@SERVERS
def test_a_dossiers_history_in_the_unit_admin_reads_its_people_with_its_rows(place, foreign_tables, server):
    unit, other = _units(place, server, "91745" if server == "default" else "91747")
    staff = open_office(unit)
    open_office(other, catalogue=False)
    others = _people(unit, 11)
    with entered(unit):
        dossier = receive(Application(PROC, "counter", "Nguyễn Văn An", applicant_phone="0912345678"),
                          actor=staff["receiving_officer"])

    def written_by(persons):
        with entered(unit):
            for person in persons:
                dossier_events.record(dossier, "note", at=timezone.now(), to_status=dossier.status, actor=person,
                                      unit_code=unit.code, role_code="specialist")

    client = UnitClient(unit, add_member(unit, f"admin-{unit.code}"))
    url = f"/admin/onestop/dossier/{dossier.pk}/change/"
    _same_queries_for_2_and_12_people(client, url, foreign_tables, written_by, staff["receiving_officer"], others,
                                      "Nguyễn Văn An")
    _not_in_the_other_unit(other, add_member(other, f"admin-{other.code}"), url, others)


@SERVERS
def test_a_case_files_history_in_the_unit_admin_reads_its_people_with_its_rows(place, foreign_tables, server):
    unit, other = _units(place, server, "91753" if server == "default" else "91755")
    people = open_archive(unit)
    open_archive(other)
    others = _people(unit, 11)
    with entered(unit):
        case_file = file_with_documents(people, numbers=(1,))  # opened and a document put in it: the specialist

    def written_by(persons):
        with entered(unit):
            for person in persons:
                casefile_events.record(case_file, "note", person, timezone.now())

    client = UnitClient(unit, add_member(unit, f"admin-{unit.code}"))
    url = f"/admin/casefiles/casefile/{case_file.pk}/change/"
    _same_queries_for_2_and_12_people(client, url, foreign_tables, written_by, people["specialist"], others,
                                      case_file.title)
    _not_in_the_other_unit(other, add_member(other, f"admin-{other.code}"), url, others)


@SERVERS
def test_a_departments_people_in_the_unit_admin_raw_ids_labelled_and_a_row_added(place, foreign_tables, server):
    """The departments' page is the ICT department's (no unit role holds its permissions): a superuser."""
    unit, other = _units(place, server, "91749" if server == "default" else "91751")
    open_registry(unit)
    open_registry(other)
    people = _people(unit, 13)
    with entered(unit):
        department = departments.define("Phòng Tư pháp", member_ids=[p.pk for p in people[:2]])
    ict = get_user_model().objects.create_superuser(f"ict-{unit.code}", f"ict-{unit.code}@example.vn", None)
    client = UnitClient(unit, ict)
    url = f"/admin/documents/department/{department.pk}/change/"
    client.get(url)
    counts = []
    for members in (people[:2], people[:12]):
        with entered(unit):
            departments.define("Phòng Tư pháp", member_ids=[p.pk for p in members])
        page, count = _page(client, url, foreign_tables)
        assert all(f"<strong>{person.username}</strong>" in page for person in members)  # the raw-id's label
        counts.append(count)
    assert counts[0] == counts[1]

    with entered(unit):
        rows = list(DepartmentMember.objects.filter(department=department).order_by("pk"))
    data = {"name": "Phòng Tư pháp", "head": "", "members-TOTAL_FORMS": str(len(rows) + 1),
            "members-INITIAL_FORMS": str(len(rows)), "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data |= {f"members-{i}-id": str(row.pk), f"members-{i}-department": str(department.pk),
                 f"members-{i}-person": str(row.person_id)}
    data |= {f"members-{len(rows)}-department": str(department.pk), f"members-{len(rows)}-person": str(people[12].pk)}
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    with entered(unit):
        assert set(DepartmentMember.objects.filter(department=department).values_list("person_id", flat=True)) == \
            {person.pk for person in people}
    _not_in_the_other_unit(other, ict, url, people)
