"""Scale-out: object permissions (django-guardian's rows, kept in the unit's schema) of a unit on a second database
server (tests/shard_support.py) are read by the permission's and content type's ids, never through the platform's
foreign tables (auth_permission, django_content_type, accounts_user_groups; core.objectperms.services): the rows are
right, no query on the unit's server names a platform table, and the queries do not grow with the grants - for the
members list of the unit's API (a platform model, filtered by the unit's grants), user.has_perm(perm, obj) and the
departments a deputy oversees. `egov check-references` on that server compares keys read on the platform's
connection. Nothing of one unit's grants counts in another. docs/ict/scale-out.md."""

from contextlib import contextmanager

import pytest
from api_support import add_member, gql
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.contrib.auth.models import Permission
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from shard_support import SHARD, check_references, foreign_tables_on, place_unit, shard_server  # noqa: F401 - fixtures

from core.accounts.models import Membership, User
from core.modules.services import enable
from core.objectperms.models import UnitUserObjectPermission
from core.objectperms.services import grant, granted, object_perms
from modules.documents.models import Department
from modules.documents.services import departments
from tenants.services import entered
from tenants.services.unit_context import platform_connection

VIEW = "accounts.view_membership"
MEMBERS = "{ members(first: 50) { totalCount edges { node { user { username } } } } }"


@pytest.fixture(name="foreign_tables", scope="module")
def _foreign_tables(shard, django_db_blocker) -> set[str]:
    """The platform's tables as the second server holds them: foreign tables in its public schema."""
    with django_db_blocker.unblock():
        found = foreign_tables_on(SHARD)
    assert {"auth_permission", "django_content_type", "accounts_user_groups", "accounts_user"} <= found
    return found


@contextmanager
def queries_on_both():
    """(the second server's queries, the platform's) made in the block, wherever the thread is."""
    with CaptureQueriesContext(connections[SHARD]) as there, CaptureQueriesContext(platform_connection()) as here:
        yield there, here


def _sql(queries) -> list[str]:
    return [q["sql"] for q in queries if not q["sql"].startswith("SET search_path")]


def _foreign(queries, tables: set[str]) -> list[str]:
    return [sql for sql in _sql(queries) if any(f'"{table}"' in sql for table in tables)]


def _usernames(body) -> list[str]:
    assert "errors" not in body, body
    return sorted(e["node"]["user"]["username"] for e in body["data"]["members"]["edges"])


def test_the_members_list_by_object_permissions_of_a_unit_on_the_second_server(place, foreign_tables):
    unit, other = place("91701", server=SHARD), place("91702", server=SHARD)
    add_member(unit, "admin-91701")
    viewer = add_member(unit, "viewer-91701", roles=("specialist",))  # no role grants accounts.view_membership
    others = [add_member(unit, f"m{i}-91701", roles=("specialist",)) for i in range(3)]
    add_member(other, "viewer-91701", roles=("specialist",))
    add_member(other, "m0-91702", roles=("specialist",))
    client = Client()
    client.force_login(viewer)
    assert _usernames(gql(client, MEMBERS, unit=unit)[1]) == []

    counts = []
    for person in others[:2]:  # one grant, then two: the same queries
        with entered(unit):
            grant(VIEW, viewer, Membership.objects.get(unit=unit, user=person))
        gql(client, MEMBERS, unit=unit)  # warm: the session, the permissions read once per process
        with queries_on_both() as (there, here):
            status, body = gql(client, MEMBERS, unit=unit)
        assert status == 200
        assert not _foreign(there.captured_queries, foreign_tables)
        counts.append((len(_sql(there.captured_queries)), len(_sql(here.captured_queries))))
    assert _usernames(body) == ["m0-91701", "m1-91701"]
    assert counts[0] == counts[1]
    # The other unit's endpoint: its own grants only (none).
    assert _usernames(gql(client, MEMBERS, unit=other)[1]) == []


def test_has_perm_on_an_object_and_the_departments_a_deputy_oversees_there(place, foreign_tables):
    unit, other = place("91703", server=SHARD), place("91704", server="default")
    for where in (unit, other):
        for module in ("doctypes", "documents"):
            enable(where, module)
    head = add_member(unit, "head-91703", roles=("specialist",))
    deputy = add_member(unit, "deputy-91703", roles=("specialist",))
    add_member(other, "deputy-91703", roles=("specialist",))
    with entered(unit):
        tu_phap = departments.define("Phòng Tư pháp", head_id=head.pk)
        van_hoa = departments.define("Phòng Văn hóa")
        departments.let_oversee(tu_phap.pk, deputy.pk)
        deputy = User.objects.get(pk=deputy.pk)  # a fresh request's user: nothing kept on it

        departments.overseen(deputy)  # warm: the permissions read once per process
        deputy = User.objects.get(pk=deputy.pk)
        with queries_on_both() as (there, here):
            assert departments.overseen(deputy) == ((tu_phap.pk,), ("Phòng Tư pháp",))
            assert deputy.has_perm(departments.OVERSEE, tu_phap) and not deputy.has_perm(departments.OVERSEE, van_hoa)
            assert object_perms(deputy, tu_phap) == {"oversee_department"}
        assert not _foreign(there.captured_queries, foreign_tables)
        one = (len(_sql(there.captured_queries)), len(_sql(here.captured_queries)))

        departments.let_oversee(van_hoa.pk, deputy.pk)
        deputy = User.objects.get(pk=deputy.pk)
        with queries_on_both() as (there, here):
            assert departments.overseen(deputy) == ((tu_phap.pk, van_hoa.pk), ("Phòng Tư pháp", "Phòng Văn hóa"))
            assert deputy.has_perm(departments.OVERSEE, tu_phap) and deputy.has_perm(departments.OVERSEE, van_hoa)
            assert object_perms(deputy, tu_phap) == {"oversee_department"}
        assert not _foreign(there.captured_queries, foreign_tables)
        assert (len(_sql(there.captured_queries)), len(_sql(here.captured_queries))) == one
        assert not _foreign(there.captured_queries, foreign_tables)
        # A permission the model does not have grants nothing, and is refused when given.
        assert not Department.objects.filter(granted(deputy, "documents.view_document", Department)).exists()
        with pytest.raises(Permission.DoesNotExist):
            grant("documents.view_document", deputy, tu_phap)
        assert UnitUserObjectPermission.objects.count() == 2
    # The other unit (on the platform's server): the same person holds nothing there.
    with entered(other):
        deputy = User.objects.get(pk=deputy.pk)
        assert departments.overseen(deputy) == ((), ())
        assert not UnitUserObjectPermission.objects.exists()
        mine = departments.define("Phòng Tư pháp")
        assert not deputy.has_perm(departments.OVERSEE, mine)


def test_check_references_there_compares_keys_on_the_platforms_connection(place, foreign_tables):
    units = [place(code, server=SHARD) for code in ("91705", "91706")]
    gone = User.objects.create_user("gone-91705")
    for unit in units:
        kept = add_member(unit, "kept-91705", roles=("specialist",))
        with entered(unit):
            grant(VIEW, kept, Membership.objects.get(user=kept, unit=unit))
    with entered(units[0]), connection.cursor() as cur:
        grant(VIEW, gone, Membership.objects.get(user=kept, unit=units[0]))
        cur.execute("SELECT count(*) FROM objectperms_unituserobjectpermission")
        assert cur.fetchone()[0] == 2
    User.objects.filter(pk=gone.pk).delete()  # no repair task runs here (no worker): left dangling

    with queries_on_both() as (there, here):
        found = check_references()
    assert not _foreign(there.captured_queries, foreign_tables)
    assert [(i["kind"], i["reference"], i["count"], i["missing"]) for i in found[units[0].schema_name]] == [
        ("dangling", "objectperms.UnitUserObjectPermission.user_id -> accounts.User", 1, [str(gone.pk)])]
    assert units[1].schema_name not in found
    counted = len(_sql(there.captured_queries))

    check_references("--repair")
    with entered(units[0]):
        assert list(UnitUserObjectPermission.objects.values_list("user_id", flat=True)) == [kept.pk]
    with queries_on_both() as (there, here):
        found = check_references()
    assert not {u.schema_name for u in units} & set(found)
    assert not _foreign(there.captured_queries, foreign_tables)
    assert len(_sql(there.captured_queries)) == counted  # as many statements with nothing missing

