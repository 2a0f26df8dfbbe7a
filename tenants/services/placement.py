"""Where units' schemas live: the registry (Unit.database), the server a new unit goes to, and preparing a server.

A server other than the platform's holds units' schemas, its own template and spare schemas, and in its `public`
schema foreign tables (postgres_fdw) over the platform's tables: a unit's query that joins its rows to the platform's
(a dossier's assignee, a role's permissions) runs there unchanged and reads the platform's rows as committed.
The platform's rows are read and written on the platform's own connection (tenants.routers); docs/ict/scale-out.md.
"""

import logging

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Count

from tenants.database_servers import DEFAULT, unit_servers
from tenants.models import Unit, UnitStatus
from tenants.services.schema_clone import _PLACEHOLDER
from tenants.services.unit_context import on_server

log = logging.getLogger(__name__)

FOREIGN_SERVER = "egov_platform"
# Per-schema state that must not come from the platform: each unit schema has its own migrations table.
NOT_IMPORTED = ("django_migrations",)
# Units that occupy a server (a failed or requested unit has no schema yet).
_PLACED = [UnitStatus.PROVISIONING, UnitStatus.READY, UnitStatus.SUSPENDED, UnitStatus.ARCHIVED, UnitStatus.MOVING]


class UnknownServer(LookupError):
    pass


class PlatformUnreachable(ValueError):
    """The platform's database is known here by a unix socket only (the embedded server): another server cannot
    reach it by that address; give the address it can (`egov servers prepare ALIAS --platform-url URL`)."""


def check_server(alias: str) -> str:
    if alias not in unit_servers():
        raise UnknownServer(alias)
    return alias


def units_per_server() -> dict[str, int]:
    counts = dict.fromkeys(unit_servers(), 0)
    for alias, n in (Unit.objects.filter(status__in=_PLACED).values_list("database")
                     .annotate(n=Count("pk")).order_by()):
        counts[alias] = counts.get(alias, 0) + n
    return counts


def least_loaded() -> str:
    """The server with the fewest units (the platform's first when even): where a new unit is provisioned."""
    if len(unit_servers()) == 1:
        return DEFAULT
    counts = units_per_server()
    return min(unit_servers(), key=lambda alias: counts[alias])


def _platform_address(url: str | None) -> dict:
    if url:
        import dj_database_url

        config = dj_database_url.parse(url)
    else:
        config = connections[DEFAULT].settings_dict
        socket_dir = config.get("HOST") or (config.get("OPTIONS") or {}).get("host") or ""
        if socket_dir.startswith("/"):
            raise PlatformUnreachable(socket_dir)
    return {"host": config.get("HOST") or "localhost", "port": str(config.get("PORT") or 5432),
            "dbname": config["NAME"], "user": config.get("USER") or "", "password": config.get("PASSWORD") or ""}


def prepare_server(alias: str, platform_url: str | None = None) -> None:
    """Make server `alias` ready for units (run again after each upgrade: `egov migrate` does): the foreign server
    pointing at the platform's database (`platform_url`, default the platform's own settings: give the address the
    database server reaches it at), the platform's tables imported, the template migrated, spares made."""
    check_server(alias)
    if alias == DEFAULT:
        return
    address = _platform_address(platform_url)  # before anything is made on that server
    with on_server(alias), connection.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS postgres_fdw")
        cur.execute("SELECT 1 FROM pg_foreign_server WHERE srvname = %s", [FOREIGN_SERVER])
        verb = "ALTER" if cur.fetchone() else "CREATE"
        options = ", ".join(f"{'SET ' if verb == 'ALTER' else ''}{key} %s" for key in ("host", "port", "dbname"))
        cur.execute(f"{verb} SERVER {FOREIGN_SERVER} {'FOREIGN DATA WRAPPER postgres_fdw ' if verb == 'CREATE' else ''}"
                    f"OPTIONS ({options})", [address["host"], address["port"], address["dbname"]])
        cur.execute(f"DROP USER MAPPING IF EXISTS FOR CURRENT_USER SERVER {FOREIGN_SERVER}")
        mapping = {key: address[key] for key in ("user", "password") if address[key]}
        if mapping:
            cur.execute(f"CREATE USER MAPPING FOR CURRENT_USER SERVER {FOREIGN_SERVER} OPTIONS ("
                        + ", ".join(f"{key} %s" for key in mapping) + ")", list(mapping.values()))
        else:
            cur.execute(f"CREATE USER MAPPING FOR CURRENT_USER SERVER {FOREIGN_SERVER}")
    keep_current(alias)


def keep_current(alias: str) -> bool:
    """After an upgrade (`egov migrate`): the platform's tables imported again, the server's template migrated under
    its lock (one template per server, one clone at a time per server), stale spares replaced. True when the
    template had to change."""
    from tenants.services.spares import drop_stale_spares, make_spares

    refresh_platform_tables(alias)
    changed = copy_template(alias)
    with on_server(alias):
        connection.set_schema_to_public()
        drop_stale_spares()
        make_spares()
    return changed


def copy_template(alias: str) -> bool:
    """The server's template made a copy of the platform's, once that is current: its structure by the clone
    script, its rows by COPY, the platform's functions in public beside it. Copied rather than migrated there: old
    migrations of units' apps add foreign keys into the platform's tables (removed by later ones), which cannot point
    at foreign tables. Under the server's template lock. True when it had to change."""
    from tenants.services.schema_clone import clone_script
    from tenants.services.schema_copy import public_functions, read_schema
    from tenants.services.template import ensure_template, lock_template, template_fingerprint
    from tenants.services.unit_restore import _fill_schema

    template = settings.EGOV_TEMPLATE_SCHEMA
    with on_server(DEFAULT):
        ensure_template()
        with transaction.atomic():
            lock_template()
            fingerprint = template_fingerprint()
            script, functions = clone_script(template, fingerprint), public_functions()
            manifest, members = read_schema(template)
    with on_server(alias), transaction.atomic(), connection.cursor() as cur:
        lock_template()
        if template_fingerprint() == fingerprint:
            return False
        cur.execute(f'DROP SCHEMA IF EXISTS "{template}" CASCADE')
        for function in functions:
            cur.execute(function)
        cur.execute(_without_keys_to_platform(script).replace(_PLACEHOLDER, template))
        _fill_schema(template, manifest, members)
    return True


def _without_keys_to_platform(script: str) -> str:
    """The clone script less any foreign key from a unit's table to the platform's: it cannot point across servers
    (`egov citus-check` lists such keys; the house rule is db_constraint=False, the services keeping references
    whole)."""
    kept = []
    for line in script.split("\n"):
        if " FOREIGN KEY " in line and f"REFERENCES \"{_PLACEHOLDER}\"." not in line:
            log.warning("foreign key to the platform's tables left out on another server: %s", line)
            continue
        kept.append(line)
    return "\n".join(kept)


def refresh_platform_tables(alias: str) -> int:
    """Import the platform's tables again as foreign tables in the server's `public` (after a migration of the
    platform's schema added or changed tables). Returns how many there are."""
    with on_server(alias), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relkind = 'f'")
        for (table,) in cur.fetchall():
            cur.execute(f"DROP FOREIGN TABLE public.{connection.ops.quote_name(table)}")
        cur.execute(f"IMPORT FOREIGN SCHEMA public EXCEPT ({', '.join(NOT_IMPORTED)}) "
                    f"FROM SERVER {FOREIGN_SERVER} INTO public")
        cur.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relkind = 'f'")
        return cur.fetchone()[0]
