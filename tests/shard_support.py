"""A second database server for the scale-out suites: a database of its own on a second PostgreSQL cluster (Debian's
pg_createcluster, scripts/start-shard-cluster.sh), registered as server `shard1` and prepared like
`egov servers prepare shard1`; units placed on it or on the platform's server. docs/ict/scale-out.md.

    from committed import _remove_leftover, transactional_db_committed  # noqa: F401 - the committed-data fixture
    from shard_support import SHARD, place_unit, shard_server  # noqa: F401 - fixtures `place`, `shard`

    def test_something(place):
        unit = place("91501", server=SHARD)      # recorded, provisioned there, committed
"""

import io
import json
import subprocess
from pathlib import Path

import psycopg2
import pytest
from committed import _remove_leftover
from django.core.management import call_command
from django.db import connections
from socket_relay import UnixSocketRelay

from tenants.database_servers import register, unregister
from tenants.models import Unit
from tenants.services.placement import prepare_server
from tenants.services.provisioning import provision_unit
from tenants.services.units import UnitRecord, record_units

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "start-shard-cluster.sh"
SHARD, PORT = "shard1", 5433


def shard_url() -> str:
    """postgres:// URL of server `shard1`'s database (the test database's name with _shard1)."""
    return f"postgres://postgres@127.0.0.1:{PORT}/{connections['default'].settings_dict['NAME']}_shard1"


@pytest.fixture(name="shard", scope="module")
def shard_server(django_db_setup, django_db_blocker):
    """Server `shard1`: a database of its own on the second cluster, prepared like `egov servers prepare shard1`."""
    started = subprocess.run(["sh", str(SCRIPT), SHARD, str(PORT)], capture_output=True, text=True)
    if started.returncode != 0:
        pytest.fail(f"no second PostgreSQL cluster: {started.stderr.strip()} (run: sh scripts/start-shard-cluster.sh)")
    name = shard_url().rsplit("/", 1)[1]
    admin = psycopg2.connect(host="127.0.0.1", port=PORT, user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    register(SHARD, shard_url())
    platform_url, relay = _platform_address_for_shard()
    try:
        with django_db_blocker.unblock():
            prepare_server(SHARD, platform_url)
        yield SHARD
    finally:
        unregister(SHARD)
        if relay:
            relay.close()
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _platform_address_for_shard() -> tuple[str | None, UnixSocketRelay | None]:
    """The platform's database as the second cluster reaches it: its own settings (None) when it has a TCP address;
    on the embedded server (a unix socket only) a loopback port relayed to that socket."""
    config = connections["default"].settings_dict
    options = config.get("OPTIONS") or {}
    host = config.get("HOST") or options.get("host") or ""
    if not host.startswith("/"):
        return None, None
    relay = UnixSocketRelay(f"{host}/.s.PGSQL.{config.get('PORT') or options.get('port') or 5432}")
    return f"postgres://{config.get('USER') or 'postgres'}@127.0.0.1:{relay.port}/{config['NAME']}", relay


@pytest.fixture(name="place")
def place_unit(shard, transactional_db):
    """make(code, server=None) -> a commune recorded and provisioned (on `server`, or the least loaded), committed."""
    def make(code: str, server: str | None = None, kind: str = "commune", parent: str = "") -> Unit:
        _remove_leftover(code)
        record_units([UnitRecord(code, f"Xã {code}", kind, parent)])
        unit = Unit.objects.get(code=code)
        provision_unit(unit, server=server)
        unit.refresh_from_db()
        return unit

    return make


def schema_on(alias: str, schema: str) -> bool:
    """Whether server `alias` holds the schema."""
    with connections[alias].cursor() as cur:
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cur.fetchone() is not None


def foreign_tables_on(alias: str) -> set[str]:
    """The platform's tables as server `alias` holds them: the foreign tables in its public schema."""
    with connections[alias].cursor() as cur:
        cur.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relkind = 'f'")
        return {row[0] for row in cur.fetchall()}


def check_references(*args) -> dict:
    """`egov check-references --json` (exit status 1 while anything is left: another test's leftovers may be)."""
    out = io.StringIO()
    try:
        call_command("check_references", "--json", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        assert exit_.code == 1
    return json.loads(out.getvalue())
