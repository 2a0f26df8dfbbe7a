"""Units on a second database server (docs/ict/scale-out.md), against a unit on the platform's own, in one run:

(a) requests: the same GraphQL list (50 dossiers with their assignee, a person of the platform's table) to a unit on
    each server, REQUESTS each, interleaved, through the whole middleware stack: p50 and p95 of the server time (on
    the second server the optimizer prefetches the assignees on the platform's connection: core.api.optimizer);
(b) the foreign-table join: a unit's query joining its dossiers to the platform's people, which on the second server
    reads `public.accounts_user` through postgres_fdw - the ORM's page of 50 (select_related) and a join over every
    dossier, each against the same query on the platform's server; measured again with MORE_PEOPLE more people in
    the platform's table (the foreign scan reads all of them: PostgreSQL plans a hash join over the whole remote
    table rather than a lookup per dossier);
(c) workspace pages through the whole stack (session, middleware, templates): a dossier's page (its assignee and the
    people of its history) and the queue page of open dossiers, PAGES times each per unit, interleaved, at both sizes
    of the platform's people: outside GraphQL the unit's reads go through core.platform_relations, which on the
    second server reads the people by key on the platform's connection instead of joining the foreign table;
(d) `egov check-references`' read of the unit on the second server (tenants.services.references.dangling), at both
    sizes of the platform's people: its statement as the platform's server runs it (each reference looked up in
    public's table, there a foreign table) against the keys compared (the unit's keys read on its server, then which
    exist, one statement on the platform's connection), REFERENCE_READS times each.

The second server is a database of its own on the cluster scripts/start-shard-cluster.sh starts (port 5433; as root
it is started here), EGOV_BENCH_SHARD_URL overrides it; it is dropped at the end. Both clusters are on this machine:
the figures hold the cost of a second connection and of the foreign data wrapper, not of a network between servers.
"""

import os
import statistics
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import connection, connections
from django.test import Client

ALIAS = "bench_shard"
PROC = "1.001612"
DOSSIERS = 200
PEOPLE = 2_000  # people in the platform's table besides the units' members
MORE_PEOPLE = 18_000
PAGE = 50
REQUESTS = 200
JOINS = 200
PAGES = 60
REFERENCE_READS = 20
QUERY = """query($first: Int) { onestopDossiers(first: $first) {
  edges { node { code applicantName assignee { username fullName } } } } }"""
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "start-shard-cluster.sh"


def _shard_url() -> str:
    return os.environ.get("EGOV_BENCH_SHARD_URL") or (
        f"postgres://postgres@127.0.0.1:5433/{connections['default'].settings_dict['NAME']}_shard")


def _admin(url: str, *statements: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(statement)
    finally:
        conn.close()


def _office(code: str, server: str, people: list) -> tuple:
    """A commune on `server` with the one-stop modules, DOSSIERS dossiers each assigned to one of `people`, and a
    bearer token of a member who reads them."""
    from core.accounts.services import grant_membership
    from core.api.tokens import issue_personal_token
    from core.modules.services import enable
    from modules.onestop.services.intake import Application, receive
    from modules.procedures.services.process import adopt_procedure
    from tenants.models import Unit
    from tenants.services import entered
    from tenants.services.provisioning import provision_unit
    from tenants.services.units import UnitRecord, record_units

    record_units([UnitRecord(code, f"Xã đo {code}", "commune")])
    unit = Unit.objects.get(code=code)
    provision_unit(unit, server=server)
    unit.refresh_from_db()
    for module in ("catalogue", "procedures", "onestop"):
        enable(unit, module)
    adopt_procedure(unit, PROC, [{"name": "Thẩm định", "role": "specialist", "days": 2}])
    for person in people:
        grant_membership(person, unit, ["specialist"])
    reader = people[0]
    grant_membership(reader, unit, ["receiving_officer", "specialist", "leader"])
    with entered(unit):
        for i in range(DOSSIERS):
            receive(Application(PROC, "counter", f"Công dân {i:03}", applicant_phone="0900000000"), actor=reader)
        with connection.cursor() as cur:
            cur.execute("UPDATE onestop_dossier SET assignee_id = (%s::bigint[])[1 + id %% %s]",
                        [[p.pk for p in people], len(people)])
    _, token = issue_personal_token(reader, "bench", [code])
    return unit, token


def _ms(durations: list[float], q: int) -> str:
    return f"{statistics.quantiles(durations, n=100)[q - 1] * 1000:.1f}"


def _requests(units: list[tuple], n: int = REQUESTS) -> dict[str, list[float]]:
    clients = {unit.code: Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code, HTTP_AUTHORIZATION=f"Bearer {t}")
               for unit, t in units}

    def ask(code: str) -> float:
        t0 = time.perf_counter()
        response = clients[code].post("/graphql/", {"query": QUERY, "variables": {"first": PAGE}},
                                      content_type="application/json")
        elapsed = time.perf_counter() - t0
        body = response.json()
        assert response.status_code == 200 and len(body["data"]["onestopDossiers"]["edges"]) == PAGE, body
        assert body["data"]["onestopDossiers"]["edges"][0]["node"]["assignee"] is not None, body
        return elapsed

    for _ in range(20):  # warm both paths (connections, catalogue caches, the foreign server's connection)
        for code in clients:
            ask(code)
    times: dict[str, list[float]] = {code: [] for code in clients}
    for _ in range(n):
        for code in clients:
            times[code].append(ask(code))
    return times


def _joins(unit) -> tuple[list[float], list[float]]:
    """(the ORM's page of PAGE dossiers with their assignee, a count over a join of every dossier) timings."""
    from modules.onestop.models import Dossier
    from tenants.services import entered

    page, whole = [], []
    with entered(unit):
        for i in range(JOINS + 10):
            t0 = time.perf_counter()
            rows = list(Dossier.objects.select_related("assignee").order_by("code")[:PAGE])
            assert len(rows) == PAGE and rows[0].assignee is not None
            t1 = time.perf_counter()
            with connection.cursor() as cur:
                cur.execute("SELECT count(*), count(DISTINCT u.username) FROM onestop_dossier d "
                            "JOIN public.accounts_user u ON u.id = d.assignee_id")
                assert cur.fetchone()[0] == DOSSIERS
            t2 = time.perf_counter()
            if i >= 10:  # warmed up
                page.append(t1 - t0)
                whole.append(t2 - t1)
    return page, whole


def _paired(there: list[float], here: list[float]) -> str:
    """The median of there[i] / here[i]: requests made one after the other, so a burst of load slows both."""
    return f"{statistics.median(a / b for a, b in zip(there, here, strict=True)):.2f}x"


def _pages(units: list[tuple], reader, n: int = PAGES) -> dict[str, dict[str, list[float]]]:
    """{page: {unit code: timings}} of the workspace's dossier page and open-dossiers queue page."""
    from modules.onestop.models import Dossier
    from tenants.services import entered

    paths = {}
    for unit, _token in units:
        with entered(unit):
            code = Dossier.objects.order_by("code").values_list("code", flat=True).first()
        paths[unit.code] = {"dossier": f"/m/onestop/ho-so/{code}/", "queue": "/m/onestop/?hang=open"}
    clients = {}
    for unit, _token in units:
        clients[unit.code] = Client(HTTP_HOST="localhost", HTTP_X_EGOV_UNIT=unit.code)
        clients[unit.code].force_login(reader)
    times: dict[str, dict[str, list[float]]] = {page: {code: [] for code in clients} for page in ("dossier", "queue")}
    for i in range(n + 5):
        for page in times:
            for code, client in clients.items():
                t0 = time.perf_counter()
                response = client.get(paths[code][page])
                elapsed = time.perf_counter() - t0
                assert response.status_code == 200, (code, page, response.status_code)
                if i >= 5:  # warmed up
                    times[page][code].append(elapsed)
    return times


def _references(unit) -> tuple[list[float], list[float]]:
    """(the join through the foreign tables, the keys compared) timings of one unit's dangling-reference read."""
    from tenants.services import references
    from tenants.services.across_schemas import union_all
    from tenants.services.unit_context import on_server

    refs = references.unit_references()
    joined, keyed = [], []
    with on_server(unit.database):
        present = references._present([unit.schema_name], refs)
        parts = [(unit.schema_name, i, ref) for i, ref in enumerate(refs) if (unit.schema_name, ref.table) in present]
        statements = [references._dangling_sql(s, i, ref) for s, i, ref in parts]
        for i in range(REFERENCE_READS + 3):
            t0 = time.perf_counter()
            rows = union_all(statements, per_statement=len(statements))
            t1 = time.perf_counter()
            missing = references._missing(parts, len(parts))
            t2 = time.perf_counter()
            assert not [row for row in rows if row[2]] and missing == {}, (rows, missing)
            if i >= 3:  # warmed up
                joined.append(t1 - t0)
                keyed.append(t2 - t1)
    return joined, keyed


def run() -> list[tuple[str, str]]:
    from core.accounts.models import User
    from modules.catalogue.services import import_sample
    from tenants.database_servers import register, unregister
    from tenants.services.placement import prepare_server
    from tenants.services.template import ensure_template

    url = _shard_url()
    if "EGOV_BENCH_SHARD_URL" not in os.environ:
        started = subprocess.run(["sh", str(SCRIPT), "shard1", "5433"], capture_output=True, text=True)
        if started.returncode != 0:  # not root, no postgresql-common: said, not failed
            return [("not measured: no second PostgreSQL cluster", started.stderr.strip()[:200])]
    name = urlsplit(url).path.lstrip("/")
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    register(ALIAS, url)
    try:
        t0 = time.perf_counter()
        ensure_template()
        prepare_server(ALIAS)
        prepared = time.perf_counter() - t0
        import_sample()
        User.objects.bulk_create([User(username=f"bench-person-{i:05}", first_name=f"Người {i}", last_name="Trần",
                                       password="!") for i in range(PEOPLE)])
        people = [User.objects.create_user(f"bench-clerk-{i:02}", first_name=f"Cán bộ {i}", last_name="Lê")
                  for i in range(20)]
        main, main_token = _office("99961", "default", people)
        other, other_token = _office("99962", ALIAS, people)
        times = _requests([(main, main_token), (other, other_token)])
        pages = _pages([(main, main_token), (other, other_token)], people[0])
        main_page, main_whole = _joins(main)
        other_page, other_whole = _joins(other)
        refs_joined, refs_keyed = _references(other)
        User.objects.bulk_create([User(username=f"bench-more-{i:05}", first_name=f"Người {i}", last_name="Phạm",
                                       password="!") for i in range(MORE_PEOPLE)])
        more_main, _ = _joins(main)
        more_other, _ = _joins(other)
        more_refs_joined, more_refs_keyed = _references(other)
        more_times = _requests([(main, main_token), (other, other_token)], n=REQUESTS // 4)
        more_pages = _pages([(main, main_token), (other, other_token)], people[0])
    finally:
        connections.close_all()
        unregister(ALIAS)
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    people_count = PEOPLE + len(people)
    return [
        ("second server prepared (foreign tables, template copied, spares) (s)", f"{prepared:.1f}"),
        (f"GraphQL list of {PAGE} dossiers + assignee, unit on the platform's server: p50 / p95 (ms)",
         f"{_ms(times[main.code], 50)} / {_ms(times[main.code], 95)}"),
        (f"same list, unit on the second server: p50 / p95 (ms, {REQUESTS} requests each, interleaved)",
         f"{_ms(times[other.code], 50)} / {_ms(times[other.code], 95)}"),
        (f"ORM page of {PAGE} dossiers joined to their assignee ({people_count:,} people), platform's server: "
         "p50 / p95 (ms)", f"{_ms(main_page, 50)} / {_ms(main_page, 95)}"),
        ("same page on the second server, people through the foreign table: p50 / p95 (ms)",
         f"{_ms(other_page, 50)} / {_ms(other_page, 95)}"),
        (f"join of all {DOSSIERS} dossiers to people, platform's server: p50 (ms)", _ms(main_whole, 50)),
        ("same join on the second server through the foreign table: p50 (ms)", _ms(other_whole, 50)),
        (f"ORM page of {PAGE} + assignee with {people_count + MORE_PEOPLE:,} people, platform's server / second "
         "server: p50 (ms)", f"{_ms(more_main, 50)} / {_ms(more_other, 50)}"),
        (f"GraphQL list with {people_count + MORE_PEOPLE:,} people, platform's server / second server: p95 (ms)",
         f"{_ms(more_times[main.code], 95)} / {_ms(more_times[other.code], 95)}"),
    ] + [
        (f"workspace {page} page ({count:,} people), platform's server / second server: p50 / p95 (ms, {PAGES} each)",
         f"{_ms(found[page][main.code], 50)} / {_ms(found[page][main.code], 95)} ; "
         f"{_ms(found[page][other.code], 50)} / {_ms(found[page][other.code], 95)}")
        for count, found in ((people_count, pages), (people_count + MORE_PEOPLE, more_pages)) for page in found
    ] + [
        (f"egov check-references' read of the unit on the second server ({count:,} people): join through the foreign "
         f"tables / keys compared on the platform's connection: p50 (ms, {REFERENCE_READS} each)",
         f"{_ms(joined, 50)} / {_ms(keyed, 50)}")
        for count, joined, keyed in ((people_count, refs_joined, refs_keyed),
                                     (people_count + MORE_PEOPLE, more_refs_joined, more_refs_keyed))
    ] + [
        (f"workspace {page} page ({count:,} people): second server / platform's server, median of the paired "
         "requests' ratios (steadier than the times on a loaded machine)", _paired(found[page][other.code],
                                                                                    found[page][main.code]))
        for count, found in ((people_count, pages), (people_count + MORE_PEOPLE, more_pages)) for page in found
    ]
