"""Scale-out: the ICT department sees where each unit is - the platform admin's list of units shows its database
server and filters by it, and the platform GraphQL endpoint's Unit has `server` and a `server` filter
(tests/shard_support.py: a second PostgreSQL cluster). The server is not edited in a form: `egov units move` changes
it. docs/ict/scale-out.md."""

from api_support import add_member, gql
from committed import transactional_db_committed  # noqa: F401 - the committed-data fixture
from django.contrib.auth.models import Permission
from django.test import Client
from shard_support import SHARD, place_unit, shard_server  # noqa: F401 - fixtures

from core.accounts.models import User

UNITS = """query($filter: UnitFilter) {
  units(first: 50, filter: $filter) { totalCount edges { node { code server } } }
}"""


def test_the_platform_admin_lists_and_filters_units_by_server(place):
    there, here = place("91591", server=SHARD), place("91592", server="default")
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.create_superuser("platform-admin-91591", password=None))

    page = client.get("/admin/tenants/unit/", {"q": "9159"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "máy chủ cơ sở dữ liệu" in html.lower() and f"?database={SHARD}" in html  # the column, the filter
    rows = {unit.code: (unit.database,) for unit in page.context["cl"].result_list}
    assert rows == {there.code: (SHARD,), here.code: ("default",)}

    filtered = client.get("/admin/tenants/unit/", {"q": "9159", "database": SHARD})
    assert [u.code for u in filtered.context["cl"].result_list] == [there.code]

    change = client.get(f"/admin/tenants/unit/{there.pk}/change/")  # shown, not a field of the form
    assert change.status_code == 200 and "database" not in change.context["adminform"].form.fields
    assert SHARD in change.content.decode()


def test_the_platform_api_gives_each_units_server_and_filters_by_it(place):
    there, here = place("91593", server=SHARD), place("91594", server="default")
    ict = User.objects.create_user("ict-officer-91593")
    ict.user_permissions.add(Permission.objects.get(codename="view_unit"))
    client = Client()
    client.force_login(ict)

    body = gql(client, UNITS, {"filter": {"search": "9159"}})[1]
    assert {e["node"]["code"]: e["node"]["server"] for e in body["data"]["units"]["edges"]} == {
        there.code: SHARD, here.code: "default"}
    body = gql(client, UNITS, {"filter": {"search": "9159", "server": SHARD}})[1]
    assert body["data"]["units"] == {"totalCount": 1, "edges": [{"node": {"code": there.code, "server": SHARD}}]}
    body = gql(client, UNITS, {"filter": {"search": "9159", "server": "shard9"}})[1]
    assert body["data"]["units"] == {"totalCount": 0, "edges": []}


def test_a_units_own_members_do_not_see_its_server(place):
    unit = place("91597", server=SHARD)
    member = add_member(unit, "admin-91597", roles=("administrator",))
    client = Client()
    client.force_login(member)
    body = gql(client, "{ unit { code server } }", unit=unit)[1]  # the unit's own endpoint
    assert body["data"]["unit"] == {"code": unit.code, "server": None}
